"""Backup and restore: a round trip finds every row, file and audit entry identical; a damaged,
foreign or mismatched backup is refused before anything changes.

Real processes: `manage.py backup` and `manage.py restore` run as subprocesses on the test
database and on a second, empty database (a new PostgreSQL database or a new SQLite file).
"""

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from labourdesk.core.models import AuditEntry
from labourdesk.core.testing.processes import manage


def _pg_params(name: str) -> dict:
    db = connection.settings_dict
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or "5432",
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "dbname": name,
    }


class EmptyDatabase:
    """A second database of the same vendor, empty, with the environment that points at it."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{connection.settings_dict['NAME']}_restore"[:63]
            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                admin.execute(f'CREATE DATABASE "{self.name}"')
            p = _pg_params(self.name)
            self.url = f"postgres://{p['user']}:{p['password']}@{p['host']}:{p['port']}/{self.name}"

    def drop(self):
        if self.vendor != "sqlite":
            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.path)
        return psycopg.connect(**_pg_params(self.name))

    def tables(self) -> list[str]:
        with self.connect() as conn:
            cur = conn.cursor()
            if self.vendor == "sqlite":
                cur.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            else:
                cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return sorted(row[0] for row in cur.fetchall())


def _rows(conn, table: str) -> list[tuple]:
    cur = conn.cursor()
    cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - introspected table names
    return sorted(cur.fetchall(), key=repr)


def _source_connection():
    if connection.vendor == "sqlite":
        return sqlite3.connect(connection.settings_dict["NAME"])
    return psycopg.connect(**_pg_params(connection.settings_dict["NAME"]))


@pytest.fixture
def populated(settings, tmp_path, reference_data):
    """Data in every app: reference data, the demo of every app, and media files."""
    settings.DEMO_MODE = True
    with open("/dev/null", "w") as devnull:
        call_command("demo_setup", stdout=devnull)
    default_storage.save("mail/attachments/2026/12/minutes.pdf", ContentFile(b"%PDF-1.4 demo"))
    default_storage.save("compliance/imports/export.csv", ContentFile("Country\nViet Nam\n"))
    assert AuditEntry.objects.exists()
    return Path(settings.MEDIA_ROOT)


def _media_env(root: Path) -> dict:
    return {"MEDIA_ROOT": str(root)}


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_is_identical(populated, tmp_path):
    archive = tmp_path / "backup.tar"
    made = manage("backup", "--output", str(archive), **_media_env(populated))
    assert made.returncode == 0, made.stderr[-3000:]
    with tarfile.open(archive) as made_archive:
        manifest = json.loads(made_archive.extractfile("manifest.json").read())
    assert manifest["tables"]["core_auditentry"] == AuditEntry.objects.count() > 0
    assert "media/mail/attachments/2026/12/minutes.pdf" in manifest["files"]

    target = EmptyDatabase(tmp_path)
    restored_media = tmp_path / "restored-media"
    try:
        restored = manage(
            "restore", str(archive), DATABASE_URL=target.url, **_media_env(restored_media)
        )
        assert restored.returncode == 0, restored.stderr[-3000:]
        with _source_connection() as source, target.connect() as copy:
            tables = target.tables()
            assert "core_auditentry" in tables and "helpdesk_case" in tables
            assert tables == sorted(manifest["tables"])
            populated_tables = [t for t in tables if manifest["tables"][t]]
            assert len(populated_tables) > 20  # the demo reached every app
            for table in tables:
                assert _rows(copy, table) == _rows(source, table), table
        for path in populated.rglob("*"):
            if path.is_file():
                twin = restored_media / path.relative_to(populated)
                assert twin.read_bytes() == path.read_bytes()

        # A second restore into the now full database is refused, and changes nothing.
        again = manage(
            "restore", str(archive), DATABASE_URL=target.url, **_media_env(restored_media)
        )
        assert again.returncode != 0
        assert "not empty" in again.stderr
    finally:
        target.drop()


def _rewrite(archive: Path, out: Path, change) -> Path:
    """Copy a backup with one member's bytes or the manifest changed by `change(name, data)`."""
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def _flip_db_byte(name, data):
    if name.startswith("database."):
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    return data


def _foreign_manifest(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["project"] = "someone-else"
        return json.dumps(manifest).encode()
    return data


def _future_migration(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["migrations"].append(["helpdesk", "9999_from_the_future"])
        return json.dumps(manifest).encode()
    return data


def _extra_member(name, data):
    return None if name.startswith("media/") else data


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_flip_db_byte, "checksum"),
        (_foreign_manifest, "another project"),
        (_future_migration, "unknown migrations"),
        (_extra_member, "lacks"),
    ],
)
def test_a_damaged_or_foreign_backup_is_refused_before_anything_changes(
    populated, tmp_path, change, reason
):
    archive = tmp_path / "backup.tar"
    assert manage("backup", "--output", str(archive), **_media_env(populated)).returncode == 0
    bad = _rewrite(archive, tmp_path / "bad.tar", change)
    target = EmptyDatabase(tmp_path)
    media = tmp_path / "restored-media"
    try:
        refused = manage("restore", str(bad), DATABASE_URL=target.url, **_media_env(media))
        assert refused.returncode != 0
        assert "restore refused" in refused.stderr and reason in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
        assert target.tables() == []
        assert not media.exists()
    finally:
        target.drop()


@pytest.mark.django_db(transaction=True)
def test_not_a_backup_and_another_vendor_are_refused(populated, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"this is not a tar file at all" * 100)
    refused = manage("restore", str(junk))
    assert refused.returncode != 0 and "not a readable backup archive" in refused.stderr

    archive = tmp_path / "backup.tar"
    assert manage("backup", "--output", str(archive)).returncode == 0
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def other_vendor(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["vendor"] = other
            return json.dumps(manifest).encode()
        return data

    bad = _rewrite(archive, tmp_path / "other.tar", other_vendor)
    refused = manage("restore", str(bad))
    assert refused.returncode != 0
    # The database named in the manifest has no dump in the archive, or is the wrong vendor.
    assert "database" in refused.stderr
