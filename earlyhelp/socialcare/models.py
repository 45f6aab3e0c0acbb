"""Statutory involvement recorded at the interface with children's social care, in census terms."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from earlyhelp.core.models import TimeStampedModel
from earlyhelp.domain import codes


class InvolvementKind(models.TextChoices):
    CHILD_IN_NEED = "cin", "Child in need"
    SECTION_47 = "s47", "Section 47 enquiry"
    CHILD_PROTECTION = "cp", "Child protection plan"
    LOOKED_AFTER = "lac", "Looked after"


class StatutoryInvolvement(TimeStampedModel):
    """One period of statutory involvement with a child: a CIN episode, an s47 enquiry, a CP plan or care."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="statutory_involvements")
    kind = models.CharField(max_length=4, choices=InvolvementKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # Child in need episode (census CINdetails)
    referral_source = models.CharField(max_length=3, choices=codes.REFERRAL_SOURCES, blank=True)
    primary_need = models.CharField(max_length=2, choices=codes.PRIMARY_NEEDS, blank=True)
    closure_reason = models.CharField(max_length=3, choices=codes.CLOSURE_REASONS_CIN, blank=True)
    # Section 47 enquiry
    strategy_discussion_on = models.DateField(null=True, blank=True)
    icpc_required = models.BooleanField(null=True, blank=True)
    icpc_on = models.DateField("initial child protection conference", null=True, blank=True)
    # Child protection plan
    cp_category = models.CharField(max_length=3, choices=codes.CP_CATEGORIES, blank=True)
    # Where it came from: an early help step-up, or the social care system's own record
    from_step_up = models.ForeignKey(
        "casework.StepUp", null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    external_reference = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ("-started_on",)
        indexes = [models.Index(fields=["kind", "started_on"], name="involvement_kind_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="involvement_ended_after_started"
            ),
            models.CheckConstraint(
                condition=~Q(kind="cp") | ~Q(cp_category=""), name="involvement_cp_plan_has_category"
            ),
            models.CheckConstraint(
                condition=~Q(kind="cin") | ~Q(primary_need=""), name="involvement_cin_has_primary_need"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
