"""Merging two records of one person, and undoing it exactly.

``person_merge`` re-points every row that refers to the merged person (found generically through
``Person``'s reverse relations, so a relation another app adds tomorrow is moved too) to the kept
person, in one transaction, and writes down each row it moved in ``PersonMerge.moved``. Where a
move would break a unique constraint (both records in the same household, episode or assessment),
the merged person's row is removed instead and its full snapshot kept, so that ``person_unmerge``
can put it back with the same id. The merged person stays in the register, pointing at the kept
one (``merged_into``), out of search and out of the match index.

``person_unmerge`` moves exactly those rows back, restores the removed ones and deletes what the
merge created; it refuses, saying why, when something done since makes that impossible (a moved
row deleted or moved again, the kept record merged into a third). The merge record stays, marked
undone, so the history is never lost.

``moved`` layout (version 1)::

    {"version": 1,
     "moved":   [{"model": "casework.episodemember", "pk": 12, "field": "person"}, ...],
     "removed": [{"model": "people.householdmember", "pk": 7, "field": "person", "instead_of": 5,
                  "row": {...every concrete field...}}, ...],
     "created": [{"model": "people.personalias", "pk": 31}],
     "kept_before": {"is_restricted": false},
     "households": [3, 9]}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from earlyhelp.accounts.permissions import Capability, has_capability
from earlyhelp.audit.services import record_create, record_delete, record_update, snapshot
from earlyhelp.casework.services.lifecycle import family_event_add
from earlyhelp.core.errors import ApplicationError
from earlyhelp.domain.timescales import format_date
from earlyhelp.people.models import (
    AliasKind,
    DuplicateCandidate,
    DuplicateScan,
    HouseholdMember,
    NotDuplicate,
    Person,
    PersonAlias,
    PersonMerge,
    Relationship,
)

FORMAT_VERSION = 1
# Rows about the merge decisions themselves: never moved by a merge.
NOT_MOVED = (PersonMerge, DuplicateCandidate, NotDuplicate, DuplicateScan)
MERGED_EVENT = "person_merged"
UNMERGED_EVENT = "person_unmerged"


@dataclass(frozen=True)
class Link:
    """One foreign key (or one-to-one) from some model to Person."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def person_links() -> list[Link]:
    """Every foreign key to Person that a merge moves, across all apps, hidden relations included.

    Left out: a person's own ``merged_into`` (earlier merges keep pointing where they pointed) and
    the merge bookkeeping (merges, duplicate candidates, not-duplicate decisions).
    """
    links = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        model = relation.related_model
        if model is Person or issubclass(model, NOT_MOVED):
            continue
        links.append(Link(model, relation.field))
    return sorted(links, key=lambda link: (link.label, link.field.name))


def _unique_sets(link: Link) -> list[tuple[tuple[str, ...], Q | None]]:
    """The unique constraints a move of ``link.field`` could break: (field names, condition)."""
    meta = link.model._meta
    sets: list[tuple[tuple[str, ...], Q | None]] = []
    if link.field.unique:
        sets.append(((link.field.name,), None))
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and link.field.name in constraint.fields:
            sets.append((tuple(constraint.fields), constraint.condition))
    for together in meta.unique_together:
        if link.field.name in together:
            sets.append((tuple(together), None))
    return sets


def _collision(link: Link, row: models.Model, kept_pk: int) -> models.Model | None:
    """The kept person's row that ``row`` would duplicate if it were moved, if any."""
    manager = link.model._base_manager
    for names, condition in _unique_sets(link):
        others = manager.all()
        if condition is not None:
            if not manager.filter(pk=row.pk).filter(condition).exists():
                continue
            others = others.filter(condition)
        lookup = {}
        for name in names:
            field = link.model._meta.get_field(name)
            lookup[field.attname] = kept_pk if name == link.field.name else getattr(row, field.attname)
        other = others.filter(**lookup).exclude(pk=row.pk).first()
        if other is not None:
            return other
    return None


def _removable(row: models.Model) -> bool:
    """Whether deleting ``row`` would delete (or be blocked by) nothing else."""
    using = router.db_for_write(type(row), instance=row)
    collector = Collector(using=using, origin=row)
    try:
        collector.collect([row])
    except (ProtectedError, RestrictedError):
        return False
    others = [obj for objs in collector.data.values() for obj in objs if not (type(obj) is type(row) and obj.pk == row.pk)]
    fast = any(qs.exists() for qs in collector.fast_deletes)
    return not others and not fast


def _row_snapshot(row: models.Model) -> dict[str, Any]:
    """Every concrete value of a row, JSON-ready, to put it back exactly (a file field by its name)."""
    data = snapshot(row)
    for field in row._meta.concrete_fields:
        if isinstance(field, models.FileField):
            data[field.attname] = getattr(row, field.attname).name or ""
    return data


