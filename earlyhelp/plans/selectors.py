"""Reading the family's plan: its current version, history, the comparison of two versions, what the
assessment found (to pre-fill a new plan), and when the next review is due. Callers have already
fetched the episode through its door (``casework.selectors.episode_get_for``)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from earlyhelp.accounts.models import Agency, Role, User
from earlyhelp.domain.timescales import add_months, format_date
from earlyhelp.plans.models import Plan, PlanAction, PlanReview

DUE_SOON_DAYS = 14
SECTIONS = (
    ("worried_about", "What we are worried about"),
    ("going_well", "What is going well"),
    ("needs_to_happen", "What needs to happen"),
    ("family_words", "In the family's own words"),
)


def review_months() -> int:
    return int(getattr(settings, "EARLYHELP_PLAN_REVIEW_MONTHS", 3))


# --- The plan and its versions ------------------------------------------------------------------


def current_plan(episode) -> Plan | None:
    return (
        Plan.objects.filter(episode=episode, is_current=True)
        .select_related("written_by")
        .prefetch_related("actions__owner_person", "actions__owner_user", "actions__owner_agency", "actions__need")
        .first()
    )


def plan_versions(episode) -> QuerySet[Plan]:
    return Plan.objects.filter(episode=episode).select_related("written_by").order_by("-version")


def plan_version(episode, version: int) -> Plan | None:
    return (
        Plan.objects.filter(episode=episode, version=version)
        .prefetch_related("actions__owner_person", "actions__owner_user", "actions__owner_agency", "actions__need")
        .first()
    )


def first_agreed_on(episode) -> date | None:
    """When the family first agreed a plan in this episode (the first review is due from then)."""
    first = Plan.objects.filter(episode=episode, agreed_on__isnull=False).order_by("agreed_on").first()
    return first.agreed_on if first else None


def plan_reviews(episode) -> QuerySet[PlanReview]:
    return PlanReview.objects.filter(episode=episode).select_related("reviewed_by", "plan").order_by("-reviewed_on", "-id")


# --- What the assessment found, for a new plan --------------------------------------------------


def assessment_for_plan(episode):
    """The episode's latest assessment (the one the plan is written after), or None."""
    try:
        from earlyhelp.assessments import selectors as assessment_selectors

        finder = assessment_selectors.latest_assessment
    except (ImportError, AttributeError):
        finder = None
    if finder is not None:
        return finder(episode)
    from earlyhelp.assessments.models import Assessment

    return Assessment.objects.filter(episode=episode).order_by("-started_on", "-id").first()


def assessment_is_authorised(episode) -> bool:
    from earlyhelp.assessments.models import AssessmentStatus

    assessment = assessment_for_plan(episode)
    return assessment is not None and assessment.status == AssessmentStatus.AUTHORISED


def unmet_needs(episode) -> list:
    assessment = assessment_for_plan(episode)
    if assessment is None:
        return []
    return list(assessment.needs.filter(unmet=True).select_related("person").order_by("id"))


def plan_prefill(episode) -> dict[str, str]:
    """'What we are worried about' from the assessment's unmet needs and 'what is going well' from its
    strengths, so nothing the family already said is typed again."""
    assessment = assessment_for_plan(episode)
    if assessment is None:
        return {}
    worries = []
    for need in unmet_needs(episode):
        who = f" ({need.person.full_name})" if need.person_id else ""
        worries.append(f"- {need.description.strip()}{who}")
    strengths = [assessment.strengths.strip()] if assessment.strengths.strip() else []
    for member in assessment.members.select_related("person").order_by("id"):
        if member.strengths.strip():
            strengths.append(f"- {member.person.full_name}: {member.strengths.strip()}")
    words = assessment.family_view.strip()
    return {"worried_about": "\n".join(worries), "going_well": "\n".join(strengths), "family_words": words}


# --- Who can own an action ----------------------------------------------------------------------


