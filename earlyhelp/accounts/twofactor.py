"""Second-factor sign-in with a time-based one-time password: set up an authenticator app once, then
enter its six-digit code after the password."""

from __future__ import annotations

import io
from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 digits, like 123456")
        return code


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a code, setting up the authenticator app first if the user has none confirmed yet."""
    user = request.user
    if user.is_verified() or user.role not in settings.EARLYHELP_TWO_FACTOR_ROLES:
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", "Too many wrong codes in a row. Wait a minute, then enter the code the app shows")
        elif device.verify_token(form.cleaned_data["code"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(actor=user, action=AuditAction.UPDATE, instance=user, changes={"two_factor": "set up"}, request=request)
            otp_login(request, device)
            if setting_up:
                messages.success(request, "Your authenticator app is set up")
            return redirect(_next_url(request))
        else:
            form.add_error("code", "That code is not right or has expired. Enter the code the app shows now")
    context = {"form": form, "setting_up": setting_up, "next": _next_url(request)}
    if setting_up:
        buffer = io.BytesIO()
        write_qrcode_image(device.config_url, buffer)
        context["qr_svg"] = buffer.getvalue().decode().split("?>", 1)[-1]
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)