def _pk_json(value: Any) -> Any:
    return value if isinstance(value, int | str) else str(value)


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _restore(model: type[models.Model], data: dict[str, Any]) -> models.Model:
    """Put a removed row back exactly as it was, with its id and timestamps."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname in data:
            raw = data[field.attname]
            values[field.attname] = None if raw is None else field.to_python(raw)
    row = model(**values)
    model._base_manager.bulk_create([row])
    # auto_now fields were stamped on insert: put back the remembered values.
    model._base_manager.filter(pk=row.pk).update(**{k: v for k, v in values.items() if k != model._meta.pk.attname})
    return row


def _households_of(person_pk: int) -> set[int]:
    return set(HouseholdMember.objects.filter(person_id=person_pk).values_list("household_id", flat=True))


def _chronicle(households: set[int], *, person: Person, kind: str, summary: str, actor, data: dict) -> None:
    """One entry in each affected family's chronology (household-level: a merge belongs to no episode)."""
    now = timezone.now()
    for household_id in sorted(households):
        family_event_add(
            household_id=household_id, person=person, kind=kind, summary=summary, actor=actor, data=data,
            occurred_at=now,
        )


def _reindex(*people: Person) -> None:
    from earlyhelp.people.matching import index_person

    for person in people:
        index_person(person)


def _check_actor(actor) -> None:
    if not has_capability(actor, Capability.MERGE_PEOPLE):
        raise ApplicationError("You do not have permission to merge or unmerge records")


def _lock(*pks: int) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=sorted(pks)).order_by("pk")}


def pair_key(a: int, b: int) -> tuple[int, int]:
    """The stored order of a pair: lower id first."""
    return (a, b) if a < b else (b, a)


def not_duplicate_decision(a: int, b: int) -> NotDuplicate | None:
    low, high = pair_key(a, b)
    return NotDuplicate.objects.filter(person_a_id=low, person_b_id=high).select_related("decided_by").first()


def person_merge(*, kept: Person, merged: Person, actor, reason: str, request=None) -> PersonMerge:
    """Merge ``merged`` into ``kept``: every row about ``merged`` now belongs to ``kept``.

    A second identical request (a double-clicked button) returns the first merge. Raises
    ``ApplicationError`` when the two cannot be merged; then nothing has changed.
    """
    try:
        return _person_merge(kept=kept, merged=merged, actor=actor, reason=reason, request=request)
    except IntegrityError as error:
        raise ApplicationError(
            "These records could not be merged: a rule of the register would be broken", problems=[str(error)]
        ) from error


@transaction.atomic
def _person_merge(*, kept: Person, merged: Person, actor, reason: str, request=None) -> PersonMerge:
    _check_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter why these records are the same person", field="reason")
    if kept.pk == merged.pk:
        raise ApplicationError("Choose two different records to merge")
    locked = _lock(kept.pk, merged.pk)
    if len(locked) != 2:
        raise ApplicationError("One of these records no longer exists")
    kept, merged = locked[kept.pk], locked[merged.pk]
    if merged.merged_into_id == kept.pk:
        earlier = PersonMerge.objects.filter(kept=kept, merged=merged, undone_at__isnull=True).order_by("-pk").first()
        if earlier is not None:
            return earlier  # already done: the same request twice merges once
    problems = _merge_problems(kept, merged)
    if problems:
        raise ApplicationError(problems[0], problems=problems)

    households = _households_of(merged.pk)
    moved: list[dict] = []
    removed: list[dict] = []
    for link in person_links():
        rows = link.model._base_manager.filter(**{link.field.attname: merged.pk}).order_by("pk")
        for row in rows:
            entry = {"model": link.label, "pk": _pk_json(row.pk), "field": link.field.name}
            twin = _collision(link, row, kept.pk)
            if twin is not None:
                if not _removable(row):
                    raise ApplicationError(
                        f"Both records have a {link.model._meta.verbose_name} that cannot be combined automatically: "
                        "ask an administrator to resolve it before merging"
                    )
                removed.append({**entry, "instead_of": _pk_json(twin.pk), "row": _row_snapshot(row)})
                record_delete(actor=actor, instance=row, request=request)
                row.delete()
                continue
            before = snapshot(row, [link.field.attname])
            link.model._base_manager.filter(pk=row.pk).update(**{link.field.attname: kept.pk})
            setattr(row, link.field.attname, kept.pk)
            record_update(actor=actor, instance=row, before=before, request=request)
            moved.append(entry)

    created: list[dict] = []
    alias = _name_as_alias(kept, merged)
    if alias is not None:
        record_create(actor=actor, instance=alias, request=request)
        created.append({"model": alias._meta.label_lower, "pk": alias.pk})

    kept_before = {"is_restricted": kept.is_restricted}
    if merged.is_restricted and not kept.is_restricted:
        before = snapshot(kept, ["is_restricted"])
        kept.is_restricted = True
        kept.save(update_fields=["is_restricted", "updated_at"])
        record_update(actor=actor, instance=kept, before=before, request=request)

    before = snapshot(merged, ["merged_into_id"])
    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    record_update(actor=actor, instance=merged, before=before, request=request)

    households |= _households_of(kept.pk)
    merge = PersonMerge.objects.create(
        kept=kept, merged=merged, merged_by=actor, reason=reason,
        moved={"version": FORMAT_VERSION, "moved": moved, "removed": removed, "created": created,
               "kept_before": kept_before, "households": sorted(households)},
    )
    record_create(actor=actor, instance=merge, request=request)
    DuplicateCandidate.objects.filter(Q(person_a=merged) | Q(person_b=merged)).delete()
    _chronicle(
        households, person=kept, kind=MERGED_EVENT, actor=actor, data={"merge": merge.pk},
        summary=f"Two records of one person merged: {merged.full_name} ({merged.la_id}) into "
                f"{kept.full_name} ({kept.la_id}). Reason: {reason}",
    )
    _reindex(kept, merged)
    return merge


