"""A run of an importer: what was uploaded, how far it got, and every error found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from labourdesk.core.models import TimeStampedModel
from labourdesk.core.querysets import RestrictedQuerySet
from labourdesk.core.roles import ADMINISTRATOR, has_role


class ImportRunQuerySet(RestrictedQuerySet):
    def scope(self, user, action: str):
        # Each person follows their own uploads; administrators see them all.
        return self if has_role(user, ADMINISTRATOR) else self.filter(created_by=user)


class ImportRun(TimeStampedModel):
    """One upload of a Better Work export (assessments, improvement plans, PICC, factories)."""

    class Kind(models.TextChoices):
        ASSESSMENTS = "assessments", _("Assessments")
        IMPROVEMENT_PLANS = "improvement_plans", _("Improvement plans")
        PICC = "picc", _("PICC members")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="compliance/imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"
