"""Backups that restore (README, "Backups and key custody"): a pg_dump of the database, restored
into a fresh one, gives back an incident's patient fields with the field-encryption keys (and
nothing without them), and rotate_field_keys works on the restored copy."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
READ_PATIENT = (
    "from incidents.models import Incident; "
    "incident = Incident.objects.get(pk={pk}); "
    "print(incident.patient_names + '|' + incident.patient_birth_dates)"
)


def _pg(*args: str, database: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    return subprocess.run(
        [
            *args,
            "-h",
            database["HOST"] or "127.0.0.1",
            "-p",
            str(database["PORT"] or 5432),
            "-U",
            database["USER"],
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _manage(*args: str, database_url: str, keys: list[str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "0",
        "SECRET_KEY": "restore-test-" + "x" * 50,
        "FIELD_ENCRYPTION_KEYS": ",".join(keys),
        "DATABASE_URL": database_url,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def restored_database():
    require_service(
        connection.vendor == "postgresql", "the backup test needs PostgreSQL: set DATABASE_URL"
    )
    require_service(shutil.which("pg_dump") is not None, "no pg_dump (postgresql-client)")
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    _pg("psql", "-d", "postgres", "-c", drop, database=database)
    created = _pg("psql", "-d", "postgres", "-c", f'CREATE DATABASE "{name}"', database=database)
    assert created.returncode == 0, created.stderr
    user = database["USER"]
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    yield name, f"postgres://{user}{password}@{host}:{port}/{name}"
    _pg("psql", "-d", "postgres", "-c", drop, database=database)


def test_a_dump_restores_into_a_fresh_database_and_reads_back_with_the_keys(
    transactional_db, anna, file_incident, restored_database, tmp_path
):
    incident = file_incident(
        anna, patient_names="Henk Zwanenburg", patient_birth_dates="12-03-1950"
    )
    database = connection.settings_dict
    dump = tmp_path / "vimkring.dump"
    # The documented backup: pg_dump in the custom format.
    dumped = _pg(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        f"--file={dump}",
        "-d",
        database["NAME"],
        database=database,
    )
    assert dumped.returncode == 0, dumped.stderr
    name, url = restored_database
    restored = _pg("pg_restore", "--no-owner", "-d", name, str(dump), database=database)
    assert restored.returncode == 0, restored.stderr
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    read = READ_PATIENT.format(pk=incident.pk)

    with_keys = _manage("shell", "--no-imports", "-c", read, database_url=url, keys=keys)
    assert with_keys.returncode == 0, with_keys.stderr
    assert with_keys.stdout.strip() == "Henk Zwanenburg|12-03-1950"
    # The dump alone is not enough: without the keys the patient fields stay unreadable.
    without_keys = _manage(
        "shell", "--no-imports", "-c", read, database_url=url, keys=[Fernet.generate_key().decode()]
    )
    assert without_keys.returncode != 0
    assert "InvalidToken" in without_keys.stderr
    assert "Zwanenburg" not in without_keys.stdout + without_keys.stderr

    # Key rotation on the restored copy: new key first, old keys after, then the old can go.
    new_key = Fernet.generate_key().decode()
    rotated = _manage("rotate_field_keys", database_url=url, keys=[new_key, *keys])
    assert rotated.returncode == 0, rotated.stderr
    assert "1 incident(s)" in rotated.stdout
    only_new = _manage("shell", "--no-imports", "-c", read, database_url=url, keys=[new_key])
    assert only_new.returncode == 0, only_new.stderr
    assert only_new.stdout.strip() == "Henk Zwanenburg|12-03-1950"
