"""Who works in the service: localities, teams and pods, partner agencies, users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from earlyhelp.core.models import ReferenceData


class Role(models.TextChoices):
    PARTNER_REFERRER = "partner_referrer", "Partner referrer"
    FRONT_DOOR = "front_door", "Front-door practitioner"
    LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    PERFORMANCE_LEAD = "performance_lead", "Performance lead"
    ADMINISTRATOR = "administrator", "Administrator"


class AgencyType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Early years setting"
    GP = "gp", "GP practice"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    SCHOOL_NURSING = "school_nursing", "School nursing"
    HOSPITAL = "hospital", "Hospital"
    MENTAL_HEALTH = "mental_health", "Mental health service"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary or community group"
    PROBATION = "probation", "Probation"
    OTHER = "other", "Other"


class Locality(ReferenceData):
    """An area of the local authority that teams and pods serve (for example North East)."""

    class Meta(ReferenceData.Meta):
        verbose_name_plural = "localities"


class Agency(ReferenceData):
    """An organisation whose staff refer families or work with them: a school, a GP practice, the police."""

    agency_type = models.CharField(max_length=30, choices=AgencyType.choices)
    # The census referral source this agency's requests carry by default (for example 2A for a school).
    default_referral_source = models.CharField(max_length=3, blank=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT)

    class Meta(ReferenceData.Meta):
        verbose_name_plural = "agencies"


class TeamKind(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door (Early Help Hub)"
    EARLY_HELP = "early_help", "Early help team or pod"
    SOCIAL_CARE = "social_care", "Children's social care"
    PERFORMANCE = "performance", "Performance and intelligence"
    PARTNER = "partner", "Partner agency"


class Team(ReferenceData):
    """A team or pod that holds cases, usually serving one locality."""

    kind = models.CharField(max_length=20, choices=TeamKind.choices)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT)
    manager = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )


class User(AbstractUser):
    """A person who signs in: council staff or a partner agency's practitioner."""

    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PARTNER_REFERRER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ("last_name", "first_name")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A secret that lets a partner's system call the API as one user. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, e.g. the school's MIS")
    prefix = models.CharField(max_length=8, help_text="The token's first characters, to recognise it")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
