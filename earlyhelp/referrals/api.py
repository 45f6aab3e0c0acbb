"""The front door's REST API: contacts sent from a partner's own system, and what became of them.

A thin second interface over the same services and selectors as the pages:

- ``POST /api/v1/contacts`` sends a request for help through ``services.contact_submit`` (entry
  point ``api``). It needs an ``Idempotency-Key`` header: sending again with the same key returns
  the first contact (200, nothing new recorded); a key another user has used is refused (409).
- ``GET /api/v1/contacts/{id}`` goes through ``selectors.contact_get_for``, the one door to a
  contact: a partner sees their own request as a ``PartnerRequest`` (its status, and the outcome
  with its date once final), the front door the whole contact; anyone else, and anything missing,
  the same 404. Each view is audited by the door.
- ``GET /api/v1/contacts`` lists a partner's own requests, or the front door's queue, a page at a time.

A refusal is a 422 whose ``problems`` pair each plain-English sentence with the field it is about
(dotted paths such as ``children.0.date_of_birth``, the same paths as ``services.FieldProblems``).
The request body is parsed here rather than by django-ninja so that every problem, including a
body that is not JSON or is too large, is answered in that form and never as a server error.
"""

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.http import Http404
from ninja import Field, Router, Schema, Status
from pydantic import ValidationError, field_validator

from earlyhelp.accounts.models import Agency
from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain import codes
from earlyhelp.domain.triage import URGENCIES
from earlyhelp.referrals import selectors, services
from earlyhelp.referrals.models import ConsentScope, ConsentStatus, Contact, ContactStatus, EntryPoint

router = Router(tags=["contacts"])

MAX_PEOPLE = 10
LARGEST_ID = 2**31 - 1
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

Sex = Literal["M", "F", "U"]
Urgency = Literal[tuple(code for code, _ in URGENCIES)]  # type: ignore[valid-type]
NeedCode = Literal[tuple(code for code, _ in codes.SUPPORTING_FAMILIES_OUTCOMES)]  # type: ignore[valid-type]
ReferralSource = Literal[tuple(code for code, _ in codes.REFERRAL_SOURCES)]  # type: ignore[valid-type]
ConsentStatusCode = Literal[tuple(ConsentStatus.values)]  # type: ignore[valid-type]
QueueStatus = Literal[tuple(code for code, _ in selectors.QUEUE_STATUSES)]  # type: ignore[valid-type]


def _a_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; nothing else (not a number, not a time) is taken for one."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not DATE.match(value):
        raise ValueError("must be a real date written like 2016-04-12")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a real date written like 2016-04-12") from None
    if parsed.year < 1900:
        raise ValueError("must be after 1900")
    return parsed


# --- What a caller sends --------------------------------------------------------------------------


class ChildIn(Schema):
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    date_of_birth: date | None = Field(None, description="YYYY-MM-DD; today or in the past")
    sex: Sex = Field("U", description="M, F or U (not known)")
    nhs_number: str = Field("", max_length=10, description="10 digits, if known")
    address: str = Field("", max_length=250)
    postcode: str = Field("", max_length=10)

    _dob = field_validator("date_of_birth", mode="before")(_a_date)

    @field_validator("nhs_number", mode="before")
    @classmethod
    def _digits_only(cls, value: Any) -> Any:
        return re.sub(r"[\s-]", "", value) if isinstance(value, str) else value


class AdultIn(Schema):
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    relationship_to_child: str = Field("", max_length=60, description="For example, mother or grandfather")
    date_of_birth: date | None = Field(None, description="YYYY-MM-DD, if known")
    sex: Sex = "U"
    address: str = Field("", max_length=250)
    postcode: str = Field("", max_length=10)

    _dob = field_validator("date_of_birth", mode="before")(_a_date)


class ConsentIn(Schema):
    status: ConsentStatusCode = Field(description="given, refused or not_sought")
    given_by_name: str = Field("", max_length=150, description="Who agreed (needed when given)")
    given_on: date | None = Field(None, description="When they agreed, YYYY-MM-DD (today if not given)")
    information_sharing: bool = Field(False, description="They also agreed to agencies sharing information")
    reason_for_proceeding: str = Field(
        "", max_length=5000, description="Why the request should go ahead without agreement (needed unless given)"
    )

    _given_on = field_validator("given_on", mode="before")(_a_date)


