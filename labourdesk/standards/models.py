"""International labour standards and ILO member states (reference data; NORMLEX-like)."""

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from labourdesk.core.db.choices import ChoiceLabelsMixin
from labourdesk.core.querysets import RestrictedQuerySet

# English names where CLDR's English is informal or not the country's current name: the UN's
# short names (the ones the ILO uses). Cabo Verde asked the UN to use that name in 2013; CLDR
# keeps "Cape Verde" and offers "Cabo Verde" only as a variant. "&", "St." and the
# "Congo - Kinshasa" disambiguation are CLDR's casual English style, not an official document's.
ENGLISH_NAMES = {
    "AG": "Antigua and Barbuda",
    "BA": "Bosnia and Herzegovina",
    "CD": "Democratic Republic of the Congo",
    "CG": "Congo",
    "CV": "Cabo Verde",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "MM": "Myanmar",
    "ST": "Sao Tome and Principe",
    "TT": "Trinidad and Tobago",
    "VC": "Saint Vincent and the Grenadines",
}


@lru_cache(maxsize=16)
def _territory_names(language: str) -> dict[str, str]:
    """CLDR territory names for a Django language code; parsed once per language, since a
    country list renders 187 names on every page that shows it."""
    code = language.replace("-", "_")
    if code == "zh_hans":
        code = "zh_Hans"
    try:
        names = dict(Locale.parse(code).territories)
    except (UnknownLocaleError, ValueError):
        return {}
    if code.split("_")[0] == "en":
        names.update(ENGLISH_NAMES)
    return names


class PublicQuerySet(RestrictedQuerySet):
    def restrict_anonymous(self, action: str):
        # The catalogue and the member states are public.
        return self if action == "view" else self.none()


class IloRegion(models.TextChoices):
    """The ILO's five regions, as ILOSTAT names them (the values are the loaded data's)."""

    AFRICA = "Africa", pgettext_lazy("ILO region", "Africa")
    AMERICAS = "Americas", pgettext_lazy("ILO region", "Americas")
    ARAB_STATES = "Arab States", pgettext_lazy("ILO region", "Arab States")
    ASIA_PACIFIC = "Asia and the Pacific", pgettext_lazy("ILO region", "Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = (
        "Europe and Central Asia",
        pgettext_lazy("ILO region", "Europe and Central Asia"),
    )


class MemberState(ChoiceLabelsMixin, models.Model):
    """One of the 187 ILO member states, keyed by ISO 3166-1 alpha-3."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    # Namibia's ISO2 code is the string "NA": always text.
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    # Other two-letter codes in use for the country (UK for GB, EL for GR in EU usage).
    iso2_aliases = models.JSONField(_("other two-letter codes"), default=list, blank=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    un_member_since = models.PositiveSmallIntegerField(_("UN member since"), null=True, blank=True)
    ilo_region = models.CharField(_("ILO region"), max_length=100, choices=IloRegion.choices)
    ilo_subregion_broad = models.CharField(_("ILO subregion (broad)"), max_length=100, blank=True)
    ilo_subregion_detailed = models.CharField(
        _("ILO subregion (detailed)"), max_length=100, blank=True
    )
    income_group = models.CharField(_("World Bank income group"), max_length=100, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="memberstate_iso3_upper"
            ),
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="memberstate_iso2_upper"
            ),
        ]

    def __str__(self) -> str:
        return self.localized_name()

    def localized_name(self, language: str | None = None) -> str:
        """The country's name in the language (CLDR, through Babel), else the ILOSTAT name."""
        names = _territory_names(language or get_language() or "en")
        return names.get(self.iso2) or self.name


