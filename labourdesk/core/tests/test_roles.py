from django.contrib.auth.models import Group

from labourdesk.core.roles import ROLE_CODES, declared_permissions, has_role, sync_roles
from labourdesk.standards.models import Instrument


def test_every_role_is_a_group(reference_data):
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_CODES)


def test_sync_roles_is_idempotent(reference_data):
    first = sync_roles()
    second = sync_roles()
    assert first == second
    declared = declared_permissions()
    for code in ROLE_CODES:
        if code != "administrator":
            assert first[code] == len(declared[code])


def test_factory_and_buyer_users_belong_to_an_organisation(make_user):
    factory_user = make_user("factory_user")
    buyer_user = make_user("buyer_user")
    assert factory_user.organisation.kind == "factory"
    assert buyer_user.organisation.kind == "buyer"
    assert has_role(factory_user, "factory_user") and not has_role(factory_user, "buyer_user")


def test_user_create_refuses_an_organisation_role_without_organisation(reference_data):
    import pytest
    from django.core.exceptions import ValidationError

    from labourdesk.accounts.services import user_create

    with pytest.raises(ValidationError) as err:
        user_create(actor=None, username="x", roles=["buyer_user"])
    assert "organisation" in err.value.message_dict


def test_restrict_public_catalogue_and_private_audit(make_user):
    from labourdesk.core.audit import audit_record
    from labourdesk.core.models import AuditEntry

    audit_record(actor=None, action="x")
    anonymous = None
    expert = make_user("helpdesk_expert")
    admin = make_user("administrator")
    assert (
        Instrument.objects.restrict(anonymous).count() == 266
    )  # instruments.csv and the sourced recommendations
    assert Instrument.objects.restrict(anonymous, "change").count() == 0
    assert AuditEntry.objects.restrict(anonymous).count() == 0
    assert AuditEntry.objects.restrict(expert).count() == 0
    assert AuditEntry.objects.restrict(admin).count() >= 1


def test_other_organisation_actor_has_the_same_roles_elsewhere(make_user):
    from labourdesk.core.testing.actors import OTHER_ORGANISATION

    owner = make_user("factory_user")
    other = make_user(OTHER_ORGANISATION, like=owner)
    assert other.organisation != owner.organisation
    assert other.organisation.kind == owner.organisation.kind
    assert set(other.groups.values_list("name", flat=True)) == {"factory_user"}