class ReferrerIn(Schema):
    name: str = Field("", max_length=150)
    role: str = Field("", max_length=150)
    agency: str | None = Field(None, max_length=40, description="The organisation's code (front door only)")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


class ContactIn(Schema):
    """A request for help: the children (and adults) it is about, why, the family's needs and consent."""

    children: list[ChildIn] = Field(default_factory=list, max_length=MAX_PEOPLE)
    adults: list[AdultIn] = Field(default_factory=list, max_length=MAX_PEOPLE)
    reasons: str = Field("", max_length=10000, description="What the referrer is worried about")
    needs: list[NeedCode] = Field(default_factory=list, max_length=20, description="Supporting Families outcome codes")
    what_family_wants: str = Field("", max_length=5000)
    consent: ConsentIn | None = None
    urgency: Urgency = "routine"
    referral_source: ReferralSource | None = Field(
        None, description="Children in Need census code; worked out from the referrer's agency when left out"
    )
    referrer: ReferrerIn | None = Field(None, description="A partner is the referrer; the front door names one")


# --- What it answers ------------------------------------------------------------------------------


class Problem(Schema):
    field: str
    message: str


class ProblemsOut(Schema):
    message: str
    problems: list[Problem]


class NotFoundOut(Schema):
    detail: str


class ContactCreatedOut(Schema):
    id: int
    reference: str
    status: str
    received_at: datetime
    decision_due_at: datetime | None


class PartnerRequestOut(Schema):
    """A request as its partner sees it: never the front door's reasoning or who the children turned out to be."""

    view: Literal["partner"] = "partner"
    id: int
    reference: str
    status: str
    status_label: str
    children: list[str]
    sent_at: datetime | None
    decision_due_at: datetime | None
    outcome: str | None
    decided_on: datetime | None


class NamedPersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: str
    nhs_number: str
    address: str
    postcode: str
    relationship_to_child: str
    match_status: str
    person_la_id: str | None


class NeedOut(Schema):
    code: str
    label: str
    detail: str


class ConsentOut(Schema):
    scope: str
    status: str
    given_by_name: str
    recorded_on: date
    proceed_without_consent: bool
    reason_for_proceeding: str


class ReferrerOut(Schema):
    name: str
    role: str
    agency: str | None
    email: str
    phone: str


class DecisionOut(Schema):
    outcome: str
    outcome_label: str
    level: int | None
    decided_at: datetime
    rationale: str
    needs_oversight: bool
    oversight_agreed: bool | None


class ContactOut(Schema):
    """A contact as the front door sees it."""

    view: Literal["front_door"] = "front_door"
    id: int
    reference: str
    status: str
    status_label: str
    entry_point: str
    received_at: datetime
    decision_due_at: datetime | None
    urgency: str
    referral_source: str
    referral_source_label: str
    referrer: ReferrerOut
    reasons: str
    what_family_wants: str
    is_re_referral: bool
    children: list[NamedPersonOut]
    adults: list[NamedPersonOut]
    needs: list[NeedOut]
    consents: list[ConsentOut]
    decision: DecisionOut | None


class QueueItemOut(Schema):
    view: Literal["front_door"] = "front_door"
    id: int
    reference: str
    status: str
    status_label: str
    entry_point: str
    urgency: str
    referral_source: str
    received_at: datetime
    decision_due_at: datetime | None
    children: list[str]
    overdue: bool
    due_today: bool


ContactView = Annotated[ContactOut | PartnerRequestOut, Field(discriminator="view")]
ListItem = Annotated[QueueItemOut | PartnerRequestOut, Field(discriminator="view")]


class ContactPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[ListItem]


# --- Problems in plain English --------------------------------------------------------------------

FIELD_LABELS = {
    "reasons": "what you are worried about",
    "referrer": "referrer",
    "what_family_wants": "what the family wants",
    "nhs_number": "NHS number",
    "date_of_birth": "date of birth",
    "relationship_to_child": "relationship to the children",
    "given_by_name": "name of the person who agreed",
    "given_on": "date they agreed",
    "reason_for_proceeding": "reason for going ahead without agreement",
    "status": "consent status",
    "information_sharing": "agreement to share information",
}
OWNERS = {"children": "child", "adults": "adult", "needs": "need"}
UNREADABLE = "Remove the unreadable character from this answer"


