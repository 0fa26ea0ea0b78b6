"""The Helpdesk's classification vocabularies (data/helpdesk/*.csv), editable by its managers.

Codes are stable: the annual report and the historical baselines refer to them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from labourdesk.core.models import TaxonomyTerm


class UserType(TaxonomyTerm):
    """Who asks: workers or unions, employers' organisations, MNEs, SMEs... (report table 1)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("user type")
        verbose_name_plural = _("user types")


class Region(TaxonomyTerm):
    """A region, used for the user's region (table 2) and the regions concerned (table 3)."""

    is_user_region = models.BooleanField(_("usable as the user's region"), default=True)
    is_region_concerned = models.BooleanField(_("usable as a region concerned"), default=True)

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Sector(TaxonomyTerm):
    """An economic sector (table 4)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class TopicDomain(TaxonomyTerm):
    """A domain of the MNE Declaration (general, employment, training, conditions...)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic domain")
        verbose_name_plural = _("topic domains")


class Topic(TaxonomyTerm):
    """A category of the MNE Declaration within a domain (table 5)."""

    domain = models.ForeignKey(
        TopicDomain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="topics"
    )

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["domain__position", "position", "code"]
