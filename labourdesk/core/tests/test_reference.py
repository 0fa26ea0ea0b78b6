from io import StringIO

import pytest
from django.core.management import call_command

from labourdesk.compliance.models import Cluster, CompliancePoint
from labourdesk.core.reference import ReferenceDataError
from labourdesk.helpdesk.models import Region, Sector, Topic, UserType
from labourdesk.standards.models import Instrument, MemberState
from labourdesk.standards.reference import parse_iso2


def _counts() -> tuple[int, ...]:
    models = (MemberState, Instrument, UserType, Region, Sector, Topic, Cluster, CompliancePoint)
    return tuple(model.objects.count() for model in models)


# 266 instruments: the 205 of instruments.csv and the 61 other recommendations of
# standards/sourced/recommendations.csv.
EXPECTED = (187, 266, 12, 12, 23, 37, 8, 39)


def test_reference_data_loads_and_is_idempotent(reference_data):
    assert _counts() == EXPECTED
    call_command("load_reference_data", stdout=StringIO())
    assert _counts() == EXPECTED


def test_namibia_is_na_as_text_and_aliases_are_kept(reference_data):
    assert MemberState.objects.get(iso3="NAM").iso2 == "NA"
    gbr = MemberState.objects.get(iso3="GBR")
    assert (gbr.iso2, gbr.iso2_aliases) == ("GB", ["UK"])
    assert MemberState.objects.get(iso3="GRC").iso2_aliases == ["EL"]


def test_country_names_are_localised(reference_data):
    fra = MemberState.objects.get(iso3="DEU")
    assert fra.localized_name("fr") == "Allemagne"
    assert fra.localized_name("es") == "Alemania"
    assert fra.localized_name("ja") == "ドイツ"


def test_parse_iso2_rejects_garbage():
    with pytest.raises(ReferenceDataError, match="row 3"):
        parse_iso2("G1", "member_states.csv row 3 column iso2")


def test_fundamental_instruments_and_labels(reference_data):
    fundamental = set(
        Instrument.objects.filter(category="Fundamental").values_list("code", flat=True)
    )
    assert {
        "C029",
        "C087",
        "C098",
        "C100",
        "C105",
        "C111",
        "C138",
        "C155",
        "C182",
        "C187",
    } <= fundamental
    assert Region.objects.get(code="pacific").is_region_concerned is False
    topic = Topic.objects.get(code="child_labour")
    assert topic.domain.code == "employment"
    assert topic.label_in("fr") == "Travail des enfants"
