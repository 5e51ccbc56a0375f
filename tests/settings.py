"""Test settings: the production settings file with test-only environment defaults.

Tests run with DEBUG off (as Django's test runner would anyway), so they need the secrets a
production start needs; the values below are fixed test keys, never used outside tests.
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEYS",
    "dGVzdC1vbmx5LWZpZWxkLWtleS12aW0ta3JpbmctMDE=,b2xkLXRlc3QtZmllbGQta2V5LXZpbS1rcmluZy0wMDE=",
)
os.environ.setdefault("REQUIRE_2FA", "0")
os.environ.setdefault("DEIDENTIFY_PRELOAD", "0")
# A text checked before the checker has loaded waits for it (it loads once, on first use).
os.environ.setdefault("DEIDENTIFY_INLINE_WAIT", "600")
# Tasks run inline after commit, even with Redis configured (no worker runs in the tests).
os.environ.setdefault("TASKS_INLINE", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("CHANNEL_LAYER_PREFIX", f"vimkring-test-{os.getpid()}")
os.environ.setdefault("CACHE_KEY_PREFIX", f"vimkring-test-{os.getpid()}")

from project.settings import *  # noqa: F403
from project.settings import BASE_DIR, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so the live server thread of the browser tests shares it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test.sqlite3.{os.getpid()}")}
