"""Shared base models and the audit log."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from labourdesk.core.querysets import RestrictedQuerySet


class TimeStampedModel(models.Model):
    """Creation and modification times, set by the database layer."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntryQuerySet(RestrictedQuerySet):
    def update(self, **kwargs):  # pragma: no cover - guarded by the database trigger too
        raise PermissionError("Audit entries are append-only.")

    def delete(self):
        raise PermissionError("Audit entries are append-only.")


class AuditEntry(models.Model):
    """Who did what to which record, and when. Append-only.

    Written by services through `labourdesk.core.audit.audit_record`; the database refuses
    UPDATE and DELETE on this table (triggers created by migrations 0002 and 0003), the admin and
    the API only read it.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # DO_NOTHING: deleting a user must not rewrite the log; the label below keeps who it was.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    # Kept even when the user is later deleted or pseudonymised.
    actor_label = models.CharField(_("actor label"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only.")


class TaxonomyTermQuerySet(RestrictedQuerySet):
    def restrict_anonymous(self, action: str):
        # Taxonomies are public reference data: anyone may read the active terms.
        return self.filter(active=True) if action == "view" else self.none()

    def active(self):
        return self.filter(active=True)


class TaxonomyTerm(models.Model):
    """A term of a controlled vocabulary: a stable `code` and a label per language.

    Codes never change once used (statistics and baselines refer to them); labels may be edited.
    Labels are kept as {language code: label}, one entry per language, so a sixth language is
    data, not a schema change.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    labels = models.JSONField(_("labels"), default=dict)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    def label_in(self, language: str | None) -> str:
        from django.utils.translation import get_language

        language = (language or get_language() or "en").lower()
        for candidate in (language, language.split("-")[0], "en", "fr"):
            if self.labels.get(candidate):
                return self.labels[candidate]
        return self.code

    @property
    def label(self) -> str:
        return self.label_in(None)


class WorkerHeartbeat(models.Model):
    """A running task worker (`manage.py db_worker`) says it is alive every few seconds.

    A task left RUNNING by a worker whose heartbeat stopped (the process was killed, the machine
    lost) is put back in the queue by the other workers: see `labourdesk.core.workers`.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
