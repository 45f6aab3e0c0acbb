"""Sign-in events go to the audit trail. (Django's auth signals are the only hook it offers.)"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(actor=user, action=AuditAction.SIGN_IN, instance=user, request=request)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action=AuditAction.SIGN_OUT, instance=user, request=request)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(
        actor=None,
        action=AuditAction.SIGN_IN_FAILED,
        changes={"username": username},
        object_type="accounts.user",
        object_repr=username,
        request=request,
    )
