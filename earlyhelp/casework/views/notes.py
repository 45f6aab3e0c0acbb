"""Adding to the episode's record: notes (and corrections), documents, extensions; downloading a document.

Every page goes through the episode's door; changes need the WORK_CASES capability
(``episode_get_for_work``). A form sent twice records once (idempotency key)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.audit.services import record_view
from earlyhelp.casework import selectors
from earlyhelp.casework.models import CaseNote
from earlyhelp.casework.services import documents as document_services
from earlyhelp.casework.services import extensions as extension_services
from earlyhelp.casework.services import notes as note_services
from earlyhelp.casework.views._helpers import key_from
from earlyhelp.casework.views.forms import DocumentForm, ExtensionForm, NoteForm, new_idempotency_key
from earlyhelp.core.errors import ApplicationError
from earlyhelp.frontend.forms import show_refusal


def _episode_url(episode, anchor: str = "") -> str:
    return reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk}) + (f"#{anchor}" if anchor else "")


def _corrected_note(episode, value) -> CaseNote | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    note = CaseNote.objects.filter(episode=episode, pk=pk).select_related("author", "person").first()
    if note is None:
        raise Http404("No note found")
    return note


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Add a note about the family or one member, or a correction to an earlier note."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    members = list(episode.members.select_related("person").order_by("-is_subject", "person__date_of_birth"))
    if request.method == "POST":
        form = NoteForm(request.POST, members=members)
        corrects = _corrected_note(episode, request.POST.get("corrects"))
        if form.is_valid():
            try:
                note_services.note_add(
                    episode=episode, actor=request.user, kind=form.cleaned_data["kind"],
                    occurred_at=form.occurred_at(), text=form.cleaned_data["text"], person=form.chosen_person(),
                    corrects=corrects, idempotency_key=key_from(form), request=request,
                )
            except ApplicationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "Correction added" if corrects else "Note added")
                return redirect(_episode_url(episode, "notes"))
    else:
        corrects = _corrected_note(episode, request.GET.get("corrects"))
        initial = {"idempotency_key": new_idempotency_key(), "kind": "note"}
        if corrects is not None:
            initial.update(corrects=corrects.pk, kind=corrects.kind, person=str(corrects.person_id or ""),
                           text=corrects.text)
        form = NoteForm(initial=initial, members=members)
    return render(request, "casework/note_form.html", {"episode": episode, "form": form, "corrects": corrects})


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Add a document to the episode (type, title and a file within the size and kind limits)."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document_services.document_add(
                    episode=episode, actor=request.user, doc_type=form.cleaned_data["doc_type"],
                    title=form.cleaned_data["title"], upload=form.cleaned_data.get("file"),
                    idempotency_key=key_from(form), request=request,
                )
            except ApplicationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "Document added")
                return redirect(_episode_url(episode, "documents"))
    else:
        form = DocumentForm(initial={"idempotency_key": new_idempotency_key()})
    return render(request, "casework/document_form.html", {"episode": episode, "form": form})


@require_GET
def document_download(request: HttpRequest, episode_pk: int, document_pk: int) -> HttpResponse:
    """Send a document, through the episode's door; each download is audited."""
    episode = selectors.episode_get_for(request.user, episode_pk, request=request, audit=False)
    document = selectors.document_get_for(episode, document_pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing") from None
    record_view(actor=request.user, instance=document, request=request)
    name = document.original_name or document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=document.content_type)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def extension_add(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Extend an open episode beyond its target because a crisis remains, with the reason."""
    episode = selectors.episode_get_for_work(request.user, episode_pk, request=request)
    found = selectors.episode_duration(episode)
    if request.method == "POST":
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                extension = extension_services.extension_add(
                    episode=episode, actor=request.user, extra_weeks=form.cleaned_data["extra_weeks"],
                    reason=form.cleaned_data["reason"], idempotency_key=key_from(form), request=request,
                )
            except ApplicationError as error:
                show_refusal(form, error)
            else:
                weeks = extension.extra_weeks
                messages.success(request, f"Episode extended by {weeks} week{'s' if weeks != 1 else ''}")
                return redirect(_episode_url(episode))
    else:
        form = ExtensionForm(initial={"idempotency_key": new_idempotency_key()})
    return render(request, "casework/extension_form.html", {"episode": episode, "form": form, "duration": found})
