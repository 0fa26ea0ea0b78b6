"""The registry (factories, buyers, relationships) and the factory's consents."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.compliance.models import (
    Buyer,
    CountryProgramme,
    Factory,
    FactoryBuyer,
    ReportConsent,
)
from labourdesk.compliance.services._base import _require, _save
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import (
    ADMINISTRATOR,
    FACTORY_USER,
    PROGRAMME_MANAGER,
    has_role,
)

# Registry ---------------------------------------------------------------------------------------


def _factory_country_check(actor, country) -> None:
    if (
        actor is not None
        and not has_role(actor, ADMINISTRATOR)
        and not (
            has_role(actor, PROGRAMME_MANAGER)
            and CountryProgramme.objects.filter(country=country, staff=actor).exists()
        )
    ):
        raise PermissionDenied(_("You may not register factories in this country."))


def _factory_organisation_check(organisation) -> None:
    """A factory's account is a factory organisation: a buyer's or a department's never is
    (its users would otherwise see the factory as their own)."""
    if organisation is not None and organisation.kind != organisation.Kind.FACTORY:
        raise ValidationError({"organisation": _("Choose an organisation of the kind “factory”.")})


def factory_create(*, actor, name: str, country, **fields) -> Factory:
    _factory_country_check(actor, country)
    _factory_organisation_check(fields.get("organisation"))
    with transaction.atomic():
        factory = Factory(name=name, country=country, **fields)
        _save(factory)
        audit_record(actor=actor, action="compliance.factory.create", target=factory)
    return factory


def factory_update(*, actor, factory: Factory, **fields) -> Factory:
    _require(Factory, actor, factory, "change")
    if "country" in fields and fields["country"].pk != factory.country_id:
        # Moving a factory is registering it in the new country: the same right is needed.
        _factory_country_check(actor, fields["country"])
    if "organisation" in fields:
        _factory_organisation_check(fields["organisation"])
    with transaction.atomic():
        for name, value in fields.items():
            setattr(factory, name, value)
        _save(factory)
        audit_record(
            actor=actor,
            action="compliance.factory.update",
            target=factory,
            details={"fields": sorted(fields)},
        )
    return factory


def buyer_create(*, actor, name: str, organisation=None) -> Buyer:
    with transaction.atomic():
        buyer = Buyer(name=name, organisation=organisation)
        _save(buyer)
        audit_record(actor=actor, action="compliance.buyer.create", target=buyer)
    return buyer


def factory_buyer_link(*, actor, factory: Factory, buyer: Buyer) -> FactoryBuyer:
    _require(Factory, actor, factory, "change")
    with transaction.atomic():
        link, created = FactoryBuyer.objects.get_or_create(factory=factory, buyer=buyer)
        if created:
            audit_record(actor=actor, action="compliance.factory.buyer_link", target=link)
    return link


# Consent ----------------------------------------------------------------------------------------


def consent_check(*, actor, factory: Factory) -> None:
    """Only the factory itself (or an administrator) decides who sees its reports."""
    if actor is not None and has_role(actor, ADMINISTRATOR):
        return
    if actor is None or not (
        has_role(actor, FACTORY_USER) and actor.organisation_id == factory.organisation_id
    ):
        raise PermissionDenied(_("Only the factory grants or revokes access to its reports."))


def consent_grant(*, actor, factory: Factory, buyer: Buyer, level: str) -> ReportConsent:
    """Grant `buyer` access at `level`; an existing grant at another level is replaced."""
    consent_check(actor=actor, factory=factory)
    if level not in ReportConsent.Level.values:
        raise ValidationError({"level": _("Choose summary or full.")})
    with transaction.atomic():
        current = (
            ReportConsent.objects.select_for_update()
            .filter(factory=factory, buyer=buyer, revoked_at__isnull=True)
            .first()
        )
        if current is not None and current.level == level:
            return current
        if current is not None:
            current.revoked_at = timezone.now()
            current.revoked_by = actor
            current.save(update_fields=["revoked_at", "revoked_by"])
        consent = ReportConsent(factory=factory, buyer=buyer, level=level, granted_by=actor)
        _save(consent)
        audit_record(
            actor=actor,
            action="compliance.consent.grant",
            target=consent,
            details={"factory": factory.pk, "buyer": buyer.pk, "level": level},
        )
    return consent


def consent_revoke(*, actor, consent: ReportConsent) -> ReportConsent:
    consent_check(actor=actor, factory=consent.factory)
    if consent.revoked_at is not None:
        return consent
    with transaction.atomic():
        consent.revoked_at = timezone.now()
        consent.revoked_by = actor
        consent.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="compliance.consent.revoke",
            target=consent,
            details={"factory": consent.factory_id, "buyer": consent.buyer_id},
        )
    return consent