def _describe(loc: tuple) -> str:
    """A field's path in words: ("children", 0, "first_name") -> "first name of child 1"."""
    words, owner = "", ""
    parts = list(loc)
    for index, part in enumerate(parts):
        if isinstance(part, int) and index > 0 and parts[index - 1] in OWNERS:
            owner = f"{OWNERS[parts[index - 1]]} {part + 1}"
            words = ""
        elif isinstance(part, str):
            words = FIELD_LABELS.get(part, part.replace("_", " "))
    if owner and words:
        return f"{words} of {owner}"
    return owner or words or "request"


def _sentence(error: dict) -> str:
    what = _describe(tuple(part for part in error["loc"] if part != "body"))
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        text = f"Enter the {what}"
    elif kind == "string_too_long":
        text = f"{what} must be {ctx.get('max_length')} characters or fewer"
    elif kind == "too_long":
        text = f"Send no more than {ctx.get('max_length')} {what}"
    elif kind == "literal_error":
        text = f"{what} must be one of {ctx.get('expected')}"
    elif kind == "value_error":
        text = f"{what} {ctx.get('error')}"
    elif kind == "string_unicode":
        text = UNREADABLE
    elif kind == "string_type":
        text = f"{what} must be text"
    elif kind == "list_type":
        text = f"{what} must be a list"
    elif kind in ("bool_type", "bool_parsing"):
        text = f"{what} must be true or false"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        text = f"{what} must be an object with named fields"
    else:
        text = f"{what} is not in the form expected"
    return text[0].upper() + text[1:]


