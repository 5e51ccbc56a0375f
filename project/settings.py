"""VIM-kring settings: one file, configured by the environment.

With no environment at all the app runs as the embedded demo (DEBUG on, SQLite, in-memory
channel layer, console e-mail). Production sets DEBUG=0 and must provide SECRET_KEY and
FIELD_ENCRYPTION_KEYS; DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

# Demo-only secrets: fixed so the embedded demo database stays readable between runs.
# They are refused whenever DEBUG is off.
_DEMO_SECRET_KEY = "demo-only-insecure-secret-key-vim-kring-never-use-in-production-0123"  # noqa: S105 (demo only, refused without DEBUG)
_DEMO_FIELD_KEY = "ZGVtby1vbmx5LWZpZWxkLWtleS12aW0ta3JpbmctMDE="


def _required_in_production(name: str, demo_value: str) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return demo_value
    raise ImproperlyConfigured(
        f"{name} is not set. With DEBUG off VIM-kring refuses to start without it; "
        f"see README.md, 'Configuration'."
    )


SECRET_KEY = _required_in_production("SECRET_KEY", _DEMO_SECRET_KEY)
# Fernet keys for patient fields, independent of SECRET_KEY: the first encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = [
    key.strip()
    for key in _required_in_production("FIELD_ENCRYPTION_KEYS", _DEMO_FIELD_KEY).split(",")
    if key.strip()
]

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "project.apps.VimAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "project",
    "incidents",
    "groups",
    "meetings",
    "sharing",
    "reminders",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "project.middleware.RequireSecondFactorMiddleware",
    "groups.middleware.SignatureRequiredMiddleware",
    "project.middleware.NoStoreForAuthenticatedMiddleware",
    "project.middleware.DebugNotFoundPageMiddleware",
]

ROOT_URLCONF = "project.urls"
ASGI_APPLICATION = "project.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded demo serves HTTP and websockets from one process: wait for locks.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Writers take the lock when their transaction begins, not at their first write: no
    # "database is locked" upgrade failures, and the access log's hash chain gets one writer
    # at a time (project/access_log.py).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
else:
    # A pool per process (psycopg_pool): the consumers' database calls each borrow a connection
    # instead of opening one, which profiling showed on every live message (ASGI wants pooling,
    # not persistent connections).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN", default=2),
        "max_size": env.int("DB_POOL_MAX", default=20),
        "timeout": 10,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "project.User"

REDIS_URL = env.str("REDIS_URL", default="")

# The live layer (project/channel_layer.py): Redis pub/sub, one PUBLISH per event whatever the
# number of members, fanned out inside each process; "core" is channels-redis' list-per-member
# layer, kept selectable for the benchmarks (bench/README.md).
CHANNEL_LAYER = env.str("CHANNEL_LAYER", default="pubsub")

if REDIS_URL:
    # redis-py's 5 s socket timeout races the layer's blocking read and its pool of 100 refuses
    # a join storm (DESIGN.md, "Channels fan-out, measured").
    _layer_prefix = env.str("CHANNEL_LAYER_PREFIX", default="vimkring")
    _layer_hosts = [
        {
            "address": REDIS_URL,
            "socket_timeout": None,
            "max_connections": 2000,
            # Named, so `CLIENT LIST` shows which connections are the live layer's.
            "client_name": f"{_layer_prefix}-layer",
        }
    ]
    if CHANNEL_LAYER == "core":
        _layer = {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": _layer_hosts,
                # Messages queued per channel before the layer drops silently. All consumers of
                # one process share one key, so this bounds members x burst per process; the
                # default 100 dropped 42-56 % of deliveries with several members posting.
                "capacity": env.int("CHANNEL_LAYER_CAPACITY", default=2000),
                "expiry": 60,
                "prefix": _layer_prefix,
            },
        }
    else:
        _layer = {
            "BACKEND": "project.channel_layer.LiveChannelLayer",
            "CONFIG": {
                "hosts": _layer_hosts,
                # Messages waiting per consumer before it is told to catch up from the database
                # instead (nothing is lost; memory stays bounded for a slow client).
                "capacity": env.int("CHANNEL_LAYER_CAPACITY", default=1000),
                "prefix": _layer_prefix,
            },
        }
    CHANNEL_LAYERS = {"default": _layer}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="vimkring"),
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 2000}}
    }
    # A database cache so allauth's login rate limits hold across processes without Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "vimkring_cache",
        }
    }

# --- Background tasks (Celery, project/tasks.py) ---------------------------------------------

# Redis is the broker; without it (the embedded demo, tests) every task runs inline after commit.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("TASKS_INLINE", default=not REDIS_URL)
# Inline, a failing task is logged and retried like on a worker but never fails the request.
CELERY_TASK_EAGER_PROPAGATES = False
# Results are only kept for the checker's round trip (a result per check, expired quickly).
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 300
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_TASK_ROUTES = ("project.tasks.route_task",)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged within this time is redelivered (acks are late): above any task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Apply the scheduled retention purge (otherwise it only counts what it would delete).
PURGE_APPLY = env.bool("PURGE_APPLY", default=False)
CELERY_BEAT_SCHEDULE = {
    "purge-expired": {
        "task": "incidents.purge_expired",
        "schedule": crontab(hour=3, minute=30),
    },
    # Overdue agreed measures onto each group's next meeting as follow-ups, before the reminders
    # ask their owners for a status.
    "followups-propose-due": {
        "task": "meetings.followups_propose_due",
        "schedule": crontab(hour=6, minute=45),
    },
    # The reminders of the day (reminders/services.py): each person at most once per thing a day.
    "reminders-send-due": {
        "task": "reminders.send_due",
        "schedule": crontab(hour=7, minute=0),
    },
    # Thread bodies and event payloads of meetings closed MEETING_THREAD_RETENTION_DAYS ago.
    "purge-closed-threads": {
        "task": "meetings.purge_closed_threads",
        "schedule": crontab(hour=3, minute=45),
    },
    # The anonymous trends' aggregate table (insights/), recomputed whole each night.
    "insights-aggregate": {
        "task": "insights.aggregate",
        "schedule": crontab(hour=2, minute=15),
    },
}

# --- Accounts ---------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "project.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# No guardian "AnonymousUser" row: anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "project.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "project.forms.SignupProfileForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# Subjects without allauth's "[host] " prefix; every e-mail is signed "VIM-kring" instead.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Sign-up open to all, or only through an incident group's invitation.
ACCOUNT_SIGNUP_OPEN = env.bool("SIGNUP_OPEN", default=True)
ACCOUNT_RATE_LIMITS = {
    # Lockout: five failed logins per account in 15 minutes, twenty per address per hour.
    "login_failed": env.str("LOGIN_FAILED_RATE", default="20/h/ip,5/15m/key"),
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "VIM-kring"
# Accept the neighbouring 30 s step too (RFC 6238 allows for clock drift on phones).
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Every account must have a second factor before it reaches any page (on by default in production).
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG)

# Sessions end after a period of inactivity (seconds); every request extends them.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Mail -------------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# The public address of the site, for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="VIM-kring <noreply@vim-kring.invalid>")

# --- Security ---------------------------------------------------------------------------------

_secure = not DEBUG
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=_secure)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_secure)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if _secure else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_secure)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=_secure)
if env.bool("BEHIND_PROXY", default=False):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # allauth's TOTP QR code is an inline data: image.
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "nl"
# Dutch only until an English catalogue exists: the browser's language must not mix the two.
LANGUAGES = [("nl", _("Nederlands"))]
# The project's catalogue comes first: it overrides django-allauth's "je" with "u".
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format everywhere ("1 december 2026"): project/formats/nl/formats.py.
FORMAT_MODULE_PATH = ["project.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Logging: no patient data, ever; request bodies are never logged ---------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # SQL with parameters could contain patient fields.
        "django.db.backends": {"level": "WARNING", "propagate": True},
        # Celery logs a task's return value on success (a check's findings): failures only.
        "celery.app.trace": {"level": "WARNING", "propagate": True},
    },
}

# --- Application ------------------------------------------------------------------------------

# How many years an incident must be kept before it may be purged (Wkkgz, seed 000 point 2).
RETENTION_YEARS = 5
# Days after a meeting closes that its thread and live-record payloads are kept (so the chair
# can draw up the minutes); then the scheduled task "meetings.purge_closed_threads" purges them.
MEETING_THREAD_RETENTION_DAYS = env.int("MEETING_THREAD_RETENTION_DAYS", default=14)
# Calamities (Wkkgz art. 11), as the IGJ asks them ("Melding doen van een calamiteit",
# https://www.igj.nl/onderwerpen/calamiteiten/melding-doen-van-een-calamiteit): establishing
# whether an event is a calamity may take at most 6 weeks from when it became known; an
# established calamity is reported without delay, at the latest within 3 working days.
CALAMITY_ASSESSMENT_WEEKS = 6
CALAMITY_REPORT_WORKING_DAYS = 3
# Bringing an existing register in (incidents/importing.py): larger files are refused; split them.
INCIDENT_IMPORT_MAX_BYTES = env.int("INCIDENT_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
INCIDENT_IMPORT_MAX_ROWS = 2000
# Anonymous trends (insights/): no count below this is ever shown, nor computable by differencing.
TRENDS_MIN_CELL = env.int("TRENDS_MIN_CELL", default=5)
# The de-identification checker (~1.1 GB) runs in the checker worker (the `checker` task queue)
# when tasks go through a broker; web processes then never load it (incidents/checker.py).
DEIDENTIFY_IN_WORKER = env.bool("DEIDENTIFY_IN_WORKER", default=not CELERY_TASK_ALWAYS_EAGER)
# Inline (no broker): load the checker in the background when the ASGI app starts (never inside
# a request). Tests turn it off and load it once, where they need it.
DEIDENTIFY_PRELOAD = env.bool("DEIDENTIFY_PRELOAD", default=True)
# Inline, how long a check made while the checker is still loading waits for it (seconds): 0, so
# the user reads "wordt voorbereid" at once; the tests, which load it where they need it, wait.
DEIDENTIFY_INLINE_WAIT = env.float("DEIDENTIFY_INLINE_WAIT", default=0)
# Maximum size of one websocket message, in bytes. `manage.py serve` gives the same number to
# uvicorn (--ws-max-size), so a larger frame is refused by the server before it is read.
# The live consumers' own database threads (meetings/consumers.py `live_db`): SQLite allows one
# writer, so one thread there.
LIVE_DB_THREADS = env.int(
    "LIVE_DB_THREADS",
    default=1 if DATABASES["default"]["ENGINE"].endswith("sqlite3") else 4,
)
# Client messages one process lets wait for those threads before it answers "druk" (busy).
LIVE_MAX_WAITING_ACTIONS = env.int("LIVE_MAX_WAITING_ACTIONS", default=200)
LIVE_MAX_MESSAGE_BYTES = env.int("LIVE_MAX_MESSAGE_BYTES", default=16_384)
# Messages one person may send to one meeting, over all their connections: at most
# LIVE_THROTTLE_MESSAGES per LIVE_THROTTLE_SECONDS (meetings/limits.py).
LIVE_THROTTLE_MESSAGES = env.int("LIVE_THROTTLE_MESSAGES", default=30)
LIVE_THROTTLE_SECONDS = env.int("LIVE_THROTTLE_SECONDS", default=3)
# Open websocket connections one person may have to one meeting at once (tabs, devices); the
# next one is closed with 4429.
LIVE_MAX_CONNECTIONS = env.int("LIVE_MAX_CONNECTIONS", default=5)
# A listening socket re-checks its access this often: an expired session or any change that
# was not announced to it ends its live access within this bound.
LIVE_ACCESS_RECHECK_SECONDS = env.float("LIVE_ACCESS_RECHECK_SECONDS", default=30.0)
# A connection slot outlives a process that died without releasing it by at most this long.
LIVE_CONNECTION_SLOT_SECONDS = int(3 * LIVE_ACCESS_RECHECK_SECONDS) + 1
