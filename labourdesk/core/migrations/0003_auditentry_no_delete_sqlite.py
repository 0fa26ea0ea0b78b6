"""SQLite refuses DELETE on the audit log too, except during a flush (see
labourdesk/core/db/sqlite3/base.py: only that path makes labourdesk_audit_flushing() answer 1)."""

from django.db import migrations

SQLITE_UP = """CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
   WHEN labourdesk_audit_flushing() = 0
   BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END;"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditentry_no_delete;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_auditentry_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
