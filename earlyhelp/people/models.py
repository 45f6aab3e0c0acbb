"""The person register: children and adults, their households over time and how they are related."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from earlyhelp.accounts.models import Locality
from earlyhelp.core.models import TimeStampedModel
from earlyhelp.domain import codes


class Person(TimeStampedModel):
    """A child or adult known to the service. Never silently merged: a merge points one record at another."""

    la_id = models.CharField("LA child or person id", max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=codes.SEX, default="U")
    gender_identity = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=4, choices=codes.ETHNICITY, default="NOBT")
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("Unique pupil number", max_length=13, blank=True, db_index=True)
    first_language = models.CharField(max_length=60, blank=True)
    is_restricted = models.BooleanField(
        default=False, help_text="Only named people may see a restricted record (for example a colleague's family)."
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )

    class Meta:
        ordering = ("last_name", "first_name")
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=F("date_of_birth")),
                name="person_died_after_born",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="person_not_merged_into_self"),
            models.CheckConstraint(
                condition=Q(nhs_number="") | Q(nhs_number__regex=r"^[0-9]{10}$"), name="person_nhs_number_10_digits"
            ),
            models.CheckConstraint(condition=Q(la_id__regex=r"^[A-Za-z0-9]{1,20}$"), name="person_la_id_alphanumeric"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class AliasKind(models.TextChoices):
    PREVIOUS_NAME = "previous_name", "Previous name"
    KNOWN_AS = "known_as", "Known as (nickname)"
    ALTERNATIVE_SPELLING = "alternative_spelling", "Alternative spelling"


class PersonAlias(TimeStampedModel):
    """Another name a person is or was known by: a maiden name, a nickname, a misspelling seen on referrals."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=30, choices=AliasKind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    used_from = models.DateField(null=True, blank=True)
    used_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "person aliases"
        constraints = [
            models.CheckConstraint(
                condition=~(Q(first_name="") & Q(last_name="")), name="alias_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonDisability(models.Model):
    """A disability recorded with the census code."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=codes.DISABILITY)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="person_disability_unique")]

    def __str__(self) -> str:
        return self.get_code_display()


class Household(TimeStampedModel):
    """A family as the service works with it: the people who live together, at an address that may change."""

    name = models.CharField(max_length=150, help_text="How the service refers to the family, e.g. the Smith family")
    is_restricted = models.BooleanField(default=False)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def current_address(self):
        return self.addresses.filter(moved_out_on__isnull=True).order_by("-moved_in_on").first()


class HouseholdAddress(TimeStampedModel):
    """Where a household lived, and when: families move."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=150)
    line_2 = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, db_index=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT)
    moved_in_on = models.DateField()
    moved_out_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-moved_in_on",)
        constraints = [
            models.CheckConstraint(
                condition=Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=F("moved_in_on")),
                name="address_moved_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line_1, self.line_2, self.town, self.postcode) if part)


class MemberRole(models.TextChoices):
    CHILD = "child", "Child"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    OTHER_ADULT = "other_adult", "Other adult"


class HouseholdMember(TimeStampedModel):
    """A person's membership of a household between two dates."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("household", "role", "joined_on")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")), name="member_left_after_joined"
            ),
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(left_on__isnull=True),
                name="member_one_current_membership_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.household}"


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent of"
    STEP_PARENT = "step_parent", "Step-parent of"
    GRANDPARENT = "grandparent", "Grandparent of"
    CARER = "carer", "Carer of"
    SIBLING = "sibling", "Sibling of"
    HALF_SIBLING = "half_sibling", "Half-sibling of"
    TWIN = "twin", "Twin of"
    PARTNER = "partner", "Partner of"
    FORMER_PARTNER = "former_partner", "Former partner of"
    OTHER = "other", "Other relationship to"


SYMMETRIC_RELATIONSHIPS = frozenset(
    {RelationshipKind.SIBLING, RelationshipKind.HALF_SIBLING, RelationshipKind.TWIN, RelationshipKind.PARTNER,
     RelationshipKind.FORMER_PARTNER}
)


class Relationship(TimeStampedModel):
    """How one person is related to another ("from_person is <kind> to_person")."""

    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(from_person=F("to_person")), name="relationship_not_to_self"),
            models.UniqueConstraint(fields=["from_person", "to_person", "kind"], name="relationship_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} {self.get_kind_display().lower()} {self.to_person}"


class PersonMerge(TimeStampedModel):
    """A decision that two records are one person: kept so the merge can be undone with its history."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_merged")
    merged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    moved = models.JSONField(default=dict, help_text="Which rows were moved from the merged record, to undo it.")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    undo_reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(kept=F("merged")), name="merge_two_different_people")]

    def __str__(self) -> str:
        return f"{self.merged} merged into {self.kept}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class DuplicateScan(models.Model):
    """One run of the bulk duplicate search over the whole register (``earlyhelp people find-duplicates``)."""

    started_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)
    people = models.PositiveIntegerField(default=0, help_text="People in the match index when the scan ran.")
    pairs_scored = models.PositiveIntegerField(default=0)
    pairs_found = models.PositiveIntegerField(default=0)
    threshold = models.FloatField()

    class Meta:
        ordering = ("-started_at",)

    def __str__(self) -> str:
        return f"Duplicate scan of {self.started_at:%Y-%m-%d %H:%M}: {self.pairs_found} pairs"


class DuplicateCandidate(models.Model):
    """Two register records the matcher thinks are one person, waiting for someone to decide.

    Derived data: every scan replaces the whole list. ``person_a`` is always the lower id.
    """

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-score", "person_a", "person_b")
        indexes = [models.Index(fields=["-score", "person_a", "person_b"], name="duplicate_best_first_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="duplicate_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} and {self.person_b_id} may be one person ({self.score:.2f})"


class NotDuplicate(TimeStampedModel):
    """A decision that two records that look alike are two people: never proposed as duplicates again."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="not_duplicate_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="not_duplicate_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} and {self.person_b_id} are two people"


class AccessGrant(TimeStampedModel):
    """A named person allowed to see a restricted record (a colleague's family, a high-profile case)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="access_grants")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="access_grants")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="access_grants"
    )
    reason = models.TextField()
    granted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(household__isnull=False), name="grant_names_a_record"
            ),
        ]
