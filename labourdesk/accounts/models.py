"""Users and the organisations they act for."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from labourdesk.core.models import TimeStampedModel
from labourdesk.core.querysets import RestrictedManager


class Organisation(TimeStampedModel):
    """A body whose users act together: a factory, a buyer (brand), an ILO department, a partner.

    Factory and buyer users belong to exactly one organisation and see only its records.
    """

    class Kind(models.TextChoices):
        FACTORY = "factory", _("Factory")
        BUYER = "buyer", _("Buyer")
        ILO_DEPARTMENT = "ilo_department", _("ILO department")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_kind_name")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person with an account. Requesters of the Helpdesk have no account."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    # Used by assessments: Better Work pairs a woman and a man where possible.
    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        UNSPECIFIED = "", _("Not specified")

    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