def _merge_problems(kept: Person, merged: Person) -> list[str]:
    problems = []
    if merged.merged_into_id is not None:
        problems.append(f"{merged.full_name} ({merged.la_id}) has already been merged into another record")
    if kept.merged_into_id is not None:
        problems.append(f"{kept.full_name} ({kept.la_id}) has been merged into another record: keep that one instead")
    related = Relationship.objects.filter(
        Q(from_person=kept, to_person=merged) | Q(from_person=merged, to_person=kept)
    ).first()
    if related is not None:
        problems.append(
            f"These records are recorded as related ({related.get_kind_display().lower()}), so they are two people. "
            "If the relationship is wrong, correct it first"
        )
    decision = not_duplicate_decision(kept.pk, merged.pk)
    if decision is not None:
        problems.append(
            f"{decision.decided_by} recorded on {format_date(timezone.localtime(decision.created_at).date())} "
            f"that these are two people: {decision.reason}"
        )
    return problems


def _name_as_alias(kept: Person, merged: Person) -> PersonAlias | None:
    """The merged record's name, kept as another spelling so the next referral using it finds the person."""
    first, last = merged.first_name.strip(), merged.last_name.strip()
    if (first.lower(), last.lower()) == (kept.first_name.strip().lower(), kept.last_name.strip().lower()):
        return None
    if not first and not last:
        return None
    if PersonAlias.objects.filter(person=kept, first_name__iexact=first, last_name__iexact=last).exists():
        return None
    return PersonAlias.objects.create(person=kept, kind=AliasKind.ALTERNATIVE_SPELLING, first_name=first, last_name=last)


# --------------------------------------------------------------------------- undoing


def unmerge_problems(merge: PersonMerge) -> list[str]:
    """Why ``merge`` cannot be undone now (empty when it can)."""
    if merge.undone_at is not None:
        return []
    kept = Person.objects.get(pk=merge.kept_id)
    merged = Person.objects.get(pk=merge.merged_id)
    data = merge.moved or {}
    problems = []
    if data.get("version") != FORMAT_VERSION:
        return ["This merge was recorded in a form that cannot be undone automatically"]
    if merged.merged_into_id != kept.pk:
        problems.append(f"{merged.full_name} ({merged.la_id}) no longer points at {kept.full_name}")
    if kept.merged_into_id is not None:
        problems.append(
            f"{kept.full_name} ({kept.la_id}) has since been merged into another record: undo that merge first"
        )
    gone: Counter[str] = Counter()
    elsewhere: Counter[str] = Counter()
    for item in data.get("moved", []):
        model = _model(item["model"])
        field = model._meta.get_field(item["field"])
        current = model._base_manager.filter(pk=item["pk"]).values_list(field.attname, flat=True).first()
        exists = model._base_manager.filter(pk=item["pk"]).exists()
        if not exists:
            gone[str(model._meta.verbose_name)] += 1
        elif current != kept.pk:
            elsewhere[str(model._meta.verbose_name)] += 1
    for name, count in sorted(gone.items()):
        problems.append(f"{_count(count, name)} moved by this merge has since been deleted")
    for name, count in sorted(elsewhere.items()):
        problems.append(f"{_count(count, name)} moved by this merge has since been moved to another person")
    for item in data.get("removed", []):
        model = _model(item["model"])
        name = str(model._meta.verbose_name)
        if model._base_manager.filter(pk=item["pk"]).exists():
            problems.append(f"A {name} removed by this merge cannot be put back: its id is in use")
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and item["row"].get(field.attname) is not None:
                target = field.related_model._base_manager.filter(pk=item["row"][field.attname])
                if not target.exists():
                    problems.append(
                        f"A {name} removed by this merge cannot be put back: its {field.verbose_name} has since been deleted"
                    )
                    break
    return problems


