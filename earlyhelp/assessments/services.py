"""Writing the Early Help Assessment: start, save as you type (no silent overwrites, no locks), needs,
send for authorisation, authorise or return. Every change is audited; significant ones go to the
family's chronology."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from earlyhelp.assessments import rules
from earlyhelp.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentMember,
    AssessmentNeed,
    AssessmentStatus,
)
from earlyhelp.assessments.permissions import EDITABLE_STATUSES, can_authorise, can_start, can_work
from earlyhelp.audit.models import AuditAction
from earlyhelp.audit.services import record, record_create, record_delete, record_update, snapshot
from earlyhelp.casework.services.lifecycle import chronology_add, episode_move
from earlyhelp.core.concurrency import EditConflict, save_if_unchanged
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain import codes
from earlyhelp.domain.episode_lifecycle import EpisodeFacts, EpisodeStatus
from earlyhelp.domain.timescales import england_and_wales_bank_holidays, format_date
from earlyhelp.people.models import HouseholdMember

# The text the practitioner writes, whole family and per member, saved as they type.
ASSESSMENT_TEXT_FIELDS: dict[str, str] = {
    "family_history": "Family history",
    "strengths": "What is going well: the family's strengths",
    "family_view": "The family's view",
    "child_voice": "The child's own words",
    "analysis": "Analysis: what the assessment found",
}
MEMBER_TEXT_FIELDS: dict[str, str] = {
    "strengths": "Strengths",
    "needs_summary": "Needs",
    "own_words": "In their own words",
}
MAX_TEXT = 50_000  # characters in one field: a long assessment, not a pasted file


def working_days_target() -> int:
    return int(getattr(settings, "EARLYHELP_ASSESSMENT_WORKING_DAYS", 35))


def member_field_name(member_pk: int, name: str) -> str:
    return f"member-{member_pk}-{name}"


def parse_member_field(page_name: str) -> tuple[int, str] | None:
    parts = page_name.split("-", 2)
    if len(parts) != 3 or parts[0] != "member" or not parts[1].isdigit() or parts[2] not in MEMBER_TEXT_FIELDS:
        return None
    return int(parts[1]), parts[2]


def page_values(assessment: Assessment) -> dict[str, str]:
    """Every field the page edits, by its name on the page, as stored now."""
    values = {name: getattr(assessment, name) or "" for name in ASSESSMENT_TEXT_FIELDS}
    for member in AssessmentMember.objects.filter(assessment=assessment):
        for name in MEMBER_TEXT_FIELDS:
            values[member_field_name(member.pk, name)] = getattr(member, name) or ""
    return values


def page_labels(assessment: Assessment) -> dict[str, str]:
    labels = dict(ASSESSMENT_TEXT_FIELDS)
    for member in AssessmentMember.objects.filter(assessment=assessment).select_related("person"):
        for name, label in MEMBER_TEXT_FIELDS.items():
            labels[member_field_name(member.pk, name)] = f"{member.person.full_name}: {label.lower()}"
    return labels


# --- Starting ----------------------------------------------------------------------------------


def _contact_decision(contact):
    from earlyhelp.referrals.models import TriageDecision

    return TriageDecision.objects.filter(contact=contact).first()


@transaction.atomic
def assessment_start(
    *, episode, actor, consent_confirmed: bool, consent_given_by=None, consent_given_by_name: str = "",
    no_consent_reason: str = "", request=None, today: date | None = None,
) -> Assessment:
    """The lead practitioner (or their manager) starts the family's Early Help Assessment, with consent.

    Members are the household's current members and the first needs are the front door's; a step-down
    brings social care's assessment as the family history, so the family does not tell its story again.
    """
    if not can_start(actor, episode):
        raise ApplicationError("Only the lead practitioner or their manager can start the assessment")
    no_consent_reason = (no_consent_reason or "").strip()
    consent_given_by_name = (consent_given_by_name or "").strip()
    if consent_confirmed and consent_given_by is None and not consent_given_by_name:
        raise ApplicationError("Select who in the family agreed to the assessment", field="consent_given_by")
    if not consent_confirmed and not no_consent_reason:
        raise ApplicationError(
            "Enter the reason for going ahead without the family's agreement", field="no_consent_reason"
        )
    if consent_confirmed and consent_given_by is not None and not HouseholdMember.objects.filter(
        household_id=episode.household_id, person=consent_given_by
    ).exists():
        raise ApplicationError("Select a member of this family", field="consent_given_by")
    today = today or timezone.localdate()
    episode_move(
        episode=episode, target=EpisodeStatus.ASSESSMENT, actor=actor, request=request,
        facts=EpisodeFacts(consent_recorded=consent_confirmed, no_consent_reason=no_consent_reason),
        summary="Early Help Assessment started",
    )
    step_down = getattr(episode, "step_down", None) if _has_step_down(episode) else None
    assessment = Assessment.objects.create(
        episode=episode,
        kind=AssessmentKind.EARLY_HELP,
        status=AssessmentStatus.IN_PROGRESS,
        started_on=today,
        due_on=rules.due_date(today, working_days_target(), england_and_wales_bank_holidays()),
        lead_agency=getattr(actor, "agency", None),
        consent_confirmed=consent_confirmed,
        consent_given_by=consent_given_by if consent_confirmed else None,
        consent_given_by_name=consent_given_by_name if consent_confirmed else "",
        consent_recorded_on=today,
        no_consent_reason="" if consent_confirmed else no_consent_reason,
        family_history=(step_down.social_care_assessment or step_down.social_care_summary) if step_down else "",
        started_by=actor,
        last_saved_by=actor,
    )
    record_create(actor=actor, instance=assessment, request=request)
    members = HouseholdMember.objects.filter(household_id=episode.household_id, left_on__isnull=True)
    for person_id in sorted({m.person_id for m in members}):
        AssessmentMember.objects.create(assessment=assessment, person_id=person_id)
    for need in _initial_needs_for(episode):
        AssessmentNeed.objects.create(assessment=assessment, **need)
    chronology_add(
        episode=episode, kind="assessment_started", actor=actor,
        summary=f"Early Help Assessment started, due {format_date(assessment.due_on)}"
        + ("" if consent_confirmed else " (without the family's agreement: reason recorded)"),
        data={"assessment_id": assessment.pk},
    )
    return assessment


def _has_step_down(episode) -> bool:
    from earlyhelp.casework.models import StepDown

    return StepDown.objects.filter(episode=episode).exists()


def _initial_needs_for(episode) -> list[dict[str, Any]]:
    contact = episode.contact
    if contact is None:
        return []
    details = {need.area: need.detail for need in contact.needs.all()}
    decision = _contact_decision(contact)
    flags = {need.area: (need.unmet, need.complex) for need in decision.needs.all()} if decision else {}
    labels = codes.labels(codes.SUPPORTING_FAMILIES_OUTCOMES)
    found = []
    for area in sorted({*details, *flags}, key=lambda code: int(code[2:])):
        unmet, complex_ = flags.get(area, (True, False))
        detail = (details.get(area) or "").strip()
        found.append({
            "sf_outcome": area,
            "description": detail or f"{labels.get(area, area)} (from the request for help)",
            "unmet": unmet,
            "complex": complex_,
        })
    return found


# --- Saving as the practitioner types ------------------------------------------------------------


@dataclass
class Conflict:
    """One field both people changed: what this person typed and what the colleague saved."""

    name: str
    label: str
    mine: str
    theirs: str

    @property
    def theirs_hash(self) -> str:
        return rules.value_hash(self.theirs)


@dataclass
class SaveResult:
    assessment: Assessment
    saved: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def version(self) -> int:
        return self.assessment.version

    def bases(self) -> dict[str, str]:
        """The fingerprint of every field as stored now, for the page to send back next time."""
        return {name: rules.value_hash(value) for name, value in page_values(self.assessment).items()}


def _check_editable(assessment: Assessment, actor) -> None:
    if not can_work(actor):
        raise ApplicationError("You cannot change this assessment")
    if assessment.status not in EDITABLE_STATUSES:
        raise ApplicationError(
            f"This assessment is {assessment.get_status_display().lower()}, so it cannot be changed"
        )


def _clean(values: dict[str, Any], members: dict[int, AssessmentMember]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        if name in ASSESSMENT_TEXT_FIELDS:
            pass
        else:
            parsed = parse_member_field(name)
            if parsed is None or parsed[0] not in members:
                continue  # not a field of this assessment: ignored, never a crash
        text = "" if value is None else str(value)
        if len(text) > MAX_TEXT:
            raise ApplicationError(f"Shorten this to {MAX_TEXT:,} characters or fewer", field=name)
        cleaned[name] = text.replace("\r\n", "\n").replace("\x00", "")
    return cleaned


@transaction.atomic
def assessment_save(
    *, assessment: Assessment, actor, version: int, values: dict[str, Any], bases: dict[str, str] | None = None,
    request=None,
) -> SaveResult:
    """Save what the practitioner typed, written over nobody's work.

    ``version`` is the one the page holds and ``bases`` the fingerprint of each field as the page loaded it.
    Fields only this person changed are saved even if a colleague saved other fields meanwhile; fields both
    changed come back as conflicts to be shown side by side. The row's version guards every write
    (``save_if_unchanged``), so two saves at the same moment cannot both win, and nothing is locked.
    One audit event per save lists the fields that changed, before and after.
    """
    bases = dict(bases or {})
    for _attempt in range(3):
        current = Assessment.objects.get(pk=assessment.pk)
        _check_editable(current, actor)
        members = {m.pk: m for m in AssessmentMember.objects.filter(assessment=current).select_related("person")}
        attempted = _clean(values, members)
        stored = page_values(current)
        plan = rules.plan_save(
            attempted=attempted, bases=bases, current=stored, stale=current.version != version
        )
        labels = page_labels(current)
        conflicts = [Conflict(n, labels.get(n, n), attempted[n], stored.get(n, "")) for n in plan.conflicts]
        if not plan.to_save:
            return SaveResult(assessment=current, conflicts=conflicts)
        own = {n: v for n, v in plan.to_save.items() if n in ASSESSMENT_TEXT_FIELDS}
        try:
            save_if_unchanged(current, expected_version=current.version, values={**own, "last_saved_by": actor})
        except EditConflict:
            continue  # someone saved between reading and writing: judge again against what they saved
        changes: dict[str, dict[str, str]] = {}
        for name, value in plan.to_save.items():
            changes[name] = {"before": stored.get(name, ""), "after": value}
            parsed = parse_member_field(name)
            if parsed is not None:
                member = members[parsed[0]]
                setattr(member, parsed[1], value)
                member.save(update_fields=[parsed[1]])
        record(actor=actor, action=AuditAction.UPDATE, instance=current, changes=changes, request=request)
        assessment.refresh_from_db()
        return SaveResult(assessment=current, saved=sorted(plan.to_save), conflicts=conflicts)
    raise ApplicationError("The assessment is being saved by someone else at this moment. Try again.")


# --- Needs ---------------------------------------------------------------------------------------


@transaction.atomic
def need_add(
    *, assessment: Assessment, actor, description: str, factor: str = "", sf_outcome: str = "", person=None,
    unmet: bool = True, complex: bool = False, idempotency_key: str | None = None, request=None,
) -> AssessmentNeed:
    """Record a need the assessment found, for one person or the whole family, coded for the returns."""
    if idempotency_key:
        existing = AssessmentNeed.objects.filter(idempotency_key=idempotency_key, assessment=assessment).first()
        if existing is not None:
            return existing
    _check_editable(Assessment.objects.get(pk=assessment.pk), actor)
    description = (description or "").strip()
    problems = []
    if not factor and not sf_outcome:
        problems.append(("sf_outcome", "Select a Supporting Families outcome area or a census assessment factor"))
    if factor and factor not in codes.code_values(codes.ASSESSMENT_FACTORS):
        problems.append(("factor", "Select a census assessment factor from the list"))
    if sf_outcome and sf_outcome not in codes.code_values(codes.SUPPORTING_FAMILIES_OUTCOMES):
        problems.append(("sf_outcome", "Select a Supporting Families outcome area from the list"))
    if not description:
        problems.append(("description", "Describe the need"))
    if person is not None and not AssessmentMember.objects.filter(assessment=assessment, person=person).exists():
        problems.append(("person", "Select a member of this family, or the whole family"))
    if problems:
        raise ApplicationError(problems[0][1], problems=[p for _, p in problems], field=problems[0][0])
    try:
        with transaction.atomic():
            need = AssessmentNeed.objects.create(
                assessment=assessment, person=person, factor=factor, sf_outcome=sf_outcome,
                description=description, unmet=unmet, complex=complex, idempotency_key=idempotency_key or None,
            )
    except IntegrityError:  # the same form sent twice at once: the first one recorded it
        return AssessmentNeed.objects.get(idempotency_key=idempotency_key)
    record_create(actor=actor, instance=need, request=request)
    return need


@transaction.atomic
def need_remove(*, need: AssessmentNeed, actor, request=None) -> None:
    """Take a need off the assessment (recorded by mistake); refused once a closure has judged it."""
    _check_editable(Assessment.objects.get(pk=need.assessment_id), actor)
    record_delete(actor=actor, instance=need, request=request)
    try:
        with transaction.atomic():
            need.delete()
    except ProtectedError as error:
        raise ApplicationError("This need has an outcome recorded at closure, so it cannot be removed") from error


# --- Authorisation -------------------------------------------------------------------------------


def _facts(assessment: Assessment) -> rules.SubmissionFacts:
    members = AssessmentMember.objects.filter(assessment=assessment).exclude(own_words="")
    return rules.SubmissionFacts(
        consent_confirmed=assessment.consent_confirmed,
        no_consent_reason=assessment.no_consent_reason,
        needs=assessment.needs.count(),
        family_view=assessment.family_view,
        child_voice=assessment.child_voice,
        members_own_words=sum(1 for m in members if m.own_words.strip()),
        analysis=assessment.analysis,
    )


def submission_problems(assessment: Assessment) -> list[str]:
    return rules.submission_problems(_facts(assessment))


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor, request=None, today: date | None = None) -> Assessment:
    """The practitioner sends the finished assessment to their manager for authorisation (once)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status == AssessmentStatus.SUBMITTED:
        raise ApplicationError("This assessment has already been sent for authorisation")
    _check_editable(locked, actor)
    problems = submission_problems(locked)
    if problems:
        raise ApplicationError("The assessment is not ready to send for authorisation", problems=problems)
    _change_status(
        assessment, locked, actor=actor, request=request, status=AssessmentStatus.SUBMITTED,
        kind="assessment_submitted", summary="Early Help Assessment sent to a manager for authorisation",
        audited=["submitted_on", "submitted_by_id", "returned_reason"],
        submitted_on=today or timezone.localdate(), submitted_by=actor,
    )
    return locked


