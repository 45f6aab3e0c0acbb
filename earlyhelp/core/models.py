"""Shared model bases: timestamps, and reference lists the service can change but never delete."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    """A row that knows when it was created and last changed."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ReferenceDataQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(models.Q(disabled_on__isnull=True) | models.Q(disabled_on__gt=on))


class ReferenceData(models.Model):
    """A code list the local authority maintains: options are retired with disabled_on, never deleted."""

    code = models.CharField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    disabled_on = models.DateField(null=True, blank=True)

    objects = ReferenceDataQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ("order", "label")

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.disabled_on is None or self.disabled_on > timezone.localdate()
