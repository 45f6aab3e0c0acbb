"""Extensions: keeping an episode open beyond its target (12-16 weeks) because a crisis remains.

Each extension adds whole weeks with a recorded reason; the target end date is the date the episode
opened plus its target weeks plus every extension. One transaction writes the extension, the
chronology entry and the audit entry; a form sent twice records one extension (idempotency key).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create
from earlyhelp.casework.models import Episode, Extension
from earlyhelp.casework.services.lifecycle import chronology_add
from earlyhelp.casework.services.notes import check_idempotency_key
from earlyhelp.core.errors import ApplicationError

MAX_EXTRA_WEEKS = 52


def extension_add(
    *, episode: Episode, actor, extra_weeks: int | None, reason: str, idempotency_key: str | None = None, request=None,
) -> Extension:
    """The lead practitioner or manager extends an open episode by whole weeks, with the reason."""
    if not has_capability(actor, Capability.WORK_CASES):
        raise ApplicationError("Only practitioners working with the family can extend an episode")
    check_idempotency_key(idempotency_key)
    if idempotency_key:
        existing = Extension.objects.filter(idempotency_key=idempotency_key, episode=episode).first()
        if existing is not None:
            return existing
    if not episode.is_open:
        raise ApplicationError(f"An episode that is “{episode.status_enum.label}” cannot be extended")
    if extra_weeks is None:
        raise ApplicationError("Enter how many weeks to extend by", field="extra_weeks")
    if not 1 <= extra_weeks <= MAX_EXTRA_WEEKS:
        raise ApplicationError(f"Extend by between 1 and {MAX_EXTRA_WEEKS} weeks", field="extra_weeks")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter why the episode needs longer", field="reason")
    try:
        with transaction.atomic():
            extension = Extension.objects.create(
                episode=episode, extra_weeks=extra_weeks, reason=reason, agreed_by=actor,
                idempotency_key=idempotency_key or None,
            )
    except IntegrityError:
        existing = Extension.objects.filter(idempotency_key=idempotency_key, episode=episode).first()
        if existing is None:
            raise ApplicationError("This form has already been used. Start again.") from None
        return existing
    record_create(actor=actor, instance=extension, request=request)
    weeks = f"{extra_weeks} week{'s' if extra_weeks != 1 else ''}"
    chronology_add(
        episode=episode, kind="episode_extended", actor=actor, summary=f"Extended by {weeks}: {reason}",
        data={"extension": extension.pk, "extra_weeks": extra_weeks},
    )
    return extension
