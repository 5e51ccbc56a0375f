"""Shared fixtures: the personas, logged-in clients, and the service gate.

Personas (DESIGN.md): anna (chair), bram and carla (members), dirk (outsider).
With REQUIRE_SERVICES=1 (CI), a test that needs PostgreSQL, Redis or Chromium fails instead of
skipping when the service is missing.
"""

import base64
import hashlib
import hmac
import os
import secrets
import struct
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.test import Client

from project.management.commands.seed_demo import PERSONAS, persona_email
from project.models import User

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
PERSONA_DATA = {key: (name, profession, password) for key, name, profession, password in PERSONAS}


def require_service(available: bool, reason: str) -> None:
    """Skip (locally) or fail (CI) a test whose service is missing."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def uses_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def uses_redis() -> bool:
    return bool(settings.REDIS_URL)


@pytest.fixture
def postgresql():
    require_service(uses_postgresql(), "this test needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def redis_layer():
    require_service(uses_redis(), "this test needs Redis: set REDIS_URL")


def make_practitioner(key: str, **extra) -> User:
    name, profession, password = PERSONA_DATA.get(
        key, (key.capitalize(), "overig", f"Veilig-{key}-2026")
    )
    email = persona_email(key)
    user = User.objects.create_user(
        email=email, password=password, full_name=name, profession=profession, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def practitioner_factory(db):
    return make_practitioner


@pytest.fixture
def anna(db):
    return make_practitioner("anna")


@pytest.fixture
def bram(db):
    return make_practitioner("bram")


@pytest.fixture
def carla(db):
    return make_practitioner("carla")


@pytest.fixture
def dirk(db):
    return make_practitioner("dirk")


def password_of(user: User) -> str:
    return PERSONA_DATA[user.email.split("@")[0]][2]


def enrol_totp(user: User) -> str:
    """Give the user a TOTP authenticator (allauth's model, secret encrypted); return the secret."""
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
    )
    return secret


def totp_code(secret: str, step_offset: int = 0) -> str:
    """The code an authenticator app shows now (RFC 6238: 30-second steps, 6 digits, SHA-1)."""
    counter = struct.pack(">Q", int(time.time() // 30) + step_offset)
    digest = hmac.new(base64.b32decode(secret, casefold=True), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


def login_client(user: User, *, second_factor: bool = True) -> Client:
    """A test client logged in as user; with second_factor, as if the TOTP step was passed."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    if second_factor:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    return client


@pytest.fixture
def client_for(db):
    """client_for(bram) → a logged-in client (second factor passed when REQUIRE_2FA is on)."""
    return login_client


@pytest.fixture
def practitioner(anna):
    return anna


@pytest.fixture
def practitioner_client(practitioner):
    """A logged-in practitioner who has no second factor."""
    return login_client(practitioner, second_factor=False)


@pytest.fixture
def practitioner_with_2fa_client(practitioner):
    """A logged-in practitioner with a TOTP authenticator, past the second step."""
    enrol_totp(practitioner)
    return login_client(practitioner, second_factor=True)


def pytest_collection_modifyitems(config, items):
    """Run the real-browser tests last.

    Playwright's sync API keeps an event loop running in the main thread from the first browser
    test to the end of the session; the websocket tests need to run their own loop, so they
    must all have run before it starts.
    """
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path).replace("\\", "/"))
