"""Who sees which compliance records: one rule for the pages, the API, the exports and reports.

- Administrators see everything.
- Enterprise advisors and programme managers see the factories of the country programmes they
  belong to (`CountryProgramme.staff`), and everything hanging off those factories.
- Factory users see their own factory (the one whose `organisation` is theirs); of its
  assessments, only those released to the factory.
- Buyer users see a factory only while it has an active (not revoked) consent for their buyer,
  and only released assessments; findings and improvement plans need the *full* level.

Every queryset of a record that belongs to a factory subclasses `FactoryScopedQuerySet`, so the
rule lives here once. Objects outside the scope are simply not in the queryset: views answer 404.
"""

from django.db import models
from django.db.models import Q

from labourdesk.core.querysets import RestrictedQuerySet
from labourdesk.core.roles import (
    ADMINISTRATOR,
    BUYER_USER,
    ENTERPRISE_ADVISOR,
    FACTORY_USER,
    PROGRAMME_MANAGER,
    has_role,
)

STAFF_ROLES = (ENTERPRISE_ADVISOR, PROGRAMME_MANAGER)
SUMMARY = "summary"
FULL = "full"


def _prefixed(prefix: str, lookup: str) -> str:
    return f"{prefix}__{lookup}" if prefix else lookup


def consented_factory_ids(user, *, levels=(SUMMARY, FULL)):
    """Ids of the factories whose active consent covers the user's buyer at one of `levels`."""
    from labourdesk.compliance.models import ReportConsent

    return ReportConsent.objects.filter(
        buyer__organisation_id=user.organisation_id,
        revoked_at__isnull=True,
        level__in=levels,
    ).values("factory_id")


def programme_country_ids(user):
    from labourdesk.compliance.models import CountryProgramme

    return CountryProgramme.objects.filter(staff=user).values("country_id")


def importable_country_ids(user) -> set[int] | None:
    """The member states whose rows `user` may import: programme staff their programmes',
    None for every country (an administrator, or the operator's command, which has no user)."""
    if user is None or has_role(user, ADMINISTRATOR):
        return None
    return set(programme_country_ids(user).values_list("country_id", flat=True))


def factory_scope_q(
    user,
    action: str,
    *,
    prefix: str = "",
    buyer_levels: tuple[str, ...] = (),
    released_field: str | None = None,
) -> Q | None:
    """A Q over the model's factory (reached through `prefix`), or None for "everything".

    `released_field` names the assessment status field factory and buyer users depend on;
    `buyer_levels` the consent levels that open the model to buyers (empty: never).
    """
    if has_role(user, ADMINISTRATOR):
        return None
    q = Q(pk__in=[])
    if has_role(user, *STAFF_ROLES):
        q |= Q(**{_prefixed(prefix, "country_id__in"): programme_country_ids(user)})
    released = Q()
    if released_field:
        from labourdesk.compliance.models.assessment import AssessmentStatus

        released = Q(**{released_field: AssessmentStatus.RELEASED})
    if has_role(user, FACTORY_USER) and user.organisation_id:
        q |= Q(**{_prefixed(prefix, "organisation_id"): user.organisation_id}) & released
    if has_role(user, BUYER_USER) and user.organisation_id and buyer_levels and action == "view":
        factory_id = _prefixed(prefix, "pk__in") if not prefix else f"{prefix}_id__in"
        q |= Q(**{factory_id: consented_factory_ids(user, levels=buyer_levels)}) & released
    return q


class FactoryScopedQuerySet(RestrictedQuerySet):
    """Base for every record that belongs to a factory."""

    factory_prefix = "factory"
    buyer_levels: tuple[str, ...] = ()
    released_field: str | None = None

    def scope(self, user, action: str):
        q = factory_scope_q(
            user,
            action,
            prefix=self.factory_prefix,
            buyer_levels=self.buyer_levels,
            released_field=self.released_field,
        )
        return self if q is None else self.filter(q)


class ComplianceManager(models.Manager):
    pass