def _change_status(
    assessment: Assessment, locked: Assessment, *, actor, request, status: str, kind: str, summary: str,
    audited: list[str], **values,
) -> None:
    """Move a locked assessment to ``status`` with ``values``: a new version, audited, in the chronology."""
    before = snapshot(locked, ["status", *audited, "version"])
    locked.status = status
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    record_update(actor=actor, instance=locked, before=before, request=request)
    chronology_add(episode=locked.episode, kind=kind, actor=actor, summary=summary, data={"assessment_id": locked.pk})
    assessment.refresh_from_db()


@transaction.atomic
def assessment_authorise(*, assessment: Assessment, actor, request=None, today: date | None = None) -> Assessment:
    """A manager signs off the assessment: the family's plan can start."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status == AssessmentStatus.AUTHORISED:
        raise ApplicationError("This assessment has already been authorised")
    if not can_authorise(actor, locked):
        if locked.status == AssessmentStatus.SUBMITTED and locked.submitted_by_id == getattr(actor, "pk", None):
            raise ApplicationError("Another manager must authorise an assessment you sent for authorisation")
        if locked.status != AssessmentStatus.SUBMITTED:
            raise ApplicationError("This assessment has not been sent for authorisation")
        raise ApplicationError("Only a team manager can authorise an assessment")
    _change_status(
        assessment, locked, actor=actor, request=request, status=AssessmentStatus.AUTHORISED,
        kind="assessment_authorised", summary="Early Help Assessment authorised by a manager",
        audited=["authorised_on", "authorised_by_id"], authorised_on=today or timezone.localdate(), authorised_by=actor,
    )
    return locked


@transaction.atomic
def assessment_return(*, assessment: Assessment, actor, reason: str, request=None) -> Assessment:
    """A manager sends the assessment back with the reason; the practitioner can change it again."""
    reason = (reason or "").strip()
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.SUBMITTED:
        raise ApplicationError("This assessment is not waiting for authorisation")
    if not can_authorise(actor, locked):
        raise ApplicationError("Only a team manager other than the sender can return an assessment")
    if not reason:
        raise ApplicationError("Enter what needs to change before you can authorise it", field="reason")
    _change_status(
        assessment, locked, actor=actor, request=request, status=AssessmentStatus.RETURNED,
        kind="assessment_returned", summary="Early Help Assessment returned for changes",
        audited=["returned_reason"], returned_reason=reason,
    )
    return locked


# --- Consent after the start ---------------------------------------------------------------------


def consent_fingerprint(assessment: Assessment) -> str:
    """The consent as the page showed it, to tell whether someone changed it since."""
    return rules.value_hash("|".join([
        str(assessment.consent_confirmed), str(assessment.consent_given_by_id or ""),
        assessment.consent_given_by_name, assessment.no_consent_reason,
    ]))


@transaction.atomic
def assessment_consent_change(
    *, assessment: Assessment, actor, consent_confirmed: bool, consent_given_by=None, consent_given_by_name: str = "",
    no_consent_reason: str = "", seen: str | None = None, request=None, today: date | None = None,
) -> Assessment:
    """The family's answer changed (they agreed after a safeguarding start, or they withdrew): record it.

    ``seen`` is the fingerprint of the consent the page showed; if a colleague changed it since, nothing
    is written and the person is told (no silent overwrite)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_editable(locked, actor)
    if seen is not None and seen != consent_fingerprint(locked):
        raise ApplicationError(
            "Someone else changed the consent while you were looking at it. Check what is recorded now, "
            "then change it again if you need to."
        )
    no_consent_reason = (no_consent_reason or "").strip()
    consent_given_by_name = (consent_given_by_name or "").strip()
    if consent_confirmed and consent_given_by is None and not consent_given_by_name:
        raise ApplicationError("Select who in the family agreed to the assessment", field="consent_given_by")
    if not consent_confirmed and not no_consent_reason:
        raise ApplicationError(
            "Enter the reason for going ahead without the family's agreement", field="no_consent_reason"
        )
    if consent_confirmed and consent_given_by is not None and not AssessmentMember.objects.filter(
        assessment=locked, person=consent_given_by
    ).exists():
        raise ApplicationError("Select a member of this family", field="consent_given_by")
    fields = ["consent_confirmed", "consent_given_by_id", "consent_given_by_name", "consent_recorded_on",
              "no_consent_reason", "version"]
    before = snapshot(locked, fields)
    locked.consent_confirmed = consent_confirmed
    locked.consent_given_by = consent_given_by if consent_confirmed else None
    locked.consent_given_by_name = consent_given_by_name if consent_confirmed else ""
    locked.no_consent_reason = "" if consent_confirmed else no_consent_reason
    locked.consent_recorded_on = today or timezone.localdate()
    locked.version += 1
    locked.save()
    record_update(actor=actor, instance=locked, before=before, request=request)
    chronology_add(
        episode=locked.episode, kind="assessment_consent_changed", actor=actor,
        summary="Consent to the assessment recorded: " + (
            "the family agreed" if consent_confirmed else "going ahead without the family's agreement"
        ),
        data={"assessment_id": locked.pk},
    )
    assessment.refresh_from_db()
    return locked
