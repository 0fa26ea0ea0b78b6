import pytest

from labourdesk.compliance.importers.common import ImportFailed
from labourdesk.compliance.importers.factories import factory_list_import, factory_list_preview
from labourdesk.compliance.models import Factory

HEADER = "country,name,address,sector,lat,lng\n"


def _csv(tmp_path, body, name="list.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_duplicates_in_file_and_registry_are_flagged_before_creation(world, tmp_path):
    path = _csv(
        tmp_path,
        "VNM,Alpha Garments Co. Ltd,1 Road,Garment,10.5,106.7\n"  # the registry's Alpha
        "Viet Nam,Gamma Textile JSC,12 Le Loi St,Textile,,\n"
        "VN,GAMMA TEXTILE,12 Le Loi Street,apparel,,\n"  # same as row 3
        "VNM,Delta Shoes,99 Tran Phu Road,footwear,,\n",
    )
    rows = factory_list_preview(actor=world.manager, source=path, file_name=path.name)
    flags = {r["row"]: r["duplicates"] for r in rows}
    assert "Alpha Garments" in flags[2][0]
    assert flags[3] == [] and flags[4] == ["Row 3 of this file"] and flags[5] == []
    assert Factory.objects.count() == 2  # the preview created nothing
    counts = factory_list_import(actor=world.manager, source=path, file_name=path.name)
    assert counts == {"rows": 4, "created": 2, "flagged": 2}
    assert Factory.objects.get(name="Delta Shoes").industry == "footwear"


def test_errors_name_row_and_column_and_nothing_is_created(world, tmp_path):
    path = _csv(tmp_path, "Atlantis,A,B,apparel,,\nVNM,,B,apparel,,\nVNM,C,D,apparel,95,0\n")
    with pytest.raises(ImportFailed) as info:
        factory_list_import(actor=world.manager, source=path, file_name=path.name)
    where = {(e["row"], e["column"]) for e in info.value.errors}
    assert {(2, "country"), (3, "name"), (4, "lat")} <= where
    assert Factory.objects.count() == 2


def test_a_programme_manager_registers_only_in_their_country(world, tmp_path):
    path = _csv(tmp_path, "BGD,Dhaka Knit,Road 1,apparel,,\n")
    with pytest.raises(ImportFailed):
        factory_list_import(actor=world.manager, source=path, file_name=path.name)
    factory_list_import(actor=world.admin, source=path, file_name=path.name)
    assert Factory.objects.filter(name="Dhaka Knit").exists()


def test_upload_page_checks_then_creates(client, world, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.manager)
    data = (HEADER + "VNM,Epsilon Bags,5 Road,bags,,\n").encode()
    page = client.post(
        "/en/compliance/factories/upload/",
        {"file": SimpleUploadedFile("l.csv", data), "check": "1"},
    )
    assert page.status_code == 200 and b"Epsilon Bags" in page.content
    assert not Factory.objects.filter(name="Epsilon Bags").exists()
    client.post(
        "/en/compliance/factories/upload/",
        {"file": SimpleUploadedFile("l.csv", data), "create": "1"},
    )
    assert Factory.objects.filter(name="Epsilon Bags", industry="travel_goods").exists()
    client.force_login(world.factory_user)
    assert client.get("/en/compliance/factories/upload/").status_code == 404