def _count(count: int, name: str) -> str:
    return f"A {name}" if count == 1 else f"{count} rows of {name}"


def person_unmerge(
    *, merge: PersonMerge, actor, reason: str, request=None, two_people: bool = False
) -> PersonMerge:
    """Undo ``merge`` exactly; ``two_people`` also records that the pair are not the same person.

    Undoing an undone merge again returns it unchanged (a double-clicked button). Raises
    ``ApplicationError`` listing every reason it cannot be undone; then nothing has changed.
    """
    try:
        return _person_unmerge(merge=merge, actor=actor, reason=reason, request=request, two_people=two_people)
    except IntegrityError as error:
        raise ApplicationError(
            "This merge cannot be undone: a rule of the register would be broken", problems=[str(error)]
        ) from error


@transaction.atomic
def _person_unmerge(*, merge: PersonMerge, actor, reason: str, request=None, two_people: bool = False) -> PersonMerge:
    _check_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter why this merge is being undone", field="reason")
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        return merge
    locked = _lock(merge.kept_id, merge.merged_id)
    kept, merged = locked[merge.kept_id], locked[merge.merged_id]
    problems = unmerge_problems(merge)
    if problems:
        raise ApplicationError("This merge cannot be undone", problems=problems)
    data = merge.moved

    for item in reversed(data.get("created", [])):
        model = _model(item["model"])
        row = model._base_manager.filter(pk=item["pk"]).first()
        if row is not None:
            record_delete(actor=actor, instance=row, request=request)
            row.delete()
    for item in data.get("moved", []):
        model = _model(item["model"])
        field = model._meta.get_field(item["field"])
        row = model._base_manager.get(pk=item["pk"])
        before = snapshot(row, [field.attname])
        model._base_manager.filter(pk=row.pk).update(**{field.attname: merged.pk})
        setattr(row, field.attname, merged.pk)
        record_update(actor=actor, instance=row, before=before, request=request)
    for item in data.get("removed", []):
        model = _model(item["model"])
        row = _restore(model, item["row"])
        record_create(actor=actor, instance=row, request=request)

    if data.get("kept_before", {}).get("is_restricted") is False and kept.is_restricted:
        before = snapshot(kept, ["is_restricted"])
        kept.is_restricted = False
        kept.save(update_fields=["is_restricted", "updated_at"])
        record_update(actor=actor, instance=kept, before=before, request=request)

    before = snapshot(merged, ["merged_into_id"])
    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    record_update(actor=actor, instance=merged, before=before, request=request)

    before = snapshot(merge, ["undone_at", "undone_by_id", "undo_reason"])
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason", "updated_at"])
    record_update(actor=actor, instance=merge, before=before, request=request)

    if two_people:
        not_duplicate_record(a=kept, b=merged, actor=actor, reason=f"Merge undone: {reason}", request=request)
    households = set(data.get("households", [])) | _households_of(kept.pk) | _households_of(merged.pk)
    _chronicle(
        households, person=merged, kind=UNMERGED_EVENT, actor=actor, data={"merge": merge.pk},
        summary=f"Merge undone: {merged.full_name} ({merged.la_id}) is again a record separate from "
                f"{kept.full_name} ({kept.la_id}). Reason: {reason}",
    )
    _reindex(kept, merged)
    return merge


# --------------------------------------------------------------------------- not the same person


@transaction.atomic
def not_duplicate_record(*, a: Person, b: Person, actor, reason: str, request=None) -> NotDuplicate:
    """Record that ``a`` and ``b`` are two people, so the duplicate search never proposes them again.

    Recording it twice keeps the first decision.
    """
    _check_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter why these are two different people", field="reason")
    if a.pk == b.pk:
        raise ApplicationError("Choose two different records")
    low, high = pair_key(a.pk, b.pk)
    decision, created = NotDuplicate.objects.get_or_create(
        person_a_id=low, person_b_id=high, defaults={"decided_by": actor, "reason": reason}
    )
    if created:
        record_create(actor=actor, instance=decision, request=request)
    DuplicateCandidate.objects.filter(person_a_id=low, person_b_id=high).delete()
    return decision
