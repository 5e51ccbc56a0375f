"""Operations: /healthz, production start-up checks, demo seeding."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from project.models import User

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "prod-like-" + "k3y-" * 16,
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "ALLOWED_HOSTS": "vim.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://vim.example.nl",
    "DATABASE_URL": "postgres://vim@db.invalid:5432/vim",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.nl:587",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "project.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_a_production_like_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_healthz_reports_both_backends(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body.pop("checker") in {"ready", "loading"}
    assert body == {"status": "ok", "database": "ok", "channel_layer": "ok"}


@override_settings(
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0"}]},
        }
    }
)
def test_healthz_answers_503_when_the_channel_layer_is_down(client, db):
    from channels.layers import channel_layers

    channel_layers.backends.pop("default", None)
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.pop("default", None)
    assert response.status_code == 503
    assert response.json()["channel_layer"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_seed_demo_refuses_to_run_without_debug(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


@override_settings(DEBUG=True)
def test_seed_demo_creates_the_personas_and_is_idempotent(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    emails = set(User.objects.values_list("email", flat=True))
    assert {"anna", "bram", "carla", "dirk"} <= {e.split("@")[0] for e in emails}
    assert User.objects.count() == len(emails) == 4
    assert "Veilig-bram-2026" in capsys.readouterr().out


@pytest.mark.parametrize("port", ["8000", "8123"])
def test_make_run_names_the_served_address_as_site_url(port):
    """Links in e-mails must reach the demo on the port it actually serves on."""
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    dry_run = subprocess.run(
        ["make", "-n", "--always-make", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    server = next(line for line in dry_run.splitlines() if "manage.py serve" in line)
    assert f"SITE_URL=http://127.0.0.1:{port} " in server
    assert f"--port {port}" in server
