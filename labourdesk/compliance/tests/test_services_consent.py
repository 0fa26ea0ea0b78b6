import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labourdesk.compliance import services
from labourdesk.compliance.models import Assessment, Factory, Finding, ReportConsent
from labourdesk.compliance.tests.builders import release
from labourdesk.core.models import AuditEntry


def test_only_the_factory_grants(world):
    for actor in (world.advisor, world.manager, world.buyer_user, world.other_factory_user):
        with pytest.raises(PermissionDenied):
            services.consent_grant(
                actor=actor, factory=world.factory, buyer=world.buyer, level="full"
            )
    assert not ReportConsent.objects.exists()


def test_grant_change_level_and_revoke_at_once(world):
    release(world)
    c1 = services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="summary"
    )
    assert list(Finding.objects.restrict(world.buyer_user)) == []
    assert list(Assessment.objects.restrict(world.buyer_user)) == [world.assessment]
    c2 = services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="full"
    )
    c1.refresh_from_db()
    assert c1.revoked_at is not None and c2.is_active
    assert Finding.objects.restrict(world.buyer_user).count() == world.version.questions.count()
    services.consent_revoke(actor=world.factory_user, consent=c2)
    assert not Factory.objects.restrict(world.buyer_user).exists()
    assert not Assessment.objects.restrict(world.buyer_user).exists()
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "compliance.consent.revoke" in actions and "compliance.consent.grant" in actions


def test_unknown_level_is_refused(world):
    with pytest.raises(ValidationError):
        services.consent_grant(
            actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="all"
        )


def test_buyer_access_to_a_report_is_audited(client, world):
    release(world)
    services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="summary"
    )
    client.force_login(world.buyer_user)
    assert client.get(f"/en/compliance/reports/{world.assessment.pk}/").status_code == 200
    assert client.get(f"/en/compliance/reports/{world.assessment.pk}/pdf/").content[:4] == b"%PDF"
    entries = AuditEntry.objects.filter(action="compliance.report.buyer_access")
    assert sorted(e.changes["format"] for e in entries) == ["html", "pdf"]
    assert {e.actor_id for e in entries} == {world.buyer_user.pk}