def owner_choices(episode) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for an action's owner: the family (current household members), practitioners
    (the lead, the team, anyone invited to the family's meetings) and agencies."""
    members = episode.household.memberships.filter(left_on__isnull=True).select_related("person")
    family = [(f"person:{m.person_id}", f"{m.person.full_name} ({m.get_role_display().lower()})") for m in members]
    reach = Q(pk=episode.lead_practitioner_id) if episode.lead_practitioner_id else Q(pk__in=[])
    if episode.team_id:
        reach |= Q(team_id=episode.team_id, role__in=[Role.LEAD_PRACTITIONER, Role.TEAM_MANAGER])
    from earlyhelp.meetings.models import MeetingAttendee

    invited = MeetingAttendee.objects.filter(meeting__episode=episode, user__isnull=False).values("user_id")
    reach |= Q(pk__in=invited)
    users = User.objects.filter(reach, is_active=True).order_by("last_name", "first_name")
    practitioners = [(f"user:{u.pk}", u.display_name + (f", {u.job_title}" if u.job_title else "")) for u in users]
    agencies = [(f"agency:{a.pk}", a.label) for a in Agency.objects.active().order_by("label")]
    return [
        ("", [("", "Choose who will do it")]),
        ("The family", family),
        ("Practitioners", practitioners),
        ("Agencies", agencies),
    ]


def owner_key(action) -> str:
    if action.owner_person_id:
        return f"person:{action.owner_person_id}"
    if action.owner_user_id:
        return f"user:{action.owner_user_id}"
    if action.owner_agency_id:
        return f"agency:{action.owner_agency_id}"
    return ""


# --- Showing and comparing versions -------------------------------------------------------------


@dataclass
class ActionView:
    what: str
    owner: str
    due_on: date | None
    status: str
    need: str = ""

    def line(self) -> str:
        due = f" by {format_date(self.due_on)}" if self.due_on else ""
        need = f" [for: {self.need}]" if self.need else ""
        return f"{self.what} — {self.owner}{due} ({self.status}){need}"


@dataclass
class PlanView:
    """A plan's content in one shape, whether saved (a version) or only typed (an attempt)."""

    label: str
    sections: list[tuple[str, str]] = field(default_factory=list)
    actions: list[ActionView] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = []
        for title, text in self.sections:
            lines.append(f"## {title}")
            lines += [line for line in text.splitlines() if line.strip()] or ["(nothing written)"]
        lines.append("## Who does what by when")
        lines += [f"* {a.line()}" for a in self.actions] or ["(no actions)"]
        return lines


def action_view(action: PlanAction) -> ActionView:
    return ActionView(
        what=action.what, owner=action.owner_name, due_on=action.due_on, status=action.get_status_display(),
        need=str(action.need) if action.need_id else "",
    )


def plan_view(plan: Plan, label: str = "") -> PlanView:
    written = f"Version {plan.version}, saved by {plan.written_by.display_name} on {format_date(timezone.localtime(plan.created_at).date())}"
    return PlanView(
        label=label or written,
        sections=[(title, getattr(plan, name)) for name, title in SECTIONS],
        actions=[action_view(a) for a in plan.actions.all()],
    )


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed", "heading"
    text: str


def plan_diff(older: PlanView, newer: PlanView) -> list[DiffLine]:
    """What changed between two versions, line by line (headings kept for orientation)."""
    result = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=older.lines(), b=newer.lines(), autojunk=False).get_opcodes():
        if tag == "equal":
            result += [DiffLine("heading" if t.startswith("## ") else "same", t.removeprefix("## ")) for t in older.lines()[i1:i2]]
            continue
        result += [DiffLine("removed", t) for t in older.lines()[i1:i2]]
        result += [DiffLine("added", t) for t in newer.lines()[j1:j2]]
    return result


# --- Reviews: when the next is due --------------------------------------------------------------


@dataclass(frozen=True)
class ReviewStatus:
    """When the plan must next be reviewed. ``next_due`` is None until a plan is agreed."""

    next_due: date | None
    overdue: bool
    due_soon: bool = False
    last_reviewed_on: date | None = None

    @property
    def text(self) -> str:
        if self.next_due is None:
            return "No review due until the plan is agreed"
        if self.overdue:
            return f"Review overdue: it was due on {format_date(self.next_due)}"
        return f"Review due by {format_date(self.next_due)}"

    @property
    def tag(self) -> tuple[str, str] | None:
        """(text, GOV.UK tag colour) for the review, or None."""
        if self.next_due is None:
            return None
        if self.overdue:
            return ("Review overdue", "red")
        if self.due_soon:
            return ("Review due soon", "yellow")
        return ("Review due", "blue")


def review_status(episode, *, today: date | None = None) -> ReviewStatus:
    """The next review date and whether it has passed: from the latest review if there is one, otherwise
    ``EARLYHELP_PLAN_REVIEW_MONTHS`` after the plan was first agreed. Due on the date itself is not overdue."""
    today = today or timezone.localdate()
    last = PlanReview.objects.filter(episode=episode).order_by("-reviewed_on", "-id").first()
    if last is not None:
        next_due = last.next_review_due_on or add_months(last.reviewed_on, review_months())
    else:
        agreed = first_agreed_on(episode)
        if agreed is None:
            return ReviewStatus(next_due=None, overdue=False)
        next_due = add_months(agreed, review_months())
    return ReviewStatus(
        next_due=next_due, overdue=today > next_due, due_soon=0 <= (next_due - today).days <= DUE_SOON_DAYS,
        last_reviewed_on=last.reviewed_on if last else None,
    )
