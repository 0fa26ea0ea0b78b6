"""The registry: factories, buyers, their relationships, and the factory's consents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labourdesk.compliance.limits import ADDRESS_MAX, text_limit
from labourdesk.compliance.models.questionnaire import Industry
from labourdesk.compliance.querysets import (
    FULL,
    STAFF_ROLES,
    SUMMARY,
    FactoryScopedQuerySet,
    factory_scope_q,
)
from labourdesk.core.models import TimeStampedModel
from labourdesk.core.querysets import RestrictedQuerySet
from labourdesk.core.roles import ADMINISTRATOR, BUYER_USER, FACTORY_USER, has_role


class FactoryQuerySet(FactoryScopedQuerySet):
    factory_prefix = ""
    buyer_levels = (SUMMARY, FULL)


class Factory(TimeStampedModel):
    """A factory (facility) in a country programme. Its users act through `organisation`."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="factory",
    )
    external_id = models.CharField(
        _("Better Work factory id"), max_length=64, unique=True, null=True, blank=True
    )
    # Registry names run long (legal name, trading name, site): 500 holds every one seen so far.
    name = models.CharField(_("name"), max_length=500)
    address = models.TextField(_("address"), blank=True, **text_limit(ADDRESS_MAX))
    country = models.ForeignKey(
        "standards.MemberState",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="factories",
    )
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, default=Industry.APPAREL
    )
    workers_female = models.PositiveIntegerField(_("women workers"), null=True, blank=True)
    workers_male = models.PositiveIntegerField(_("men workers"), null=True, blank=True)
    os_hub_id = models.CharField(_("Open Supply Hub ID"), max_length=32, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    language = models.CharField(
        _("report language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    objects = FactoryQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("factory")
        verbose_name_plural = _("factories")

    def __str__(self) -> str:
        return self.name

    @property
    def workers_total(self) -> int | None:
        if self.workers_female is None and self.workers_male is None:
            return None
        return (self.workers_female or 0) + (self.workers_male or 0)


class BuyerQuerySet(RestrictedQuerySet):
    def scope(self, user, action: str):
        # Brands are not secret: staff and factory users (who choose whom to grant) see them all;
        # a buyer user sees only its own buyer.
        if has_role(user, ADMINISTRATOR, *STAFF_ROLES, FACTORY_USER):
            return self
        if not user.organisation_id:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


class Buyer(TimeStampedModel):
    """A buyer (brand or retailer) sourcing from factories. Its users act through `organisation`."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="buyer",
    )
    name = models.CharField(_("name"), max_length=255, unique=True)

    objects = BuyerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")

    def __str__(self) -> str:
        return self.name


class FactoryBuyerQuerySet(FactoryScopedQuerySet):
    def scope(self, user, action: str):
        q = factory_scope_q(user, action, prefix="factory")
        if q is None:
            return self
        if has_role(user, BUYER_USER) and action == "view":
            q |= Q(buyer__organisation_id=user.organisation_id)
        return self.filter(q)


class FactoryBuyer(TimeStampedModel):
    """A sourcing relationship between a factory and a buyer (not a consent)."""

    factory = models.ForeignKey(
        Factory, verbose_name=_("factory"), on_delete=models.CASCADE, related_name="buyer_links"
    )
    buyer = models.ForeignKey(
        Buyer, verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="factory_links"
    )

    objects = FactoryBuyerQuerySet.as_manager()

    class Meta:
        ordering = ["factory__name", "buyer__name"]
        verbose_name = _("factory–buyer relationship")
        verbose_name_plural = _("factory–buyer relationships")
        constraints = [
            models.UniqueConstraint(fields=["factory", "buyer"], name="factorybuyer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.factory} → {self.buyer}"


class ReportConsentQuerySet(FactoryScopedQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def scope(self, user, action: str):
        q = factory_scope_q(user, action, prefix="factory")
        if q is None:
            return self
        if has_role(user, BUYER_USER) and action == "view":
            # A buyer sees its own active grants, never the history of revoked ones.
            q |= Q(buyer__organisation_id=user.organisation_id, revoked_at__isnull=True)
        return self.filter(q)


class ReportConsent(models.Model):
    """A factory's consent for a buyer to read its reports, at a level.

    One row per grant; revoking sets `revoked_at` and takes effect at once, since every buyer
    queryset filters on active consents. At most one active consent per factory and buyer.
    """

    class Level(models.TextChoices):
        SUMMARY = SUMMARY, _("Summary")
        FULL = FULL, _("Full")

    factory = models.ForeignKey(
        Factory, verbose_name=_("factory"), on_delete=models.CASCADE, related_name="consents"
    )
    buyer = models.ForeignKey(
        Buyer, verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="consents"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportConsentQuerySet.as_manager()

    class Meta:
        ordering = ["factory__name", "buyer__name", "-granted_at"]
        verbose_name = _("report consent")
        verbose_name_plural = _("report consents")
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "buyer"],
                condition=Q(revoked_at__isnull=True),
                name="reportconsent_one_active",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[SUMMARY, FULL]), name="reportconsent_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factory} → {self.buyer} ({self.level})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
