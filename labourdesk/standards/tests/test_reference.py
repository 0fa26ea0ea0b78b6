"""The sourced reference data as `load_reference_data` loads it (the session fixture)."""

import csv

import pytest
from django.core.management import call_command

from labourdesk.core.testing.fixtures import shared_path
from labourdesk.standards.models import (
    Coverage,
    Dataset,
    Instrument,
    MemberState,
    Ratification,
    RatificationStatus,
)
from labourdesk.standards.selectors import NO_DATA, NOT_RATIFIED, RATIFIED, CoverageIndex

pytestmark = pytest.mark.django_db


def test_catalogue_and_recommendations_are_loaded_without_invented_titles():
    assert Instrument.objects.filter(type=Instrument.Type.CONVENTION).count() == 192
    r002 = Instrument.objects.get(code="R002")
    # The source gives no title for R002: its number and year, never a made-up title.
    assert r002.titles == {}
    assert r002.display_title == "Recommendation No. 2 (1919)"
    assert r002.status == Instrument.Status.WITHDRAWN_OR_REPLACED
    assert Instrument.objects.get(code="R001").titles["en"] == "Unemployment Recommendation, 1919"
    assert Instrument.objects.get(code="P029").supplements.code == "C029"


def test_c182_is_complete_and_the_others_partial():
    c182 = Instrument.objects.get(code="C182")
    assert Ratification.objects.filter(instrument=c182).count() == 187
    index = CoverageIndex()
    assert index.extent(c182.pk) == Coverage.Extent.COMPLETE
    for code in ("C138", "C187", "C155", "C029", "C087", "P029", "C081"):
        assert index.extent(Instrument.objects.get(code=code).pk) == Coverage.Extent.PARTIAL
    assert index.extent(Instrument.objects.get(code="C001").pk) is None


def test_coverage_rule_no_data_is_never_not_ratified():
    index = CoverageIndex()
    c087 = Instrument.objects.get(code="C087")
    france = MemberState.objects.get(iso3="FRA")
    # France's C087 is not in the partial file: that is "no data", not "not ratified".
    assert not Ratification.objects.filter(instrument=c087, country=france).exists()
    assert index.state(c087.pk, france.pk, None) == NO_DATA
    ghana = MemberState.objects.get(iso3="GHA")
    ratification = Ratification.objects.get(instrument=c087, country=ghana)
    assert index.state(c087.pk, ghana.pk, ratification) == RATIFIED
    # Inside complete coverage (C182), a missing row would be "not ratified".
    c182 = Instrument.objects.get(code="C182")
    assert index.state(c182.pk, france.pk, None) == NOT_RATIFIED


def test_sourced_rows_keep_their_status_dates_and_declarations():
    aze = Ratification.objects.get(instrument__code="C155", country__iso3="AZE")
    assert aze.status == RatificationStatus.NOT_IN_FORCE
    assert aze.entry_into_force_on.isoformat() == "2024-05-29"
    ghana_c138 = Ratification.objects.get(instrument__code="C138", country__iso3="GHA")
    assert ghana_c138.declarations["minimum_age"] == 15
    tonga = Ratification.objects.get(instrument__code="C182", country__iso3="TON")
    assert tonga.registered_on is None and tonga.registered_year == 2020
    # C182 rows whose status the source does not state are not promoted to "in force".
    assert Ratification.objects.filter(
        instrument__code="C182", status=RatificationStatus.RATIFIED
    ).exists()


def test_reloading_changes_nothing():
    datasets = Dataset.objects.count()
    before = list(Ratification.objects.order_by("pk").values())
    call_command("load_reference_data", verbosity=0)
    assert Dataset.objects.count() == datasets
    assert list(Ratification.objects.order_by("pk").values()) == before


def test_c182_agrees_with_the_ilab_cross_check():
    path = shared_path("data", "standards", "ilab_c138_c182_cross_check.csv")
    ratifying = set(
        Ratification.objects.filter(instrument__code="C182").values_list("country__iso3", flat=True)
    )
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # Territories that are not ILO member states (blank iso3_ilo_member) have no ratifications.
    yes = {
        r["iso3_ilo_member"] for r in rows if r["c182_ratified"] == "Yes" and r["iso3_ilo_member"]
    }
    assert len(yes) > 100, "the cross-check file should mark most member states 'Yes' for C182"
    assert yes - ratifying == set()
