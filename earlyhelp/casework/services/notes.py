"""Case notes: what happened with the family or one member, in the practitioner's words.

Notes are append-only. Nobody edits a note, so nobody can overwrite a colleague's note or lose one to
a clash: a mistake is put right with a correction, a new note that points at the one it corrects,
and both stay on the record (``CaseNote.corrects``). A form sent twice (a double-click, a resend
after a time-out) records one note: the form carries an idempotency key.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create
from earlyhelp.casework.models import CaseNote, Episode, NoteKind
from earlyhelp.core.errors import ApplicationError

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
MAX_NOTE_CHARACTERS = 20_000


def check_idempotency_key(key: str | None) -> None:
    if key is not None and not IDEMPOTENCY_KEY.match(key):
        raise ApplicationError("This form could not be sent. Check your answers and send it again.")


def note_add(
    *, episode: Episode, actor, kind: str, occurred_at: datetime, text: str, person=None, corrects: CaseNote | None = None,
    idempotency_key: str | None = None, request=None,
) -> CaseNote:
    """A practitioner records a note about the family (or one member), or a correction to an earlier note."""
    if not has_capability(actor, Capability.WORK_CASES):
        raise ApplicationError("Only practitioners working with the family can add notes")
    check_idempotency_key(idempotency_key)
    if idempotency_key:
        existing = CaseNote.objects.filter(idempotency_key=idempotency_key, episode=episode, author=actor).first()
        if existing is not None:
            return existing
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Enter the note", field="text")
    if len(text) > MAX_NOTE_CHARACTERS:
        raise ApplicationError(f"The note must be {MAX_NOTE_CHARACTERS:,} characters or fewer", field="text")
    if kind not in NoteKind.values:
        raise ApplicationError("Select what kind of note this is", field="kind")
    if occurred_at is None:
        raise ApplicationError("Enter when it happened", field="occurred_at")
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ApplicationError("When it happened must be today or in the past", field="occurred_at")
    if occurred_at.date() < episode.opened_on - timedelta(days=366):
        raise ApplicationError("When it happened must be within a year before the episode opened", field="occurred_at")
    if person is not None and not episode.members.filter(person=person).exists():
        raise ApplicationError("Choose a member of this family, or the whole family", field="person")
    if corrects is not None and corrects.episode_id != episode.pk:
        raise ApplicationError("The note to correct is not on this episode")
    try:
        with transaction.atomic():
            note = CaseNote.objects.create(
                episode=episode, person=person, author=actor, occurred_at=occurred_at, kind=kind, text=text,
                corrects=corrects, idempotency_key=idempotency_key or None,
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the first one was recorded.
        existing = CaseNote.objects.filter(idempotency_key=idempotency_key, episode=episode, author=actor).first()
        if existing is None:
            raise ApplicationError("This form has already been used. Start a new note.") from None
        return existing
    record_create(actor=actor, instance=note, request=request)
    return note
