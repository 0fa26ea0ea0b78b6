"""Historical baselines: the published report figures for the years before the platform.

A baseline is one published report (the Helpdesk's annual report to the Governing Body) loaded as
aggregates: for each table and row, the figure of the report's period, of the previous period
where it was published (table 4) and the cumulative total since March 2009. Cumulative totals of
later periods are the baseline's cumulative column plus the cases counted after its end.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from labourdesk.core.models import TimeStampedModel


class HistoricalBaseline(TimeStampedModel):
    """One published report, loaded as the baseline at the end of its reference period."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # The reference period the report covers: [period_start, period_end) in the Helpdesk's
    # time zone; period_end is the first day after the period (1 March).
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end (exclusive)"), unique=True)
    source = models.TextField(_("source"), blank=True)
    # Distinct admissible questions: this period, the previous period, since March 2009.
    total_period = models.PositiveIntegerField(_("total in the period"), null=True, blank=True)
    total_previous = models.PositiveIntegerField(
        _("total in the previous period"), null=True, blank=True
    )
    total_cumulative = models.PositiveIntegerField(_("cumulative total"), null=True, blank=True)
    # Figures as printed in the narrative ({name: number}), and the source file's notes per table.
    narrative = models.JSONField(_("published narrative figures"), default=dict, blank=True)
    notes = models.JSONField(_("notes of the source file"), default=dict, blank=True)
    # Table 6's published totals since 2011-12 ({"visits": n, "users": n, "page_views": n}).
    website_totals = models.JSONField(_("published website totals"), default=dict, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["period_end"]
        verbose_name = _("historical baseline")
        verbose_name_plural = _("historical baselines")
        permissions = [("view_annual_report", _("Can view the Helpdesk annual report"))]
        constraints = [
            models.CheckConstraint(
                name="baseline_period_ordered",
                condition=models.Q(period_start__lt=models.F("period_end")),
            )
        ]

    def __str__(self) -> str:
        return self.title


class BaselineFigure(models.Model):
    """One published row of one table of a baseline. A missing figure is NULL, never 0."""

    class Table(models.TextChoices):
        USER_TYPES = "t1", _("Table 1: users by type")
        USER_REGIONS = "t2", _("Table 2: users by region")
        REGIONS_CONCERNED = "t3", _("Table 3: regions concerned")
        SECTORS = "t4", _("Table 4: sectors")
        TOPICS = "t5", _("Table 5: MNE Declaration domains and categories")

    baseline = models.ForeignKey(
        HistoricalBaseline, on_delete=models.CASCADE, related_name="figures"
    )
    table = models.CharField(_("table"), max_length=2, choices=Table.choices)
    # A taxonomy code, or "total" for the published TOTAL row.
    row_code = models.SlugField(_("row"), max_length=64)
    period = models.PositiveIntegerField(
        _("period"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    previous = models.PositiveIntegerField(_("previous period"), null=True, blank=True)
    cumulative = models.PositiveIntegerField(_("cumulative"), null=True, blank=True)
    # The source printed one value whose column is unclear (table 5, "General" rows).
    single_value = models.BooleanField(_("published with a single value"), default=False)

    class Meta:
        ordering = ["baseline", "table", "id"]
        verbose_name = _("baseline figure")
        verbose_name_plural = _("baseline figures")
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "table", "row_code"], name="baseline_figure_unique_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.baseline.code} {self.table} {self.row_code}"


class MonthlyCount(models.Model):
    """A derived roll-up: admissible cases per table, term and month (Helpdesk time zone).

    Kept equal to a count from the cases (see `rollup.py`: deltas recorded with each change,
    recounts after bulk inserts), never edited by hand: it lets the report answer from a few
    thousand rows instead of joining every case.
    """

    # "t0" is the TOTAL (distinct cases); t1–t5 the tables.
    table = models.CharField(max_length=2)
    # The taxonomy term's id (0 for the TOTAL).
    term_id = models.BigIntegerField()
    month = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "term_id", "month"], name="monthly_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.term_id} {self.month:%Y-%m} {self.count}"


class RollupState(models.Model):
    """The signature of the case data the monthly roll-up was built from (one row)."""

    signature = models.CharField(max_length=500, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up state")
        verbose_name_plural = _("roll-up state")

    def __str__(self) -> str:
        return f"roll-up {self.built_at}"


class RollupDirtyMonth(models.Model):
    """A month of the roll-up to recount from the cases before the next report.

    Written by `rollup_mark_months()` in the writer's transaction (one row per month, duplicates
    ignored): when a row inserted in bulk and not counted yet is deleted, or by a caller that
    changed cases behind the ORM's back. Read and deleted by the recount (`rollup.py`).
    """

    month = models.DateField(unique=True)

    class Meta:
        verbose_name = _("roll-up month to rebuild")
        verbose_name_plural = _("roll-up months to rebuild")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class RollupDelta(models.Model):
    """A change of the roll-up not applied yet: +n or -n on one (table, term, month) count.

    Written by the signal listeners in the writer's transaction (a case's old contribution
    counted -1, its new one +1), summed into MonthlyCount and deleted by the next report
    (`rollup.py`). Writers only insert here, so they never wait on each other's roll-up rows.
    """

    table = models.CharField(max_length=2)
    term_id = models.BigIntegerField()
    month = models.DateField()
    delta = models.IntegerField()

    class Meta:
        verbose_name = _("roll-up change to apply")
        verbose_name_plural = _("roll-up changes to apply")

    def __str__(self) -> str:
        return f"{self.table} {self.term_id} {self.month:%Y-%m} {self.delta:+d}"


class RollupInsert(models.Model):
    """A case ("c") or a through row ("t3"–"t5") inserted through the ORM, whose contribution a
    RollupDelta already carries: the watermark check (`rollup.py`) skips it, and recounts only
    the months of rows inserted in bulk, which send no signal."""

    table = models.CharField(max_length=2)
    row_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("roll-up insert already counted")
        verbose_name_plural = _("roll-up inserts already counted")

    def __str__(self) -> str:
        return f"{self.table} {self.row_id}"


class WebsiteBaselineYear(models.Model):
    """One year of a published table 6 (the website's activity, as Google Analytics counted it).

    A figure the report does not give is NULL, never 0. The published totals since 2011-12 are
    on the baseline (`website_totals`)."""

    baseline = models.ForeignKey(
        HistoricalBaseline, on_delete=models.CASCADE, related_name="website_years"
    )
    # The first day of the reference period (1 March).
    period_start = models.DateField(_("period start"))
    visits = models.PositiveIntegerField(_("visits"), null=True, blank=True)
    visits_monthly_average = models.PositiveIntegerField(
        _("visits per month"), null=True, blank=True
    )
    users = models.PositiveIntegerField(_("users"), null=True, blank=True)
    share_new_users = models.DecimalField(
        _("share of new users (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    countries = models.PositiveSmallIntegerField(
        _("countries or territories"), null=True, blank=True
    )
    page_views = models.PositiveIntegerField(_("pages viewed"), null=True, blank=True)

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("published website year")
        verbose_name_plural = _("published website years")
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "period_start"], name="website_baseline_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.baseline.code} website {self.period_start:%Y}"


class WebsiteBaselineContinent(models.Model):
    """Users of one region (continent) in one year, as a published report gives them."""

    class Continent(models.TextChoices):
        AFRICA = "africa", _("Africa")
        AMERICAS = "americas", _("Americas")
        ASIA = "asia", _("Asia")
        EUROPE = "europe", _("Europe")
        OCEANIA = "oceania", _("Oceania")
        UNKNOWN = "unknown", pgettext_lazy("region", "Unknown")

    baseline = models.ForeignKey(
        HistoricalBaseline, on_delete=models.CASCADE, related_name="website_continents"
    )
    period_start = models.DateField(_("period start"))
    continent = models.CharField(_("region"), max_length=10, choices=Continent.choices)
    users = models.PositiveIntegerField(_("users"), null=True, blank=True)
    # The share printed in the report (NULL where the source is illegible).
    share_published = models.DecimalField(
        _("published share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["period_start", "continent"]
        verbose_name = _("published users by continent")
        verbose_name_plural = _("published users by continent")
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "period_start", "continent"],
                name="website_baseline_continent_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.baseline.code} {self.continent} {self.period_start:%Y}"
