"""International labour standards and ILO member states (reference data; NORMLEX-like)."""

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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


class MemberState(models.Model):
    """One of the 187 ILO member states, keyed by ISO 3166-1 alpha-3."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    # Namibia's ISO2 code is the string "NA": always text.
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    # Other two-letter codes in use for the country (UK for GB, EL for GR in EU usage).
    iso2_aliases = models.JSONField(_("other two-letter codes"), default=list, blank=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    un_member_since = models.PositiveSmallIntegerField(_("UN member since"), null=True, blank=True)
    ilo_region = models.CharField(_("ILO region"), max_length=100)
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


class Instrument(models.Model):
    """A convention, protocol or recommendation of the ILO."""

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
        ABROGATED = "abrogated", _("Abrogated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.CharField(_("code"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    titles = models.JSONField(_("titles"), default=dict, help_text=_("Title per language code."))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    status_note = models.TextField(_("status note"), blank=True)
    gb_classification = models.CharField(
        _("Governing Body classification"), max_length=30, blank=True
    )
    title_verified = models.CharField(_("title verified"), max_length=100, blank=True)
    normlex_id = models.PositiveIntegerField(_("NORMLEX id"), null=True, blank=True)
    normlex_url = models.URLField(_("NORMLEX page"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["type", "number", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return self.titles.get(language) or self.titles.get("en") or self.code
