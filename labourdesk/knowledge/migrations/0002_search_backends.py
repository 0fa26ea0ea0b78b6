"""The search index's database-specific parts: on PostgreSQL a GIN index on the tsvector and
pg_trgm for CJK substrings; on SQLite an FTS5 table with the trigram tokenizer."""

from django.db import migrations


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_search_vector "
            "ON knowledge_searchentry USING gin (vector)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_search_body_trgm "
            "ON knowledge_searchentry USING gin (body gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_search_fts "
            "USING fts5(title, body, tokenize='trigram')"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_search_body_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_search_vector")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS knowledge_search_fts")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
