"""Named capabilities per role, separate from the record scope each role has (style.md convention 10)."""

from __future__ import annotations

from enum import StrEnum

from earlyhelp.accounts.models import Role


class Capability(StrEnum):
    MAKE_REQUEST = "make_request"
    VIEW_OWN_REQUESTS = "view_own_requests"
    RECORD_CONTACT = "record_contact"
    TRIAGE = "triage"
    OVERSEE_DECISIONS = "oversee_decisions"
    FIND_PEOPLE = "find_people"
    MERGE_PEOPLE = "merge_people"  # find duplicate records, merge them and undo a merge
    VIEW_CASE_RECORDS = "view_case_records"
    ALLOCATE = "allocate"
    WORK_CASES = "work_cases"
    APPROVE_CLOSURE = "approve_closure"
    AUTHORISE_ASSESSMENT = "authorise_assessment"
    VIEW_FIGURES = "view_figures"
    VIEW_AUDIT = "view_audit"
    ADMINISTER = "administer"


class CaseloadScope(StrEnum):
    """Which case records a role can reach at all, before restriction by name."""

    NONE = "none"  # figures only, or configuration only
    OWN_REQUESTS = "own_requests"  # partners: what they asked for and the families whose TAF they sit in
    TEAM = "team"  # their team's episodes and those they work on
    ALL = "all"  # the front door must see everyone to check who is known


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PARTNER_REFERRER: frozenset({Capability.MAKE_REQUEST, Capability.VIEW_OWN_REQUESTS, Capability.VIEW_CASE_RECORDS}),
    Role.FRONT_DOOR: frozenset(
        {Capability.RECORD_CONTACT, Capability.TRIAGE, Capability.FIND_PEOPLE, Capability.VIEW_CASE_RECORDS,
         Capability.MERGE_PEOPLE}
    ),
    Role.LEAD_PRACTITIONER: frozenset({Capability.FIND_PEOPLE, Capability.VIEW_CASE_RECORDS, Capability.WORK_CASES}),
    Role.TEAM_MANAGER: frozenset(
        {
            Capability.FIND_PEOPLE,
            Capability.MERGE_PEOPLE,
            Capability.VIEW_CASE_RECORDS,
            Capability.WORK_CASES,
            Capability.ALLOCATE,
            Capability.APPROVE_CLOSURE,
            Capability.AUTHORISE_ASSESSMENT,
            Capability.OVERSEE_DECISIONS,
            Capability.VIEW_AUDIT,
            Capability.VIEW_FIGURES,
        }
    ),
    Role.PERFORMANCE_LEAD: frozenset({Capability.VIEW_FIGURES}),
    Role.ADMINISTRATOR: frozenset({Capability.ADMINISTER}),
}

ROLE_SCOPE: dict[str, CaseloadScope] = {
    Role.PARTNER_REFERRER: CaseloadScope.OWN_REQUESTS,
    Role.FRONT_DOOR: CaseloadScope.ALL,
    Role.LEAD_PRACTITIONER: CaseloadScope.TEAM,
    Role.TEAM_MANAGER: CaseloadScope.TEAM,
    Role.PERFORMANCE_LEAD: CaseloadScope.NONE,
    Role.ADMINISTRATOR: CaseloadScope.NONE,
}


def has_capability(user, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def scope_for(user) -> CaseloadScope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CaseloadScope.NONE
    return ROLE_SCOPE.get(user.role, CaseloadScope.NONE)
