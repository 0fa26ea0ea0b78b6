"""The five tables of the annual report: which classification each counts, in which order."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from labourdesk.helpdesk.models import Case, Region, Sector, Topic, UserType


@dataclass(frozen=True)
class TableSpec:
    key: str
    number: int
    title: Promise
    row_heading: Promise
    # The Case field: a foreign key (one value per case) or a many-to-many (several).
    field: str
    many: bool
    taxonomy_name: str
    # Table 4 shows the previous period by default, as published.
    previous_by_default: bool = False

    @property
    def model(self):
        return Case._meta.get_field(self.field).related_model

    def terms(self):
        qs = self.model.objects.all()
        if self.key == "t2":
            qs = qs.filter(is_user_region=True)
        elif self.key == "t3":
            qs = qs.filter(is_region_concerned=True)
        if self.key == "t5":
            return qs.select_related("domain").order_by("domain__position", "position", "code")
        return qs.order_by("position", "code")

    def codes(self) -> set[str]:
        return set(self.terms().values_list("code", flat=True))

    @property
    def through(self):
        return Case._meta.get_field(self.field).remote_field.through

    @property
    def through_term_column(self) -> str:
        """The through table's foreign key to the term, e.g. `sector_id`."""
        model = self.model
        for f in self.through._meta.get_fields():
            if getattr(f, "related_model", None) is model:
                return f.attname
        raise LookupError(self.field)  # pragma: no cover


TABLES: tuple[TableSpec, ...] = (
    TableSpec("t1", 1, _("Users by type"), _("User type"), "user_type", False, "user type"),
    TableSpec("t2", 2, _("Users by region"), _("Region"), "user_region", False, "user region"),
    TableSpec(
        "t3",
        3,
        _("Regions concerned by the requests"),
        _("Region"),
        "regions_concerned",
        True,
        "region concerned",
    ),
    TableSpec(
        "t4",
        4,
        _("Sectors concerned by the requests"),
        _("Sector"),
        "sectors",
        True,
        "sector",
        previous_by_default=True,
    ),
    TableSpec(
        "t5",
        5,
        _("Questions by MNE Declaration domain and category"),
        _("Category"),
        "topics",
        True,
        "topic",
    ),
)
TABLES_BY_KEY = {t.key: t for t in TABLES}
# Keep the model names referenced for readers (and linters).
TAXONOMY_MODELS = (UserType, Region, Sector, Topic)
