"""Backup and restore of a whole LabourDesk: the database, the media files and a manifest.

A backup is one tar file:

- ``manifest.json``: format, project, when, the database vendor, the migrations applied, the row
  count of every table, and the size and SHA-256 of every other member;
- ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite's online
  backup API, so a running worker does not stop it);
- ``media/...``: every file under MEDIA_ROOT.

``backup_verify`` checks everything a restore depends on before anything is written: the manifest
is ours, every member is listed with the right checksum and nothing else is in the archive, the
database vendor is the one configured, and every migration the backup knows exists in this code
(a backup of a newer or foreign schema is refused). ``backup_restore`` only restores into an
empty database, then compares every table's row count with the manifest.

The counts of a PostgreSQL backup are read in the snapshot pg_dump exports, so they describe the
dump exactly even while the application writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

FORMAT = "labourdesk-backup/1"
PROJECT = "labourdesk"
MANIFEST = "manifest.json"
DB_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for an operator."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: dict

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _table_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - introspected names
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "127.0.0.1"),
            "PGPORT": str(db.get("PORT") or "5432"),
            "PGUSER": str(db.get("USER") or ""),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str]) -> None:
    """Run a PostgreSQL client program; its own message is the error (never the password)."""
    try:
        result = subprocess.run(  # noqa: S603 - fixed program names, arguments from settings
            command, env=_pg_env(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def _dump_database(workdir: Path) -> tuple[Path, dict[str, int], list[list[str]]]:
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    target = workdir / DB_MEMBER[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        # Count in the copy itself: that is what the archive holds.
        copy = sqlite3.connect(target)
        try:
            cursor = copy.cursor()
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
            tables = [row[0] for row in cursor.fetchall()]
            counts = _table_counts(cursor, tables)
            migrations = _applied_migrations(cursor)
        finally:
            copy.close()
        return target, counts, migrations
    # PostgreSQL: one snapshot for the counts and the dump.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = connection.introspection.table_names(cursor)
            counts = _table_counts(cursor, tables)
            migrations = _applied_migrations(cursor)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ]
            )
        finally:
            cursor.execute("COMMIT")
    return target, counts, migrations


def backup_create(*, output: Path) -> BackupSummary:
    """Write a backup to ``output`` (a new file; written beside it first, then renamed)."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} exists already: choose a new file name")
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        workdir = Path(tmp)
        db_file, counts, migrations = _dump_database(workdir)
        files = {db_file.name: {"size": db_file.stat().st_size, "sha256": _sha256_file(db_file)}}
        media = list(_media_files(media_root))
        for path, name in media:
            files[f"media/{name}"] = {"size": path.stat().st_size, "sha256": _sha256_file(path)}
        manifest = {
            "format": FORMAT,
            "project": PROJECT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "migrations": migrations,
            "tables": counts,
            "files": files,
        }
        partial = workdir / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            payload = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(payload))
            archive.add(db_file, arcname=db_file.name, recursive=False)
            for path, name in media:
                archive.add(path, arcname=f"media/{name}", recursive=False)
        partial.replace(output)
    return BackupSummary(path=output, manifest=manifest)


def _safe_member_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and name == pure.as_posix()


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("not a LabourDesk backup: it has no manifest.json") from None
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("not a LabourDesk backup: manifest.json is not a file")
    try:
        manifest = json.loads(handle.read(1024 * 1024 * 64))
    except (ValueError, UnicodeDecodeError):
        raise BackupError("the manifest is not valid JSON: the backup is damaged") from None
    if not isinstance(manifest, dict) or manifest.get("project") != PROJECT:
        raise BackupError("not a LabourDesk backup: the manifest names another project")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"backup format {manifest.get('format')!r} is not the one this version reads ({FORMAT})"
        )
    for key, kind in (("tables", dict), ("files", dict), ("migrations", list)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"the manifest has no valid {key!r}: the backup is damaged")
    return manifest


