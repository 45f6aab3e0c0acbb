"""Notes (append-only, with corrections), documents (kinds checked from the bytes, size limit), extensions."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent
from earlyhelp.casework import selectors
from earlyhelp.casework.models import CaseEvent, CaseNote, Document, Extension
from earlyhelp.casework.services.documents import document_add, sniff
from earlyhelp.casework.services.extensions import extension_add
from earlyhelp.casework.services.notes import note_add
from earlyhelp.core.errors import ApplicationError
from earlyhelp.core.testing import make_allocated_episode, make_person, sign_in_client

pytestmark = pytest.mark.django_db

KEY = "a" * 24


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def episode(pod):
    return make_allocated_episode(lead_practitioner=pod.practitioner)


def _member(episode):
    return episode.members.first().person if episode.members.exists() else None


# --- Notes ----------------------------------------------------------------------------------------


def test_a_note_is_recorded_and_audited_and_a_resend_records_it_once(pod, episode):
    when = timezone.now() - timedelta(hours=2)
    first = note_add(episode=episode, actor=pod.practitioner, kind="visit", occurred_at=when, text="Saw the family",
                     idempotency_key=KEY)
    again = note_add(episode=episode, actor=pod.practitioner, kind="visit", occurred_at=when, text="Saw the family",
                     idempotency_key=KEY)
    assert first.pk == again.pk
    assert CaseNote.objects.filter(episode=episode).count() == 1
    assert AuditEvent.objects.filter(object_type="casework.casenote", action="create").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [({"text": "  "}, "text"), ({"kind": "gossip"}, "kind"), ({"occurred_at": "future"}, "occurred_at"),
     ({"person": "stranger"}, "person")],
)
def test_a_note_is_refused_with_the_field_it_is_about(pod, episode, change, field):
    values = {"kind": "note", "occurred_at": timezone.now(), "text": "Phoned mum"}
    values.update(change)
    if values["occurred_at"] == "future":
        values["occurred_at"] = timezone.now() + timedelta(days=1)
    if values.get("person") == "stranger":
        values["person"] = make_person()
    with pytest.raises(ApplicationError) as refused:
        note_add(episode=episode, actor=pod.practitioner, **values)
    assert refused.value.field == field
    assert not CaseNote.objects.exists()


def test_a_correction_points_at_the_note_and_leaves_it_unchanged(pod, episode):
    note = note_add(episode=episode, actor=pod.practitioner, kind="call", occurred_at=timezone.now(), text="Mum said 3pm")
    correction = note_add(episode=episode, actor=pod.practitioner, kind="call", occurred_at=timezone.now(),
                          text="Mum said 4pm, not 3pm", corrects=note)
    note.refresh_from_db()
    assert note.text == "Mum said 3pm"
    assert list(note.corrections.all()) == [correction]


def test_the_front_door_cannot_add_notes(pod, episode):
    from earlyhelp.accounts.models import Role
    from earlyhelp.core.testing import make_user

    with pytest.raises(ApplicationError):
        note_add(episode=episode, actor=make_user(Role.FRONT_DOOR), kind="note", occurred_at=timezone.now(), text="x")


def test_the_note_page_records_a_note_and_shows_hostile_text_escaped(client, pod, episode):
    sign_in_client(client, pod.practitioner)
    today = timezone.localdate()
    url = reverse("casework:note_add", kwargs={"episode_pk": episode.pk})
    response = client.post(url, {
        "kind": "visit", "occurred_on_day": today.day, "occurred_on_month": today.month, "occurred_on_year": today.year,
        "occurred_time": "", "person": "", "text": "<script>alert(1)</script>", "idempotency_key": KEY,
    })
    assert response.status_code == 302
    page = client.get(reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk})).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_the_note_page_keeps_what_was_typed_when_the_date_is_wrong(client, pod, episode):
    sign_in_client(client, pod.practitioner)
    url = reverse("casework:note_add", kwargs={"episode_pk": episode.pk})
    response = client.post(url, {"kind": "visit", "occurred_on_day": "31", "occurred_on_month": "2",
                                 "occurred_on_year": "2026", "text": "Long careful note", "idempotency_key": KEY})
    body = response.content.decode()
    assert response.status_code == 200
    assert "must be a real date" in body
    assert "Long careful note" in body
    assert not CaseNote.objects.exists()


# --- Documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"%PDF-1.7\n...", "pdf"), (b"\x89PNG\r\n\x1a\n....", "png"), (b"\xff\xd8\xff\xe0....", "jpeg"),
     (None, "docx"), ("Plain words, café".encode(), "txt"), (b"MZ\x90\x00\x03", None), (b"PK\x03\x04junk", None),
     (b"\xff\xfe\x00\x00", None)],
)
def test_sniff_reads_the_kind_from_the_bytes(content, kind):
    assert sniff(_docx() if content is None else content) == kind


def test_a_document_is_stored_under_a_random_name_audited_and_in_the_chronology(pod, episode):
    upload = SimpleUploadedFile("consent.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    document = document_add(episode=episode, actor=pod.practitioner, doc_type="consent_form", title="Signed consent",
                            upload=upload, idempotency_key=KEY)
    assert document.content_type == "application/pdf"
    assert document.size_bytes == 15
    assert "consent" not in document.file.name
    assert document.file.name.endswith(".pdf")
    assert CaseEvent.objects.filter(episode=episode, kind="document_added").exists()
    again = document_add(episode=episode, actor=pod.practitioner, doc_type="consent_form", title="Signed consent",
                         upload=upload, idempotency_key=KEY)
    assert again.pk == document.pk


def test_a_file_pretending_to_be_a_pdf_is_refused(pod, episode):
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    with pytest.raises(ApplicationError) as refused:
        document_add(episode=episode, actor=pod.practitioner, doc_type="report", title="Report", upload=upload)
    assert refused.value.field == "file"
    assert "must be a PDF" in refused.value.message
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(pod, episode, settings):
    settings.EARLYHELP_DOCUMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.txt", b"x" * 1025, content_type="text/plain")
    with pytest.raises(ApplicationError) as refused:
        document_add(episode=episode, actor=pod.practitioner, doc_type="other", title="Big", upload=upload)
    assert refused.value.field == "file"
    assert "smaller than 1 KB" in refused.value.message
    exactly = SimpleUploadedFile("ok.txt", b"x" * 1024, content_type="text/plain")
    assert document_add(episode=episode, actor=pod.practitioner, doc_type="other", title="Ok", upload=exactly)


def test_the_upload_page_shows_the_refusal_next_to_the_file_and_keeps_the_title(client, pod, episode, settings):
    settings.EARLYHELP_DOCUMENT_MAX_BYTES = 10
    sign_in_client(client, pod.practitioner)
    url = reverse("casework:document_add", kwargs={"episode_pk": episode.pk})
    response = client.post(url, {"doc_type": "letter", "title": "School letter", "idempotency_key": KEY,
                                 "file": SimpleUploadedFile("letter.txt", b"far too long a letter")})
    body = response.content.decode()
    assert 'id="id_file-error"' in body
    assert "smaller than" in body
    assert 'value="School letter"' in body


def test_downloading_goes_through_the_episode_door_and_is_audited(client, pod, episode):
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    document = document_add(episode=episode, actor=pod.practitioner, doc_type="other", title="Notes", upload=upload)
    sign_in_client(client, pod.practitioner)
    url = reverse("casework:document_download", kwargs={"episode_pk": episode.pk, "document_pk": document.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(object_type="casework.document", action="view").count() == 1
    other = make_allocated_episode(lead_practitioner=pod.school_worker)
    wrong_door = reverse("casework:document_download", kwargs={"episode_pk": other.pk, "document_pk": document.pk})
    assert client.get(wrong_door).status_code == 404


# --- Extensions -----------------------------------------------------------------------------------


def test_an_extension_moves_the_target_end_and_is_in_the_chronology(pod, episode):
    before = selectors.episode_duration(episode).target_end
    extension_add(episode=episode, actor=pod.practitioner, extra_weeks=4, reason="Eviction notice", idempotency_key=KEY)
    extension_add(episode=episode, actor=pod.practitioner, extra_weeks=4, reason="Eviction notice", idempotency_key=KEY)
    assert Extension.objects.filter(episode=episode).count() == 1
    assert selectors.episode_duration(episode).target_end == before + timedelta(weeks=4)
    assert CaseEvent.objects.filter(episode=episode, kind="episode_extended", summary__contains="Eviction").exists()


@pytest.mark.parametrize(("weeks", "reason", "field"), [(0, "x", "extra_weeks"), (53, "x", "extra_weeks"),
                                                        (None, "x", "extra_weeks"), (2, " ", "reason")])
def test_an_extension_needs_weeks_and_a_reason(pod, episode, weeks, reason, field):
    with pytest.raises(ApplicationError) as refused:
        extension_add(episode=episode, actor=pod.practitioner, extra_weeks=weeks, reason=reason)
    assert refused.value.field == field


def test_a_closed_episode_cannot_be_extended(pod, episode):
    type(episode).objects.filter(pk=episode.pk).update(status="closed", closed_on=timezone.localdate())
    episode.refresh_from_db()
    with pytest.raises(ApplicationError, match="cannot be extended"):
        extension_add(episode=episode, actor=pod.practitioner, extra_weeks=2, reason="x")


def test_the_extension_page_records_and_shows_on_the_episode(client, pod, episode):
    sign_in_client(client, pod.manager)
    url = reverse("casework:extension_add", kwargs={"episode_pk": episode.pk})
    bad = client.post(url, {"extra_weeks": "two", "reason": "", "idempotency_key": KEY})
    assert "whole number" in bad.content.decode()
    assert "Enter why" in bad.content.decode()
    ok = client.post(url, {"extra_weeks": "2", "reason": "Crisis remains", "idempotency_key": KEY})
    assert ok.status_code == 302
    page = client.get(reverse("casework:episode_detail", kwargs={"episode_pk": episode.pk})).content.decode()
    assert "Crisis remains" in page
    assert "2 weeks extension" in page