class Subject(models.Model):
    """A subject of the ILO's classification of instruments (freedom of association, OSH...).

    Labels per language; empty until a sourced list is loaded: none is made up.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    labels = models.JSONField(_("labels"), default=dict, help_text=_("Label per language code."))

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return self.labels.get(language) or self.labels.get("en") or self.code


class Instrument(ChoiceLabelsMixin, models.Model):
    """A convention, protocol or recommendation of the ILO.

    `status` is the legal status; `gb_classification` the Governing Body's review of whether it
    is up to date. Both stay blank where no source was seen: blank never means "in force" was
    checked. `titles` holds only titles read in a source; a recommendation without one shows its
    number and year (`display_title`).
    """

    class Type(models.TextChoices):
        CONVENTION = "Convention", _("Convention")
        PROTOCOL = "Protocol", _("Protocol")
        RECOMMENDATION = "Recommendation", _("Recommendation")

    class Category(models.TextChoices):
        FUNDAMENTAL = "Fundamental", _("Fundamental")
        GOVERNANCE = "Governance", _("Governance (priority)")
        TECHNICAL = "Technical", _("Technical")

    class Status(models.TextChoices):
        UNKNOWN = "", _("In force (or not otherwise known)")
        NOT_YET_IN_FORCE = "not yet in force", _("Not yet in force")
        ABROGATED = "abrogated", _("Abrogated")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REPLACED = "replaced", _("Replaced")
        # The ILO Tokyo list brackets a recommendation "withdrawn or replaced" without saying which.
        WITHDRAWN_OR_REPLACED = "withdrawn or replaced", _("Withdrawn or replaced")

    class Classification(models.TextChoices):
        UNKNOWN = "", _("Not known")
        UP_TO_DATE = "up-to-date", _("Up-to-date")
        TO_BE_REVISED = "to be revised", _("To be revised")
        INTERIM = "interim", _("Interim status")
        OUTDATED = "outdated", _("Outdated")
        REQUEST_INFORMATION = "request information", _("Request for information")

    code = models.CharField(_("code"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    titles = models.JSONField(
        _("titles"), default=dict, blank=True, help_text=_("Title per language code.")
    )
    short_titles = models.JSONField(
        _("short titles"), default=dict, blank=True, help_text=_("Short name per language code.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    session = models.PositiveSmallIntegerField(_("Conference session"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, blank=True)
    status_note = models.TextField(_("status note"), blank=True)
    gb_classification = models.CharField(
        _("Governing Body classification"),
        max_length=30,
        choices=Classification.choices,
        blank=True,
    )
    gb_classification_source = models.CharField(
        _("classification source"), max_length=300, blank=True
    )
    subjects = models.ManyToManyField(
        Subject, verbose_name=_("subjects"), blank=True, related_name="instruments"
    )
    supplements = models.ForeignKey(
        "self",
        verbose_name=_("supplements"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supplemented_by",
        help_text=_("The convention a protocol or recommendation supplements."),
    )
    revised_by = models.ForeignKey(
        "self",
        verbose_name=_("revised or replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revises",
    )
    title_verified = models.CharField(_("title verified"), max_length=100, blank=True)
    normlex_id = models.PositiveIntegerField(_("NORMLEX id"), null=True, blank=True)
    normlex_url = models.URLField(_("NORMLEX page"), max_length=300, blank=True)
    source_url = models.TextField(_("sources"), blank=True)
    source_as_of = models.CharField(_("sources as of"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["type", "number", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^(C|P|R)[0-9]{3}$"), name="instrument_code_shape"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    def title_in(self, language: str | None = None) -> tuple[str, str | None]:
        """(title, language of the title): the page's language where known, else English, else
        None when no source gave a title."""
        language = (language or get_language() or "en").split("-")[0]
        for candidate in (language, "en"):
            if self.titles.get(candidate):
                return self.titles[candidate], candidate
        return "", None

    @property
    def title(self) -> str:
        return self.title_in()[0] or self.code

    @property
    def display_title(self) -> str:
        """The title where a source gave one; otherwise the type, number and year, never an
        invented title."""
        title = self.title_in()[0]
        if title:
            return title
        label = self.get_type_display()
        if self.number and self.year:
            return _("%(type)s No. %(number)s (%(year)s)") % {
                "type": label,
                "number": self.number,
                "year": self.year,
            }
        return self.code

    @property
    def title_language(self) -> str | None:
        return self.title_in()[1]

    @property
    def counts_ratifications(self) -> bool:
        """Recommendations are not ratified; the Office publishes no current figures for
        abrogated or withdrawn conventions."""
        return self.type != self.Type.RECOMMENDATION

    @property
    def figures_published(self) -> bool:
        """The Office stops publishing ratification figures for abrogated and withdrawn
        conventions (PROVENANCE.md): their pages show no map, chart or count."""
        return self.counts_ratifications and self.status not in (
            self.Status.ABROGATED,
            self.Status.WITHDRAWN,
        )


class Dataset(models.Model):
    """One load of ratifications, comments or law links: where it came from and when.

    Its coverage rows say which instruments (and countries) it covers completely and which
    partly; pages say "not ratified" only inside complete coverage.
    """

    class Kind(models.TextChoices):
        SOURCED = "sourced", _("Sourced reference file")
        NORMLEX_INSTRUMENT = "normlex_instrument", _("NORMLEX instrument page")
        NORMLEX_COUNTRY = "normlex_country", _("NORMLEX country page")
        CSV = "csv", _("CSV file")
        COMMENTS = "comments", _("Supervisory comments (CSV)")
        LAW_LINKS = "law_links", _("National law links (CSV)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    source = models.TextField(_("source"))
    source_url = models.TextField(_("source address"), blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_note = models.CharField(_("as of (as the source says)"), max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=300)
    file_sha256 = models.CharField(_("file hash (SHA-256)"), max_length=64)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.name

    @property
    def as_of_label(self) -> str:
        if self.as_of:
            return self.as_of.isoformat()
        return self.as_of_note or str(_("unknown"))


class Coverage(ChoiceLabelsMixin, models.Model):
    """What a dataset covers: one instrument (or all), in one country (or all), completely or
    partly. `known_total` is the number of ratifications a source states, where one does."""

    class Extent(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        PARTIAL = "partial", _("Partial")

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="coverage"
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coverage",
        help_text=_("Blank: every instrument."),
    )
    country = models.ForeignKey(
        MemberState,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coverage",
        help_text=_("Blank: every member state."),
    )
    extent = models.CharField(_("extent"), max_length=10, choices=Extent.choices)
    known_total = models.PositiveSmallIntegerField(_("known total"), null=True, blank=True)
    known_total_note = models.CharField(_("known total (source)"), max_length=300, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["dataset", "instrument__code"]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extent__in=["complete", "partial"]), name="coverage_extent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.instrument or '*'} / {self.country or '*'} {self.extent}"


class RatificationStatus(models.TextChoices):
    IN_FORCE = "in force", _("In force")
    NOT_IN_FORCE = "not in force", _("Not in force")
    DENOUNCED = "denounced", _("Denounced")
    TEMPORARY = "temporary", _("Temporarily not in force")
    # C182's universal ratification is sourced for every state, its current status is not.
    RATIFIED = "ratified", _("Ratified (current status not stated by the source)")


class Ratification(ChoiceLabelsMixin, models.Model):
    """A member state's ratification of a convention or protocol, as the latest dataset says.

    `declarations` holds what NORMLEX records: `minimum_age` (C138), `accepted` (articles or
    parts), `excluded_branches`, `territories`. Dates are those of registration; a source that
    gives only the year fills `registered_year`.
    """

    country = models.ForeignKey(
        MemberState,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="ratifications",
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="ratifications",
    )
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="ratifications"
    )
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    registered_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RatificationStatus.choices)
    entry_into_force_on = models.DateField(_("enters into force on"), null=True, blank=True)
    denounced_on = models.DateField(_("denounced on"), null=True, blank=True)
    denounced_by = models.ForeignKey(
        Instrument,
        verbose_name=_("automatically denounced by ratifying"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    declarations = models.JSONField(_("declarations"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_url = models.TextField(_("source address"), blank=True)
    source_as_of = models.CharField(_("source as of"), max_length=300, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["instrument__code", "country__name"]
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")
        constraints = [
            models.UniqueConstraint(fields=["country", "instrument"], name="ratification_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["in force", "not in force", "denounced", "temporary", "ratified"]
                ),
                name="ratification_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(registered_year__isnull=True)
                | models.Q(registered_year__gte=1919),
                name="ratification_year_from_1919",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.country.iso3}"

    @property
    def year(self) -> int | None:
        return self.registered_on.year if self.registered_on else self.registered_year


class RatificationChange(ChoiceLabelsMixin, models.Model):
    """One change to a ratification, kept for history (append-only)."""

    class Kind(models.TextChoices):
        NEW = "new", _("New")
        CHANGED = "changed", _("Changed")
        DENOUNCED = "denounced", _("Denounced")
        REMOVED = "removed", _("Removed")

    country = models.ForeignKey(
        MemberState, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("ratification change")
        verbose_name_plural = _("ratification changes")

    def __str__(self) -> str:
        return f"{self.kind} {self.instrument_id}/{self.country_id}"


class SupervisoryComment(ChoiceLabelsMixin, models.Model):
    """A comment of the Committee of Experts (CEACR): an observation or a direct request."""

    class Type(models.TextChoices):
        OBSERVATION = "observation", _("Observation")
        DIRECT_REQUEST = "direct request", _("Direct request")

    country = models.ForeignKey(
        MemberState, verbose_name=_("country"), on_delete=models.PROTECT, related_name="comments"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="comments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    url = models.URLField(_("link"), max_length=500)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="comments"
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "instrument__code"]
        verbose_name = _("supervisory comment")
        verbose_name_plural = _("supervisory comments")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "instrument", "year", "type"], name="comment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.country_id} {self.year} {self.type}"


class NationalLawLink(models.Model):
    """A link to a national labour law (NATLEX-style record)."""

    country = models.ForeignKey(
        MemberState, verbose_name=_("country"), on_delete=models.PROTECT, related_name="law_links"
    )
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="law_links"
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "-year", "title"]
        verbose_name = _("national law link")
        verbose_name_plural = _("national law links")
        constraints = [
            models.UniqueConstraint(fields=["country", "url"], name="lawlink_unique_url")
        ]

    def __str__(self) -> str:
        return self.title