def _field(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def _problems(status: int, problems: list[tuple[str, str]], message: str = "There is a problem with this request"):
    return Status(status, ProblemsOut(message=message, problems=[Problem(field=f, message=m) for f, m in problems]))


def _unreadable(value: Any, path: tuple = ()) -> Iterator[str]:
    """Fields holding a character no database can store: a NUL, or half of a surrogate pair."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            yield _field(path)
            return
        if "\x00" in value:
            yield _field(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unreadable(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unreadable(item, (*path, index))


def _referrer(payload: ContactIn, problems: list[tuple[str, str]]) -> services.Referrer | None:
    given = payload.referrer
    if given is None:
        return None
    agency = None
    if given.agency:
        agency = Agency.objects.active().filter(code=given.agency).first()
        if agency is None:
            problems.append(("referrer.agency", "There is no organisation with that code"))
    if given.email:
        try:
            validate_email(given.email)
        except DjangoValidationError:
            problems.append(("referrer.email", "Enter an email address in the correct format, like name@example.com"))
    return services.Referrer(name=given.name, role=given.role, agency=agency, email=given.email, phone=given.phone)


def _person(given: ChildIn | AdultIn) -> services.NamedPerson:
    return services.NamedPerson(
        first_name=given.first_name,
        last_name=given.last_name,
        date_of_birth=given.date_of_birth,
        sex=given.sex,
        address=given.address,
        postcode=given.postcode,
        nhs_number=getattr(given, "nhs_number", ""),
        relationship_to_child=getattr(given, "relationship_to_child", ""),
    )


def _consent(given: ConsentIn | None) -> services.ConsentRecord | None:
    if given is None:
        return None
    scopes = [ConsentScope.REFERRAL]
    if given.status == ConsentStatus.GIVEN and given.information_sharing:
        scopes.append(ConsentScope.INFORMATION_SHARING)
    return services.ConsentRecord(
        status=given.status,
        given_by_name=given.given_by_name,
        given_on=given.given_on,
        scopes=tuple(scopes),
        reason_for_proceeding=given.reason_for_proceeding,
    )


def _may_send(user) -> bool:
    return has_capability(user, Capability.MAKE_REQUEST) or has_capability(user, Capability.RECORD_CONTACT)


def _may_read(user) -> bool:
    return has_capability(user, Capability.VIEW_OWN_REQUESTS) or has_capability(user, Capability.TRIAGE)


def _inline(schema: dict) -> dict:
    """The JSON schema with its definitions written in place, to describe a body parsed here."""
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(dict(definitions[node["$ref"].rsplit("/", 1)[-1]]))
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


CREATE_OPENAPI = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": True,
            "description": "A key made once per request (16 to 100 letters, digits, - or _). "
            "Sending again with the same key returns the first contact and records nothing new.",
            "schema": {"type": "string", "pattern": services.IDEMPOTENCY_KEY.pattern},
        }
    ],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inline(ContactIn.model_json_schema())}},
    },
}


# --- Operations -----------------------------------------------------------------------------------


@router.post(
    "",
    response={200: ContactCreatedOut, 201: ContactCreatedOut, 400: ProblemsOut, 404: NotFoundOut, 409: ProblemsOut,
              413: ProblemsOut, 422: ProblemsOut},
    summary="Send a request for help",
    description="201 with the new contact; 200 with the first contact when the Idempotency-Key was sent before.",
    openapi_extra=CREATE_OPENAPI,
    url_name="contact_create",
)
def contact_create(request):
    user = request.user
    if not _may_send(user):
        raise Http404("No contact found")
    key = request.headers.get("Idempotency-Key", "")
    if not services.IDEMPOTENCY_KEY.match(key):
        return _problems(422, [("Idempotency-Key", "Send an Idempotency-Key header of 16 to 100 letters, digits, - or _")])
    try:
        body = request.body
    except RequestDataTooBig:
        return _problems(413, [("", "The request is too large: send less than 2.5 MB")], "The request is too large")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return _problems(400, [("", "The request body must be JSON")], "The request could not be read")
    if not isinstance(data, dict):
        return _problems(422, [("", "The request body must be a JSON object")])
    try:
        payload = ContactIn.model_validate(data)
    except ValidationError as error:
        return _problems(422, [(_field(e["loc"]), _sentence(e)) for e in error.errors()])

    problems = [(path, UNREADABLE) for path in _unreadable(data)]
    referrer = _referrer(payload, problems)
    if problems:
        return _problems(422, problems)

    sent_before = Contact.objects.filter(idempotency_key=key, recorded_by=user).exclude(status=ContactStatus.DRAFT).exists()
    try:
        contact = services.contact_submit(
            actor=user,
            entry_point=EntryPoint.API,
            reasons=payload.reasons,
            children=[_person(child) for child in payload.children],
            adults=[_person(adult) for adult in payload.adults],
            needs=[services.PresentingNeed(area=code) for code in payload.needs],
            consent=_consent(payload.consent),
            urgency=payload.urgency,
            referral_source=payload.referral_source or "",
            referrer=referrer,
            what_family_wants=payload.what_family_wants,
            idempotency_key=key,
        )
    except services.FieldProblems as refused:
        if any(field == "idempotency_key" for field, _ in refused.field_problems):
            return _problems(
                409,
                [("Idempotency-Key", "This Idempotency-Key has been used by someone else: send the request with a new key")],
                "This Idempotency-Key has already been used",
            )
        return _problems(422, refused.field_problems)
    except ApplicationError as refused:
        return _problems(422, [(refused.field or "", message) for message in refused.problems])
    created = ContactCreatedOut(
        id=contact.pk,
        reference=contact.reference,
        status=contact.status,
        received_at=contact.received_at,
        decision_due_at=contact.decision_due_at,
    )
    return Status(200 if sent_before else 201, created)


def _partner_out(found: selectors.PartnerRequest) -> PartnerRequestOut:
    return PartnerRequestOut(
        id=found.pk,
        reference=found.reference,
        status=found.status,
        status_label=found.status_label,
        children=found.children,
        sent_at=found.sent_at,
        decision_due_at=found.decision_due_at,
        outcome=found.outcome_label or None,
        decided_on=found.decided_on,
    )


def _named_out(named) -> NamedPersonOut:
    return NamedPersonOut(
        id=named.pk,
        first_name=named.first_name,
        last_name=named.last_name,
        date_of_birth=named.date_of_birth,
        sex=named.sex,
        nhs_number=named.nhs_number,
        address=named.address,
        postcode=named.postcode,
        relationship_to_child=named.relationship_to_child,
        match_status=named.match_status,
        person_la_id=named.person.la_id if named.person_id else None,
    )


def _contact_out(detail: selectors.ContactDetail) -> ContactOut:
    contact, decision = detail.contact, detail.decision
    return ContactOut(
        id=contact.pk,
        reference=contact.reference,
        status=contact.status,
        status_label=contact.get_status_display(),
        entry_point=contact.entry_point,
        received_at=contact.received_at,
        decision_due_at=contact.decision_due_at,
        urgency=contact.urgency,
        referral_source=contact.referral_source,
        referral_source_label=contact.get_referral_source_display(),
        referrer=ReferrerOut(
            name=contact.referrer_name,
            role=contact.referrer_role,
            agency=contact.referrer_agency.label if contact.referrer_agency else None,
            email=contact.referrer_email,
            phone=contact.referrer_phone,
        ),
        reasons=contact.reasons,
        what_family_wants=contact.what_family_wants,
        is_re_referral=contact.is_re_referral,
        children=[_named_out(panel.named) for panel in detail.children],
        adults=[_named_out(panel.named) for panel in detail.adults],
        needs=[NeedOut(code=n.area, label=services.NEED_LABELS.get(n.area, n.area), detail=n.detail) for n in detail.needs],
        consents=[
            ConsentOut(
                scope=c.scope,
                status=c.status,
                given_by_name=c.given_by_name,
                recorded_on=c.recorded_on,
                proceed_without_consent=c.proceed_without_consent,
                reason_for_proceeding=c.reason_for_proceeding,
            )
            for c in detail.consents
        ],
        decision=DecisionOut(
            outcome=decision.outcome,
            outcome_label=decision.get_outcome_display(),
            level=decision.level_of_need.level if decision.level_of_need else None,
            decided_at=decision.decided_at,
            rationale=decision.rationale,
            needs_oversight=decision.needs_oversight,
            oversight_agreed=decision.oversight_agreed,
        )
        if decision
        else None,
    )


@router.get(
    "/{int:contact_id}",
    response={200: ContactView, 404: NotFoundOut},
    summary="One contact",
    description="A partner sees their own request (status, and the outcome with its date once final); "
    "the front door sees the whole contact. Anyone else, and a contact that does not exist, gets 404.",
    url_name="contact_get",
)
def contact_get(request, contact_id: int):
    user = request.user
    if not _may_read(user) or contact_id > LARGEST_ID:
        raise Http404("No contact found")
    found = selectors.contact_get_for(user, contact_id, request=request)
    if isinstance(found, selectors.PartnerRequest):
        return _partner_out(found)
    return _contact_out(selectors.contact_detail_for(found, user=user, with_candidates=False))


@router.get(
    "",
    response={200: ContactPageOut, 404: NotFoundOut},
    summary="Contacts: a partner's own requests, or the front door's queue",
    description="50 a page. For the front door, status chooses which contacts (waiting ones in the order to "
    "decide them) and source filters by referral source.",
    url_name="contact_list",
)
def contact_list(request, page: int = 1, status: QueueStatus = ContactStatus.AWAITING_TRIAGE, source: str = ""):
    user = request.user
    if has_capability(user, Capability.TRIAGE):
        queue = selectors.queue_for(user, status=status, source=source[:3], page=page)
        items: list = [
            QueueItemOut(
                id=row.contact.pk,
                reference=row.contact.reference,
                status=row.contact.status,
                status_label=row.contact.get_status_display(),
                entry_point=row.contact.entry_point,
                urgency=row.contact.urgency,
                referral_source=row.contact.referral_source,
                received_at=row.contact.received_at,
                decision_due_at=row.contact.decision_due_at,
                children=row.children,
                overdue=row.overdue,
                due_today=row.due_today,
            )
            for row in queue.rows
        ]
        found = queue.page
    elif has_capability(user, Capability.VIEW_OWN_REQUESTS):
        found = Paginator(selectors.requests_for_partner(user), selectors.QUEUE_PAGE_SIZE).get_page(page)
        items = [_partner_out(request_) for request_ in found.object_list]
    else:
        raise Http404("Not found")
    return ContactPageOut(count=found.paginator.count, page=found.number, pages=found.paginator.num_pages, items=items)
