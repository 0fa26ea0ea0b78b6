"""Better Work's clusters and compliance points (data/compliance/compliance_points.csv)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from labourdesk.core.models import TaxonomyTerm


class Cluster(TaxonomyTerm):
    """A cluster of compliance points: four core labour standards, four national-law clusters.

    `basis` is where the cluster comes from in the reference file; which clusters count as *core*
    in a questionnaire is a property of the questionnaire version (OSH became a fundamental
    principle in 2022).
    """

    class Basis(models.TextChoices):
        CORE_LABOUR_STANDARD = "core_labour_standard", _("Core labour standard")
        NATIONAL_LAW = "national_law", _("National law")

    basis = models.CharField(_("basis"), max_length=30, choices=Basis.choices)

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")


class CompliancePoint(TaxonomyTerm):
    """A compliance point (CP) within a cluster: the unit of non-compliance rates."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="points"
    )

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("compliance point")
        verbose_name_plural = _("compliance points")
        ordering = ["cluster__position", "position", "code"]
