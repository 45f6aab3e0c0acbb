"""The duplicates pages: the list best first, a pair side by side, merge and not-the-same with reasons,
errors next to the field with what was typed kept, a double-clicked merge merging once, undo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from earlyhelp.accounts.models import Role
from earlyhelp.core.testing import (
    make_allocated_episode,
    make_household,
    make_team,
    make_user,
    sign_in_client,
)
from earlyhelp.people.models import DuplicateCandidate, NotDuplicate, Person, PersonMerge
from earlyhelp.people.tests.factories import duplicate_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_door(client):
    user = make_user(Role.FRONT_DOOR)
    sign_in_client(client, user)
    return user


def _pair(household=None, **changes):
    household = household or make_household(surname="Pennington")
    child = household.memberships.filter(role="child").first().person
    copy = duplicate_of(child, household, **changes)
    low, high = sorted((child, copy), key=lambda p: p.pk)
    DuplicateCandidate.objects.create(person_a=low, person_b=high, score=0.97,
                                      reasons=["first name differs by one letter", "same date of birth"])
    return low, high


def test_the_list_shows_pairs_best_first_side_by_side(client, front_door):
    a, b = _pair(first_name="Mya")
    c, d = _pair(first_name="Leoo")
    DuplicateCandidate.objects.filter(person_a=c).update(score=0.99)
    response = client.get(reverse("people:duplicates"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(f"/people/duplicates/{c.pk}/{d.pk}/") < body.index(f"/people/duplicates/{a.pk}/{b.pk}/")
    assert "99% match" in body
    assert "same date of birth" in body
    assert a.la_id in body
    assert b.la_id in body
    assert "2</strong> possible duplicates" in body


def test_the_list_leaves_out_pairs_decided_since_the_scan_and_records_the_user_cannot_see(client):
    practitioner = make_user(Role.LEAD_PRACTITIONER, team=make_team())
    manager = make_user(Role.TEAM_MANAGER, team=practitioner.team)
    practitioner.team.manager = manager
    practitioner.team.save()
    episode = make_allocated_episode(lead_practitioner=practitioner)
    theirs = _pair(episode.household, first_name="Mya")
    elsewhere = _pair(first_name="Zak")
    decided = _pair(episode.household, first_name="Avaa")
    NotDuplicate.objects.create(person_a=decided[0], person_b=decided[1], decided_by=manager, reason="Twins")
    from earlyhelp.people.selectors import duplicate_candidates_for

    listed = {(c.person_a_id, c.person_b_id) for c in duplicate_candidates_for(manager)}
    assert listed == {(theirs[0].pk, theirs[1].pk)}
    assert elsewhere not in listed


def test_merge_needs_a_choice_and_a_reason_and_keeps_what_was_typed(client, front_door):
    a, b = _pair(first_name="Mya")
    url = reverse("people:duplicate_merge", args=[a.pk, b.pk])
    response = client.post(url, {"merge-reason": "<script>alert(1)</script> same NHS number"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select which record to keep" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; same NHS number" in body
    assert "<script>alert(1)</script>" not in body
    response = client.post(url, {"merge-keep": str(a.pk), "merge-reason": ""})
    assert "Enter why these records are the same person" in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_merge_then_history_then_undo(client, front_door):
    a, b = _pair(first_name="Mya")
    url = reverse("people:duplicate_merge", args=[a.pk, b.pk])
    data = {"merge-keep": str(a.pk), "merge-reason": "Same NHS number on the school's referral"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("people:person_detail", args=[a.pk])
    again = client.post(url, data)  # a double click
    assert again.status_code == 302
    assert PersonMerge.objects.count() == 1
    merge = PersonMerge.objects.get()
    assert Person.objects.get(pk=b.pk).merged_into_id == a.pk

    page = client.get(reverse("people:person_detail", args=[a.pk])).content.decode()
    assert "was merged into this record" in page
    assert "Same NHS number on the school" in page
    assert reverse("people:merge_undo", args=[merge.pk]) in page
    old = client.get(reverse("people:person_detail", args=[b.pk])).content.decode()
    assert "This record has been merged into" in old
    assert reverse("people:person_detail", args=[a.pk]) in old

    undo_url = reverse("people:merge_undo", args=[merge.pk])
    assert client.get(undo_url).status_code == 200
    response = client.post(undo_url, {"reason": ""})
    assert "Enter why this merge is being undone" in response.content.decode()
    response = client.post(undo_url, {"reason": "Twins, not one child", "two_people": "on"})
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.is_undone
    assert merge.undo_reason == "Twins, not one child"
    assert NotDuplicate.objects.filter(person_a=a, person_b=b).exists()
    page = client.get(reverse("people:person_detail", args=[a.pk])).content.decode()
    assert "Undone" in page
    assert "Twins, not one child" in page
    # Undoing again is harmless.
    assert client.post(undo_url, {"reason": "again"}).status_code == 302


def test_not_the_same_person_needs_a_reason_and_then_leaves_the_list(client, front_door):
    a, b = _pair(first_name="Mya")
    url = reverse("people:duplicate_not_the_same", args=[a.pk, b.pk])
    response = client.post(url, {"different-reason": ""})
    assert "Enter why these are two different people" in response.content.decode()
    response = client.post(url, {"different-reason": "Twins: different schools"})
    assert response.status_code == 302
    assert NotDuplicate.objects.get().reason == "Twins: different schools"
    assert str(a.la_id) not in client.get(reverse("people:duplicates")).content.decode()
    page = client.get(reverse("people:duplicate_pair", args=[a.pk, b.pk])).content.decode()
    assert "recorded on" in page
    assert "Merge records" not in page


def test_a_pair_page_refuses_the_same_record_twice_and_unknown_people(client, front_door):
    a, _ = _pair(first_name="Mya")
    assert client.get(reverse("people:duplicate_pair", args=[a.pk, a.pk])).status_code == 404
    assert client.get(reverse("people:duplicate_pair", args=[a.pk, 999999])).status_code == 404


def test_a_merge_refused_by_the_service_is_shown_in_the_error_summary(client, front_door):
    from earlyhelp.people.models import Relationship, RelationshipKind

    a, b = _pair(first_name="Mya")
    Relationship.objects.create(from_person=a, to_person=b, kind=RelationshipKind.TWIN)
    response = client.post(reverse("people:duplicate_merge", args=[a.pk, b.pk]),
                           {"merge-keep": str(b.pk), "merge-reason": "Same"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "recorded as related (twin of)" in body
    assert not PersonMerge.objects.exists()


def test_people_without_the_capability_get_404(client):
    a, b = _pair(first_name="Mya")
    sign_in_client(client, make_user(Role.LEAD_PRACTITIONER))
    for url in (reverse("people:duplicates"), reverse("people:duplicate_pair", args=[a.pk, b.pk])):
        assert client.get(url).status_code == 404
    response = client.post(reverse("people:duplicate_merge", args=[a.pk, b.pk]),
                           {"merge-keep": str(a.pk), "merge-reason": "x"})
    assert response.status_code == 404
    assert not PersonMerge.objects.exists()
