"""Documents kept on an episode: a signed consent form, another agency's report, a letter.

Refused before anything is stored: a file larger than ``EARLYHELP_DOCUMENT_MAX_BYTES`` (10 MB by
default) and a file whose own bytes are not one of ``EARLYHELP_DOCUMENT_KINDS`` (PDF, PNG, JPEG, Word
DOCX, plain text): the name and the browser's content type are not trusted. Files are stored under a
random name and are only ever sent through the episode's door (``casework:document_download``),
which audits each download; nothing is served from the media folder.
"""

from __future__ import annotations

import io
import uuid
import zipfile

from django.conf import settings
from django.db import IntegrityError, transaction

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create
from earlyhelp.casework.models import Document, DocumentType, Episode
from earlyhelp.casework.services.lifecycle import chronology_add
from earlyhelp.casework.services.notes import check_idempotency_key
from earlyhelp.core.errors import ApplicationError

# kind -> (label for people, content type sent on download, file extension)
KINDS: dict[str, tuple[str, str, str]] = {
    "pdf": ("PDF", "application/pdf", "pdf"),
    "png": ("PNG image", "image/png", "png"),
    "jpeg": ("JPEG image", "image/jpeg", "jpg"),
    "docx": ("Word document (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "txt": ("plain text", "text/plain; charset=utf-8", "txt"),
}


def allowed_kinds() -> list[str]:
    return [k for k in settings.EARLYHELP_DOCUMENT_KINDS if k in KINDS]


def allowed_kinds_text() -> str:
    labels = [KINDS[k][0] for k in allowed_kinds()]
    return ", ".join(labels[:-1]) + (" or " if len(labels) > 1 else "") + labels[-1] if labels else "none"


def max_size_text() -> str:
    size = settings.EARLYHELP_DOCUMENT_MAX_BYTES
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} KB"


def sniff(content: bytes) -> str | None:
    """What a file really is, from its first bytes (and, for DOCX, its zip contents); None if none of ours."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        return "docx" if {"[Content_Types].xml", "word/document.xml"} <= names else None
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt"


def document_add(
    *, episode: Episode, actor, doc_type: str, title: str, upload, idempotency_key: str | None = None, request=None,
) -> Document:
    """A practitioner keeps a file on the episode, if it is an allowed kind and within the size limit."""
    if not has_capability(actor, Capability.WORK_CASES):
        raise ApplicationError("Only practitioners working with the family can add documents")
    check_idempotency_key(idempotency_key)
    if idempotency_key:
        existing = Document.objects.filter(idempotency_key=idempotency_key, episode=episode).first()
        if existing is not None:
            return existing
    if doc_type not in DocumentType.values:
        raise ApplicationError("Select the type of document", field="doc_type")
    title = (title or "").strip()
    if not title:
        raise ApplicationError("Enter a title for the document", field="title")
    if len(title) > 200:
        raise ApplicationError("The title must be 200 characters or fewer", field="title")
    if upload is None:
        raise ApplicationError("Select a file", field="file")
    if upload.size == 0:
        raise ApplicationError("The selected file is empty", field="file")
    if upload.size > settings.EARLYHELP_DOCUMENT_MAX_BYTES:
        raise ApplicationError(f"The selected file must be smaller than {max_size_text()}", field="file")
    upload.seek(0)
    content = upload.read()
    kind = sniff(content)
    if kind is None or kind not in allowed_kinds():
        raise ApplicationError(f"The selected file must be a {allowed_kinds_text()}", field="file")
    _label, content_type, extension = KINDS[kind]
    original_name = (getattr(upload, "name", "") or "")[:255]
    try:
        with transaction.atomic():
            document = Document(
                episode=episode, doc_type=doc_type, title=title, content_type=content_type, size_bytes=len(content),
                uploaded_by=actor, original_name=original_name, idempotency_key=idempotency_key or None,
            )
            upload.seek(0)
            document.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
            document.save()
    except IntegrityError:
        existing = Document.objects.filter(idempotency_key=idempotency_key, episode=episode).first()
        if existing is None:
            raise ApplicationError("This form has already been used. Start again.") from None
        return existing
    record_create(actor=actor, instance=document, request=request)
    chronology_add(
        episode=episode, kind="document_added", actor=actor,
        summary=f"Document added: {title} ({document.get_doc_type_display()})", data={"document": document.pk},
    )
    return document
