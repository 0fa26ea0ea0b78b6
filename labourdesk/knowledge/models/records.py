"""Plain records of the portal: seed 000's links, publication proposals, anonymisation findings,
and the moderation task that needs a second person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask

from labourdesk.core.querysets import RoleScopedQuerySet
from labourdesk.core.roles import HELPDESK_STAFF


class PortalLink(models.Model):
    """A network, platform, programme or course that a seed names, with its address and source.

    Loaded from data/knowledge/links.csv; the seed is the source, nothing is made up.
    """

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network or platform")
        PROGRAMME = "programme", _("Programme or partnership")
        COURSE = "course", _("Training course")
        OFFICE = "office", _("ILO office")
        SOURCE = "source", _("Information source")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    url = models.URLField(_("address"), max_length=500)
    source = models.CharField(_("source"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "code"]
        verbose_name = _("portal link")
        verbose_name_plural = _("portal links")

    def __str__(self) -> str:
        return self.name


class HelpdeskOnlyQuerySet(RoleScopedQuerySet):
    """Proposals point at cases: helpdesk staff only."""

    scope_roles = HELPDESK_STAFF


class PublicationProposal(models.Model):
    """An expert proposes a closed, admissible case for publication as an anonymised Q&A."""

    case = models.OneToOneField(
        "helpdesk.Case", on_delete=models.PROTECT, related_name="publication_proposal"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    page = models.ForeignKey(
        "knowledge.QuestionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = HelpdeskOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication proposal")
        verbose_name_plural = _("publication proposals")

    def __str__(self) -> str:
        return f"{self.case.reference} proposal"


class AnonymisationFinding(models.Model):
    """One replacement made in a draft Q&A, or one remaining suspect the editor must resolve.

    A replacement stores only its placeholder and kind, never the text it replaced: the
    requester's identity must not travel into the CMS. A suspect stores the text that is still
    in the draft (the editor sees it there anyway) until it is accepted or fixed.
    """

    class Kind(models.TextChoices):
        REPLACEMENT = "replacement", _("Replacement")
        SUSPECT = "suspect", _("Suspect")

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        ACCEPTED = "accepted", _("Accepted")
        FIXED = "fixed", _("Fixed")

    page = models.ForeignKey(
        "knowledge.QuestionPage", on_delete=models.CASCADE, related_name="anonymisation_findings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=40)
    placeholder = models.CharField(_("placeholder"), max_length=60, blank=True)
    text = models.CharField(_("text in the draft"), max_length=500, blank=True)
    count = models.PositiveIntegerField(_("occurrences"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("anonymisation finding")
        verbose_name_plural = _("anonymisation findings")
        constraints = [
            models.CheckConstraint(
                name="finding_replacement_keeps_no_text",
                condition=~models.Q(kind="replacement") | models.Q(text=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.category}"


class SecondPersonApprovalTask(GroupApprovalTask):
    """Wagtail's group approval, except that whoever submitted the page cannot approve it:
    a content editor submits; a second editor or a helpdesk manager publishes."""

    def get_actions(self, obj, user):
        state = obj.current_workflow_state if hasattr(obj, "current_workflow_state") else None
        if state is not None and state.requested_by_id == getattr(user, "pk", None):
            return []
        return super().get_actions(obj, user)

    class Meta:
        verbose_name = _("approval by a second person")
        verbose_name_plural = _("approvals by a second person")
