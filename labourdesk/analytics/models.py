"""Cookie-less website statistics: page views, daily salts and daily roll-ups.

Nothing here identifies a person: no IP address, no full user agent, no full referrer URL is ever
stored. A visitor is a keyed hash (BLAKE2b) of the day's random salt, the IP, the user agent and
the host; the salt is destroyed after two days, so the same visitor cannot be linked across days.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    SEARCH = "search", _("Search engines")
    DIRECT = "direct", _("Direct")
    REFERRAL = "referral", _("Other sites")
    SOCIAL = "social", _("Social networks")
    EMAIL = "email", _("E-mail")


class Device(models.TextChoices):
    DESKTOP = "desktop", _("Desktop")
    MOBILE = "mobile", _("Mobile")
    TABLET = "tablet", _("Tablet")
    OTHER = "other", _("Other")


class DailySalt(models.Model):
    """The random key of one day's visitor hashes. Kept for that day and the next (visits that
    cross midnight), then deleted by `analytics_prune` and whenever a new day's salt is made."""

    day = models.DateField(_("day"), primary_key=True)
    key = models.BinaryField(_("key"), max_length=32)

    class Meta:
        verbose_name = _("daily salt")
        verbose_name_plural = _("daily salts")

    def __str__(self) -> str:
        return str(self.day)


class PageView(models.Model):
    """One successful GET of a public page by a visitor who is neither signed in nor a robot."""

    at = models.DateTimeField(_("at"), db_index=True)
    day = models.DateField(_("day"), db_index=True)
    path = models.CharField(_("path"), max_length=500)
    title = models.CharField(_("page title"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    referrer_host = models.CharField(_("referrer host"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    device = models.CharField(_("device"), max_length=10, choices=Device.choices)
    visitor = models.CharField(_("visitor hash"), max_length=32, db_index=True)
    visit = models.CharField(_("visit"), max_length=32, db_index=True)
    entry = models.BooleanField(_("first page of its visit"), default=False)

    class Meta:
        verbose_name = _("page view")
        verbose_name_plural = _("page views")
        indexes = [models.Index(fields=["day", "path"])]

    def __str__(self) -> str:
        return f"{self.day} {self.path}"


class DailyStat(models.Model):
    """A day's figures for one value of one dimension (the whole site, a page, a country, a
    source, a referring host). Rebuilt whole for a day by `analytics_rollup`: idempotent."""

    class Dimension(models.TextChoices):
        SITE = "site", _("Whole site")
        PAGE = "page", _("Page")
        COUNTRY = "country", _("Country")
        SOURCE = "source", _("Source")
        REFERRER = "referrer", _("Referring site")
        DEVICE = "device", _("Device")

    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    value = models.CharField(_("value"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    title = models.CharField(_("page title"), max_length=300, blank=True)
    visits = models.PositiveIntegerField(_("visits"))
    pageviews = models.PositiveIntegerField(_("page views"))
    visitors = models.PositiveIntegerField(_("daily unique visitors"))

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "dimension", "value", "language", "theme"],
                name="analytics_dailystat_unique",
            )
        ]
        indexes = [models.Index(fields=["dimension", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.value}"
