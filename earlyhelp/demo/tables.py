"""The tables the generator fills, the columns it writes (in order) and a buffer of rows per table.

The generator writes plain tuples, in the column order below, with explicit primary keys, so the
same rows can go to Django's ``bulk_create`` (SQLite, small loads) or to PostgreSQL's ``COPY``.
Tables are listed parents first, which is also the order they are loaded and emptied in reverse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

_TS = ("created_at", "updated_at")

# short name: (app_label.Model, columns). Timestamped tables carry created_at and updated_at.
TABLE_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "locality": ("accounts.Locality", ("id", "code", "label", "order", "disabled_on")),
    "agency": (
        "accounts.Agency",
        ("id", "code", "label", "order", "disabled_on", "agency_type", "default_referral_source", "locality_id"),
    ),
    "team": ("accounts.Team", ("id", "code", "label", "order", "disabled_on", "kind", "locality_id", "manager_id")),
    "user": (
        "accounts.User",
        ("id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
         "is_active", "date_joined", "role", "team_id", "agency_id", "job_title", "phone"),
    ),
    "household": ("people.Household", ("id", *_TS, "name", "is_restricted")),
    "person": (
        "people.Person",
        ("id", *_TS, "la_id", "first_name", "middle_names", "last_name", "preferred_name", "date_of_birth",
         "expected_date_of_birth", "date_of_death", "sex", "gender_identity", "ethnicity", "nhs_number", "upn",
         "first_language", "is_restricted", "merged_into_id"),
    ),
    "alias": (
        "people.PersonAlias", ("id", *_TS, "person_id", "kind", "first_name", "last_name", "used_from", "used_to")
    ),
    "disability": ("people.PersonDisability", ("id", "person_id", "code")),
    "address": (
        "people.HouseholdAddress",
        ("id", *_TS, "household_id", "line_1", "line_2", "town", "postcode", "locality_id", "moved_in_on",
         "moved_out_on"),
    ),
    "member": ("people.HouseholdMember", ("id", *_TS, "household_id", "person_id", "role", "joined_on", "left_on")),
    "relationship": (
        "people.Relationship", ("id", *_TS, "from_person_id", "to_person_id", "kind", "started_on", "ended_on")
    ),
    "grant": (
        "people.AccessGrant", ("id", *_TS, "user_id", "person_id", "household_id", "reason", "granted_by_id")
    ),
    "contact": (
        "referrals.Contact",
        ("id", *_TS, "entry_point", "status", "received_at", "decision_due_at", "referral_source", "urgency",
         "referrer_user_id", "referrer_name", "referrer_role", "referrer_agency_id", "referrer_email",
         "referrer_phone", "household_id", "reasons", "what_family_wants", "free_text", "advice_given",
         "is_re_referral", "idempotency_key", "recorded_by_id"),
    ),
    "contact_person": (
        "referrals.ContactPerson",
        ("id", *_TS, "contact_id", "role", "first_name", "last_name", "date_of_birth", "sex", "address", "postcode",
         "nhs_number", "relationship_to_child", "person_id", "match_status", "match_score", "matched_by_id",
         "matched_at"),
    ),
    "contact_need": ("referrals.ContactNeed", ("id", "contact_id", "area", "detail")),
    "consent": (
        "referrals.Consent",
        ("id", *_TS, "contact_id", "household_id", "given_by_name", "given_by_person_id", "scope", "status",
         "recorded_on", "withdrawn_on", "proceed_without_consent", "reason_for_proceeding", "recorded_by_id"),
    ),
    "decision": (
        "referrals.TriageDecision",
        ("id", *_TS, "contact_id", "decided_by_id", "decided_at", "level_of_need_id", "outcome", "single_agency_id",
         "rationale", "recommended_outcome", "recommendation_reason", "override_reason", "statutory_concern",
         "needs_oversight",
         "oversight_by_id", "oversight_at", "oversight_agreed", "oversight_note"),
    ),
    "decision_need": (
        "referrals.DecisionNeed", ("id", "decision_id", "area", "unmet", "single_agency_can_meet", "complex")
    ),
    "episode": (
        "casework.Episode",
        ("id", *_TS, "household_id", "contact_id", "origin", "status", "opened_on", "team_id",
         "lead_practitioner_id", "allocated_on", "target_weeks", "closed_on", "previous_episode_id",
         "is_restricted", "version"),
    ),
    "episode_member": ("casework.EpisodeMember", ("id", "episode_id", "person_id", "is_subject")),
    "allocation": (
        "casework.Allocation",
        ("id", *_TS, "episode_id", "team_id", "lead_practitioner_id", "lead_agency_id", "allocated_by_id",
         "started_on", "ended_on", "reason"),
    ),
    "extension": ("casework.Extension", ("id", *_TS, "episode_id", "extra_weeks", "reason", "agreed_by_id")),
    "assessment": (
        "assessments.Assessment",
        ("id", *_TS, "episode_id", "kind", "status", "started_on", "due_on", "submitted_on", "authorised_by_id",
         "authorised_on", "lead_agency_id", "consent_confirmed", "family_history", "strengths", "family_view",
         "child_voice", "analysis", "version"),
    ),
    "assessment_member": (
        "assessments.AssessmentMember", ("id", "assessment_id", "person_id", "strengths", "needs_summary", "own_words")
    ),
    "assessment_need": (
        "assessments.AssessmentNeed",
        ("id", "assessment_id", "person_id", "factor", "sf_outcome", "description", "unmet", "complex"),
    ),
    "plan": (
        "plans.Plan",
        ("id", *_TS, "episode_id", "version", "is_current", "worried_about", "going_well", "needs_to_happen",
         "family_words", "written_by_id", "agreed_on", "review_due_on"),
    ),
    "meeting": (
        "meetings.Meeting",
        ("id", *_TS, "episode_id", "kind", "status", "scheduled_for", "location", "minutes", "decisions",
         "chaired_by_id", "version"),
    ),
    "attendee": (
        "meetings.MeetingAttendee", ("id", "meeting_id", "name", "person_id", "user_id", "agency_id", "attendance")
    ),
    "meeting_action": (
        "meetings.MeetingAction",
        ("id", "meeting_id", "what", "owner_name", "owner_person_id", "owner_agency_id", "due_on", "status"),
    ),
    "plan_action": (
        "plans.PlanAction",
        ("id", "plan_id", "what", "owner_name", "owner_person_id", "owner_agency_id", "due_on", "status", "need_id",
         "from_meeting_action_id"),
    ),
    "plan_review": (
        "plans.PlanReview",
        ("id", *_TS, "episode_id", "plan_id", "reviewed_on", "reviewed_by_id", "summary", "next_review_due_on"),
    ),
    "step_up": (
        "casework.StepUp",
        ("id", *_TS, "episode_id", "requested_by_id", "requested_on", "reasons", "assessment_id", "plan_id",
         "decision", "decided_on", "decided_by_name", "advice"),
    ),
    "involvement": (
        "socialcare.StatutoryInvolvement",
        ("id", *_TS, "person_id", "kind", "started_on", "ended_on", "referral_source", "primary_need",
         "closure_reason", "strategy_discussion_on", "icpc_required", "icpc_on", "cp_category", "from_step_up_id",
         "external_reference"),
    ),
    "step_down": (
        "casework.StepDown",
        ("id", *_TS, "episode_id", "statutory_involvement_id", "received_on", "social_worker_name",
         "social_care_summary", "social_care_assessment", "social_care_plan"),
    ),
    "closure": (
        "casework.Closure",
        ("id", *_TS, "episode_id", "reason", "reason_detail", "summary", "requested_by_id", "requested_on",
         "no_final_star_reason", "feedback_requested", "signed_off_by_id", "signed_off_on"),
    ),
    "closure_need": ("casework.ClosureNeedOutcome", ("id", "closure_id", "need_id", "outcome", "comment")),
    "note": (
        "casework.CaseNote", ("id", *_TS, "episode_id", "person_id", "author_id", "occurred_at", "kind", "text")
    ),
    "event": (
        "casework.CaseEvent",
        ("id", "occurred_at", "household_id", "episode_id", "person_id", "kind", "summary", "actor_id", "data"),
    ),
    "reading": (
        "outcomes.StarReading",
        ("id", *_TS, "episode_id", "template_id", "taken_on", "stage", "scored_by", "person_id", "family_disengaged",
         "recorded_by_id"),
    ),
    "score": ("outcomes.StarScore", ("id", "reading_id", "area_id", "score", "reason_for_fall")),
    "feedback_request": (
        "outcomes.FeedbackRequest",
        ("id", *_TS, "episode_id", "token_hash", "expires_at", "used_at", "stage", "requested_by_id"),
    ),
    "feedback": (
        "outcomes.FamilyFeedback",
        ("id", *_TS, "episode_id", "request_id", "completed_with_worker", "felt_listened_to", "things_better",
         "would_recommend", "what_helped", "what_could_be_better"),
    ),
}

ORGANISATION_TABLES = ("locality", "agency", "team", "user")
CASE_TABLES = tuple(name for name in TABLE_COLUMNS if name not in ORGANISATION_TABLES)


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    columns: tuple[str, ...]

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    def missing_defaults(self) -> tuple[tuple[str, object], ...]:
        """Columns the generator does not write, with the value to give them (the field's default).

        Lets the loaders keep working when someone adds a column with a default to a model.
        """
        extra = []
        for model_field in self.model._meta.concrete_fields:
            if model_field.attname in self.columns:
                continue
            if model_field.has_default():
                extra.append((model_field.attname, model_field.get_default()))
            elif model_field.null:
                extra.append((model_field.attname, None))
            elif model_field.blank and model_field.empty_strings_allowed:
                extra.append((model_field.attname, ""))  # an optional text field: empty, as Django's forms save it
            else:
                raise RuntimeError(f"The demo generator does not fill {self.db_table}.{model_field.column}")
        return tuple(extra)


def tables() -> list[Table]:
    """Every table the generator writes, parents first."""
    return [
        Table(name=name, model=apps.get_model(label), columns=columns)
        for name, (label, columns) in TABLE_COLUMNS.items()
    ]


@dataclass
class Ids:
    """Explicit primary keys, one counter per table, so rows can point at each other before loading."""

    next_ids: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLE_COLUMNS, 1))

    def take(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value


class Rows:
    """Rows waiting to be loaded, per table, in column order."""

    def __init__(self) -> None:
        self.by_table: dict[str, list[tuple]] = {name: [] for name in TABLE_COLUMNS}

    def __getattr__(self, name: str) -> list[tuple]:
        try:
            return self.__dict__["by_table"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def count(self) -> int:
        return sum(len(rows) for rows in self.by_table.values())

    def clear(self) -> None:
        for rows in self.by_table.values():
            rows.clear()
