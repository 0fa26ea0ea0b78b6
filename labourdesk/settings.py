"""LabourDesk settings: one module, read from environment variables, failing fast.

Every variable is documented in README.md and listed in .env.example. `DJANGO_ENV=production`
switches on the secure defaults and refuses to start without `SECRET_KEY` and `ALLOWED_HOSTS`.
A bad value raises `ImproperlyConfigured` whose message starts with the variable's name;
manage.py and wsgi print it as one line.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LABOURDESK_VAR_DIR", BASE_DIR / "var"))


def _config_error(name: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}: {problem}")


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise _config_error(name, "is required in this mode and is not set")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise _config_error(name, f"expected a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise _config_error(name, f"expected an integer, got {value!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise _config_error("DJANGO_ENV", f"expected 'development' or 'production', got {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50:
        raise _config_error("SECRET_KEY", "must be at least 50 characters in production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise _config_error(
            "ALLOWED_HOSTS", "is required in production (comma-separated host names)"
        )
    DEBUG = env_bool("DEBUG", False)
    if DEBUG:
        raise _config_error("DEBUG", "must be off in production")
else:
    # Development only: a fixed key is acceptable because production refuses to start without one.
    SECRET_KEY = env_str(
        "SECRET_KEY", "development-only-key-not-for-production-use-0123456789abcdef"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
    DEBUG = env_bool("DEBUG", False)

# Demo mode: `make run` sets it to create a demo administrator and demo content (marked as demo).
DEMO_MODE = env_bool("LABOURDESK_DEMO", False)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form token gets our own 403 page, in the visitor's language.
CSRF_FAILURE_VIEW = "labourdesk.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc from our static files, never a CDN
    "csp",
    "axes",  # sign-in lockouts
    "django_filters",
    # Before django_tasks_db: core's `db_worker` (which outlives a database outage) overrides it.
    "labourdesk.core",
    "django_tasks",
    "django_tasks_db",
    "labourdesk.accounts",
    "labourdesk.standards",
    "labourdesk.helpdesk",
    "labourdesk.mail",
    "labourdesk.compliance",
    "labourdesk.reports",
    "labourdesk.analytics",
    "labourdesk.selfassessment",
]

# The public portal (labourdesk/knowledge): Wagtail 7.4 LTS with wagtail-localize, admin at /cms/.
INSTALLED_APPS += [
    "labourdesk.knowledge",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cookie-less visitor's cached portal page, replayed whole (knowledge/early_cache.py).
    "labourdesk.knowledge.early_cache.EarlyPortalCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "labourdesk.core.middleware.UploadLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "labourdesk.core.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Under /cms/ only, inline styles (Wagtail's and wagtail-localize's editors need them).
    "labourdesk.knowledge.middleware.CmsContentSecurityPolicy",
    "labourdesk.core.middleware.NoStoreMiddleware",
    # Old Helpdesk addresses (seed 004), kept as data in Wagtail's redirects.
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Cookie-less page views of public pages, recorded after the response is sent.
    "labourdesk.analytics.collector.PageViewMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "labourdesk.urls"
WSGI_APPLICATION = "labourdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "labourdesk.core.context_processors.site",
                "labourdesk.core.navigation.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'labourdesk.sqlite3'}"
_database_url = env_str("DATABASE_URL", _default_db)
try:
    _db = dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except Exception as exc:  # dj-database-url raises several types for a malformed URL
    raise _config_error("DATABASE_URL", f"cannot be parsed ({exc})") from None
# A connection kept between requests is checked before reuse: after a database restart the
# application reconnects by itself instead of failing the first request of every worker.
_db["CONN_HEALTH_CHECKS"] = True
if not _db.get("ENGINE"):
    raise _config_error("DATABASE_URL", f"unsupported scheme in {_database_url!r}")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the task worker read and write the same file side by side.
    _db.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    _db["CONN_MAX_AGE"] = 0
    # Django's backend plus the one path (flush) that may empty the append-only audit log.
    _db["ENGINE"] = "labourdesk.core.db.sqlite3"
    # A file, not memory, for the test database: worker subprocesses and the live server share it
    # (they receive its path in DATABASE_URL). One file per test run, so runs never collide.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test-labourdesk-{os.getpid()}.sqlite3")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in lockouts (django-axes): after AXES_FAILURE_LIMIT failures in a row for one account
# (from any client) or from one client (on any account), for AXES_COOLOFF_MINUTES. Each lockout is
# an audit entry (accounts.listeners). The client is REMOTE_ADDR: behind a proxy, set it there.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# A session lasts SESSION_COOKIE_AGE seconds (8 hours: a working day); a password change ends
# the user's other sessions (Django's session auth hash).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
LOGIN_URL = "accounts:login"
# Each role lands on its own workspace after sign-in (labourdesk/core/views.py::workspace).
LOGIN_REDIRECT_URL = "core:workspace"
LOGOUT_REDIRECT_URL = "core:home"

# Languages: EN, FR, ES complete; ZH (Simplified), JA, VI for the main pages.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
    ("vi", _("Vietnamese")),
]
# Languages in which every string must be translated (the others cover the main pages).
COMPLETE_LANGUAGES = ["en", "fr", "es"]
LOCALE_PATHS: list = []  # each app keeps its catalogue in <app>/locale
USE_I18N = True
USE_TZ = True
# English dates the international way ("16 December 2026, 22:01"): labourdesk/core/formats/.
FORMAT_MODULE_PATH = ["labourdesk.core.formats"]
# The Helpdesk's time zone: reference periods run from 1 March 00:00 Geneva time.
TIME_ZONE = env_str("TIME_ZONE", "Europe/Zurich")

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# The cache holds rate-limit counters, throttles and cached pages; every web process must see the
# same one. `file` (default): a directory, shared by the processes of one machine. `database`: a
# table in the database (`manage.py createcachetable`, which `make run` runs), shared by web
# servers on several machines. `locmem`: one process only (never with several workers).
CACHE_BACKEND = env_str("CACHE_BACKEND", "file")
_cache_backends = {
    "file": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_DIR", str(VAR_DIR / "cache")),
    },
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "labourdesk_cache",
    },
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if CACHE_BACKEND not in _cache_backends:
    raise _config_error(
        "CACHE_BACKEND", f"expected one of {', '.join(_cache_backends)}, got {CACHE_BACKEND!r}"
    )
CACHES = {"default": _cache_backends[CACHE_BACKEND]}

# Background work: Django's tasks API (django-tasks backport), database-backed queue.
TASK_BACKEND = env_str("TASK_BACKEND", "database")
if TASK_BACKEND not in {"database", "immediate"}:
    raise _config_error("TASK_BACKEND", f"expected 'database' or 'immediate', got {TASK_BACKEND!r}")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASK_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default", "mail"],
    }
}

# Website statistics (labourdesk/analytics): cookie-less, no IP stored. TRUSTED_PROXY_COUNT says
# how many proxies in front of the app append to X-Forwarded-For (0: use the socket's address).
ANALYTICS_ENABLED = env_bool("ANALYTICS_ENABLED", True)
ANALYTICS_BUFFER_SIZE = env_int("ANALYTICS_BUFFER_SIZE", 50)
ANALYTICS_FLUSH_SECONDS = env_int("ANALYTICS_FLUSH_SECONDS", 10)
ANALYTICS_RAW_DAYS = env_int("ANALYTICS_RAW_DAYS", 30)
# PostgreSQL work_mem for the roll-up's transaction only (its distinct counts sort in memory).
ANALYTICS_ROLLUP_WORK_MEM = env_str("ANALYTICS_ROLLUP_WORK_MEM", "256MB")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# A task left running by a worker silent for this many seconds goes back in the queue, at most
# TASK_MAX_ATTEMPTS claims in all (labourdesk/core/workers.py).
TASK_WORKER_TIMEOUT = env_int("TASK_WORKER_TIMEOUT", 60)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3)

# Mail. Development writes mail to files under var/mail; production sends through SMTP.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "LabourDesk Helpdesk <helpdesk@labourdesk.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The domain used on the right of our Message-IDs and in private links.
SITE_DOMAIN = env_str("SITE_DOMAIN", "labourdesk.localhost")
# Links in e-mails: without SITE_URL they follow the port `make run` serves on (PORT).
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")

# Inbound mail: IMAP mailboxes polled by the worker. IMAP_URL=imap://user:pass@host:port/INBOX
IMAP_URLS = env_list("IMAP_URLS")
IMAP_POLL_SECONDS = env_int("IMAP_POLL_SECONDS", 60)
# Mail limits and behaviour (labourdesk/mail). Over-limit mail goes to the quarantine.
MAIL_MAX_MESSAGE_BYTES = env_int("MAIL_MAX_MESSAGE_BYTES", 25 * 1024 * 1024)
MAIL_MAX_ATTACHMENT_BYTES = env_int("MAIL_MAX_ATTACHMENT_BYTES", 15 * 1024 * 1024)
# Our own addresses besides DEFAULT_FROM_EMAIL, for mail-loop detection.
MAIL_OWN_ADDRESSES = env_list("MAIL_OWN_ADDRESSES")
MAIL_PROCESSED_FLAG = env_str("MAIL_PROCESSED_FLAG", "$LabourDeskProcessed")
MAIL_DELIVERY_ATTEMPTS = env_int("MAIL_DELIVERY_ATTEMPTS", 6)
MAIL_RETRY_BASE_SECONDS = env_int("MAIL_RETRY_BASE_SECONDS", 60)
MAIL_ACKNOWLEDGE = env_bool("MAIL_ACKNOWLEDGE", True)

# Uploads and imports (issue 10). A request body over UPLOAD_MAX_BYTES is refused with 413 before
# it is read (labourdesk.core.middleware.UploadLimitMiddleware). Files over
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, never memory; a form or JSON body over
# DATA_UPLOAD_MAX_MEMORY_SIZE is refused by Django.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 64 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# The compliance importers' reading layer (labourdesk/compliance/importers/common.py).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 2_000_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_LINE_BYTES = env_int("IMPORT_MAX_LINE_BYTES", 1024 * 1024)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 1024**3)
IMPORT_XLSX_MAX_PART_BYTES = env_int("IMPORT_XLSX_MAX_PART_BYTES", 64 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Authenticated by default: a public endpoint opts in with AllowAny.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # django-filter, with related objects filtered by integer id (core/api/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["labourdesk.core.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "labourdesk.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "labourdesk.core.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # JSON nested too deeply or larger than DATA_UPLOAD_MAX_MEMORY_SIZE: 400 / 413, not 500.
    # Bodies are JSON (415 otherwise), as the schema says; an upload view (imports) takes
    # multipart itself. A form body would let a list or a malformed part pass for "no fields".
    "DEFAULT_PARSER_CLASSES": ["labourdesk.core.api.parsers.SafeJSONParser"],
}


# --- API throttles (issue 10): per signed-in user and per anonymous client, DRF rate strings
# ("100/minute", "5000/hour"; an empty value turns that throttle off). 429 in the envelope.
def env_rate(name: str, default: str) -> str | None:
    import re

    value = os.environ.get(name, default).strip()
    if value == "":
        return None
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise _config_error(name, f"expected a rate such as 100/minute or 5000/hour, got {value!r}")
    return value


REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "rest_framework.throttling.AnonRateThrottle",
    "rest_framework.throttling.UserRateThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": env_rate("API_THROTTLE_ANON", "120/minute"),
    "user": env_rate("API_THROTTLE_USER", "1200/minute"),
}
# --- end API throttles
SPECTACULAR_SETTINGS = {
    "TITLE": "LabourDesk API",
    "DESCRIPTION": (
        "Helpdesk for Business, standards database and supply-chain compliance. "
        'Every error answers {"message": ..., "extra": {...}}.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    # The docs pages work offline and under the CSP: our static copies (drf-spectacular-sidecar).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the error statuses it can answer, in the envelope.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "labourdesk.core.api.schema.document_error_responses",
    ],
}

# Portal content (labourdesk/knowledge). Wagtail's locales are our six languages.
WAGTAIL_SITE_NAME = "LabourDesk"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = [(c, n) for c, n in LANGUAGES if c in COMPLETE_LANGUAGES]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from gravatar.com: the admin would fetch a third-party image (and the CSP refuses it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
# Seconds an anonymous portal page stays in the cache; publishing or unpublishing clears it.
PORTAL_CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 600)
# wagtail-localize's DRF views under /cms/ stay out of our OpenAPI schema.
SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"] = ["labourdesk.knowledge.schema.only_api_endpoints"]

RATELIMIT_VIEW = "labourdesk.core.views.rate_limited"

# Content-Security-Policy (django-csp 4): scripts and styles only from our own origin, inline
# scripts never (a script that must be inline carries {{ CSP_NONCE }}; the nonce is added to the
# header only on pages that use it). Nothing is loaded from another host: no CDN, no web fonts.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Swagger UI and ReDoc draw their icons as data: images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Production hardening (manage.py check --deploy passes with DJANGO_ENV=production).
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    if env_bool("TRUST_X_FORWARDED_PROTO", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 403/404 is one line, not a traceback: on django.request itself, and on the handler for
    # the loggers below it (django.security.<Exception> is created on the fly).
    "filters": {
        "client_errors": {"()": "labourdesk.core.logfilters.ClientErrorWithoutTraceback"},
        "private_links": {"()": "labourdesk.selfassessment.privacy.TokenMaskingFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors", "private_links"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["client_errors", "private_links"]},
        # The development server's request lines: through the console, the token masked.
        "django.server": {"filters": ["private_links"], "propagate": True},
        "axes.apps": {"level": "WARNING"},  # not a line at every start of every command
    },
}
