"""Fault: the disk fills up while an upload is written. The uploader gets a clear message and a
4xx; no import run is recorded and no partial file is left behind.

A real full disk: MEDIA_ROOT on a 64 KiB tmpfs mounted by the test (root only; skipped with the
reason otherwise).
"""

import os
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labourdesk.compliance.models import ImportRun


@pytest.fixture
def full_disk(tmp_path, settings):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    settings.MEDIA_ROOT = str(mount)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_an_upload_onto_a_full_disk_is_refused_cleanly(client, make_user, full_disk):
    manager = make_user("programme_manager")
    client.force_login(manager)
    big = SimpleUploadedFile(
        "export.csv", b"Country,Factory Assessed ID\n" + b"Viet Nam,1\n" * 40000, "text/csv"
    )
    response = client.post(
        reverse("compliance:imports"),
        {"kind": ImportRun.Kind.ASSESSMENTS, "file": big},
    )
    assert response.status_code == 400
    assert "no room to store this file" in response.content.decode()
    assert ImportRun.objects.count() == 0
    assert [p for p in full_disk.rglob("*") if p.is_file()] == []
