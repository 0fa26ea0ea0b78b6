import pytest

from labourdesk.compliance.importers.common import ImportFailed
from labourdesk.compliance.importers.plans import import_improvement_plans, import_picc
from labourdesk.compliance.models import ImprovementAction, PiccMember


@pytest.fixture
def registered(world):
    world.factory.external_id = "F1"
    world.factory.save()
    return world


def test_improvement_plan_export_in_r_spelling_is_idempotent(registered, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Factory.Assessed.ID,Compliance.point,Action,Status,Due.date,Owner\n"
        'F1,Minimum Wages/Piece Rate Wages,"Pay the\nminimum wage",In Progress,30/06/2025,HR\n'
        "F1,Emergency Preparedness,Mark exits,Completed,,\n",
        encoding="utf-8",
    )
    counts = import_improvement_plans(actor=None, source=path, file_name=path.name)
    assert counts["actions_created"] == 2
    action = ImprovementAction.objects.get(compliance_point__code="minimum_wages")
    assert action.status == "in_progress" and action.description == "Pay the\nminimum wage"
    again = import_improvement_plans(actor=None, source=path, file_name=path.name)
    assert again["actions_created"] == again["actions_updated"] == 0


def test_improvement_plan_errors(registered, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Factory Assessed ID,Compliance point,Action,Status,Due date\n"
        "F9,Minimum Wages/Piece Rate Wages,x,Pending,\n"
        "F1,Nothing,x,Done-ish,31/02/2020\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as info:
        import_improvement_plans(actor=None, source=path, file_name=path.name)
    where = {(e["row"], e["column"]) for e in info.value.errors}
    assert where == {
        (2, "Factory Assessed ID"),
        (3, "Compliance point"),
        (3, "Status"),
        (3, "Due date"),
    }
    assert not ImprovementAction.objects.exists()


def test_picc_export(registered, tmp_path):
    path = tmp_path / "picc.csv"
    path.write_text(
        "Factory Assessed ID,Name,Category,Joined,Left,Chair\n"
        "F1,Nguyen Thi A,Workers,01/02/2023,,Yes\n"
        "F1,Tran B,Management,01/02/2023,01/01/2024,No\n",
        encoding="utf-8",
    )
    assert import_picc(actor=None, source=path, file_name=path.name)["members_created"] == 2
    assert PiccMember.objects.get(is_chair=True).category == "workers"
    assert import_picc(actor=None, source=path, file_name=path.name)["members_created"] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Factory Assessed ID,Name,Category,Joined,Left\nF1,C,Owners,01/02/2023,01/01/2020\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as info:
        import_picc(actor=None, source=bad, file_name=bad.name)
    assert {(e["row"], e["column"]) for e in info.value.errors} == {(2, "Category"), (2, "Left")}


def test_programme_staff_import_plans_only_for_their_programmes_factories(
    registered, tmp_path, make_user
):
    """An advisor outside the factory's programme reads it as unknown (as its pages answer
    404) and writes nothing; the programme's own advisor imports the same file."""
    path = tmp_path / "plan.csv"
    path.write_text(
        "Factory Assessed ID,Compliance point,Action,Status\n"
        "F1,Emergency Preparedness,Mark exits,Completed\n",
        encoding="utf-8",
    )
    outsider = make_user("enterprise_advisor")
    with pytest.raises(ImportFailed) as info:
        import_improvement_plans(actor=outsider, source=path, file_name=path.name)
    assert [(e["row"], e["column"]) for e in info.value.errors] == [(2, "Factory Assessed ID")]
    assert not ImprovementAction.objects.exists()
    counts = import_improvement_plans(actor=registered.advisor_m, source=path, file_name=path.name)
    assert counts["actions_created"] == 1