def backup_verify(*, path: Path) -> dict:
    """Check a backup completely, without writing anything; return its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        archive = tarfile.open(path, "r:")  # noqa: SIM115 - closed by the `with` below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"not a readable backup archive ({exc})") from None
    with archive:
        try:
            manifest = _read_manifest(archive)
            expected = dict(manifest["files"])
            seen = set()
            for member in archive.getmembers():
                if member.name == MANIFEST:
                    continue
                if not _safe_member_name(member.name) or not member.isfile():
                    raise BackupError(f"unsafe or unexpected member {member.name!r} in the archive")
                if member.name not in expected:
                    raise BackupError(f"{member.name!r} is in the archive but not in the manifest")
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                while block := handle.read(CHUNK):
                    digest.update(block)
                record = expected[member.name]
                if member.size != record.get("size") or digest.hexdigest() != record.get("sha256"):
                    raise BackupError(f"{member.name!r} does not match its checksum: damaged")
                seen.add(member.name)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"the archive is damaged ({exc})") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"the archive lacks {', '.join(missing[:5])}: it is incomplete")
    vendor = manifest.get("vendor")
    if vendor not in DB_MEMBER or DB_MEMBER[vendor] not in seen:
        raise BackupError("the backup holds no database dump")
    if vendor != connection.vendor:
        raise BackupError(
            f"this backup is of a {vendor} database; the configured database is "
            f"{connection.vendor} (DATABASE_URL)"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            "the backup was made by another or newer version (unknown migrations: "
            f"{', '.join(unknown[:5])}); restore it with that version"
        )
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _media_conflicts(manifest: dict, media_root: Path) -> list[str]:
    conflicts = []
    for name, record in manifest["files"].items():
        if not name.startswith("media/"):
            continue
        target = media_root / name.removeprefix("media/")
        if target.exists() and _sha256_file(target) != record["sha256"]:
            conflicts.append(name)
    return conflicts


def _restore_sqlite(archive: tarfile.TarFile, workdir: Path) -> None:
    archive.extract(DB_MEMBER["sqlite"], path=workdir, filter="data")
    source = sqlite3.connect(workdir / DB_MEMBER["sqlite"])
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_postgresql(archive: tarfile.TarFile, workdir: Path) -> None:
    archive.extract(DB_MEMBER["postgresql"], path=workdir, filter="data")
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(workdir / DB_MEMBER["postgresql"]),
        ]
    )


def backup_restore(*, path: Path) -> BackupSummary:
    """Restore a verified backup into the configured, empty database and MEDIA_ROOT."""
    path = Path(path)
    manifest = backup_verify(path=path)
    if not _database_is_empty():
        raise BackupError(
            "the configured database is not empty: restore only into a new, empty database "
            "(createdb, or a new SQLite file in DATABASE_URL)"
        )
    media_root = Path(settings.MEDIA_ROOT)
    conflicts = _media_conflicts(manifest, media_root)
    if conflicts:
        raise BackupError(
            f"MEDIA_ROOT holds other files under the same names ({', '.join(conflicts[:5])})"
        )
    with (
        tempfile.TemporaryDirectory(prefix="labourdesk-restore-") as tmp,
        tarfile.open(path, "r:") as archive,
    ):
        workdir = Path(tmp)
        if manifest["vendor"] == "sqlite":
            _restore_sqlite(archive, workdir)
        else:
            _restore_postgresql(archive, workdir)
        for member in archive.getmembers():
            if not member.name.startswith("media/"):
                continue
            target = media_root / member.name.removeprefix("media/")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
    for alias in connections:
        with contextlib.suppress(Exception):
            connections[alias].close()
    with connection.cursor() as cursor:
        counts = _table_counts(cursor, list(manifest["tables"]))
    differing = [t for t, n in manifest["tables"].items() if counts.get(t) != n]
    if differing:
        raise BackupError(
            f"restored, but the row counts of {', '.join(differing[:5])} differ from the manifest"
        )
    return BackupSummary(path=path, manifest=manifest)
