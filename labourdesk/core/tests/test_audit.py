import pytest
from django.db import DatabaseError, connection, transaction

from labourdesk.core.audit import audit_record, audit_trail
from labourdesk.core.models import AuditEntry
from labourdesk.core.testing.actors import ACTORS
from labourdesk.core.testing.permissions import assert_access, login, matrix


def test_audit_record_keeps_who_what_which_when(make_user):
    user = make_user("helpdesk_expert")
    entry = audit_record(actor=user, action="demo.view", target=user, details={"why": "test"})
    assert entry.actor_label == user.username
    assert entry.object_id == str(user.pk)
    assert entry.at is not None
    assert audit_trail(user).first() == entry


def test_audit_entries_cannot_be_changed_or_deleted_through_the_orm(make_user):
    entry = audit_record(actor=None, action="x")
    entry.action = "y"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_updates_of_the_audit_log():
    entry = audit_record(actor=None, action="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_deletes_of_the_audit_log_on_every_backend():
    # SQLite too: only the test runner's flush (DatabaseOperations.execute_sql_flush) may empty
    # the table, as TRUNCATE does on PostgreSQL. This test's own teardown is such a flush.
    entry = audit_record(actor=None, action="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_flush_path_empties_the_audit_log():
    from django.core.management import call_command

    audit_record(actor=None, action="x")
    call_command("flush", "--noinput", verbosity=0)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed={"administrator"}))
def test_audit_api_is_readable_by_administrators_only(client, make_user, actor, allowed):
    audit_record(actor=None, action="probe")
    login(client, make_user(actor))
    response = client.get("/api/core/audit/")
    if allowed:
        assert response.status_code == 200
        assert response.json()["results"][0]["action"] in {"probe", "user.create"}
    else:
        # Restricted querysets: without permission the list is empty, never an error.
        assert response.status_code in (200, 401, 403)
        if response.status_code == 200:
            assert response.json()["results"] == []


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_audit_api_has_no_write(client, make_user, method):
    entry = audit_record(actor=None, action="probe")
    login(client, make_user("administrator", is_superuser=True))
    url = "/api/core/audit/" if method == "post" else f"/api/core/audit/{entry.pk}/"
    response = getattr(client, method)(url, data={}, content_type="application/json")
    assert response.status_code == 405
    assert set(response.json()) == {"message", "extra"}


@pytest.mark.parametrize("actor", ACTORS)
def test_admin_audit_log_is_read_only_for_everyone(client, make_user, actor):
    entry = audit_record(actor=None, action="probe")
    user = make_user(actor, is_superuser=(actor == "administrator"))
    login(client, user)
    response = client.post(f"/en/admin/core/auditentry/{entry.pk}/change/", {"action": "forged"})
    assert_access(response, allowed=False, denied=(302, 403, 404), actor=actor)
    assert AuditEntry.objects.get(pk=entry.pk).action == "probe"
    response = client.post(f"/en/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
