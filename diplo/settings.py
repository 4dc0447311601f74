"""diplo settings, read from the environment (see .env.example).

Development defaults are safe to run locally: an SQLite file and DEBUG off unless
set. Production sets DATABASE_URL (PostgreSQL), SECRET_KEY, ALLOWED_HOSTS.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from diplo.keys import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = secret_key(debug=DEBUG)  # diplo/keys.py: refused when published, weak, or (serving) missing

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "diplo.middleware.PermissionsPolicyMiddleware",
    "diplo.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "diplo.urls"

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

WSGI_APPLICATION = "diplo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# SQLite: a writing transaction takes the database's write lock when it begins (IMMEDIATE), waiting
# for another import's up to SQLITE_BUSY_TIMEOUT seconds, so concurrent imports run one after the
# other. Begun as a reader (the default), two transactions that both go on to write could not wait
# for each other, and one failed at once with "database is locked".
SQLITE_BUSY_TIMEOUT = float(os.environ.get("SQLITE_BUSY_TIMEOUT", 60))  # seconds: longer than any article's transaction
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=SQLITE_BUSY_TIMEOUT,
    )

# PostgreSQL: no JIT compilation, and no parallel workers. The planner turns JIT on for any query it costs above
# jit_above_cost, and the pages' searches (a union of index scans over 100,000 meetings) cross that line without
# gaining from it: compiling took 2.6 s of a 3 s ranked search, 0.4 s without. Parallel workers start in a few
# milliseconds each, for queries that take a few: at 1,000,000 meetings `?q=Kim` ran 64 ms in one process with them
# and 48 without, and under load the busiest person's page doubled its rate without them (docs/performance.md).
# Server-side cursors (the CSV exports' only: QuerySet.iterator) are planned for all their rows, since an export reads
# every one; PostgreSQL's default plans one for its first tenth, and walked the whole meeting order for one issuer's
# read-outs (5.3 s for 16,000 rows at 1,000,000 meetings, 0.8 s planned for all).
# Options that DATABASE_URL gives are kept beside these; a URL that sets one of them itself decides.
CONNECTION_DEFAULTS = {"jit": "off", "max_parallel_workers_per_gather": "0", "cursor_tuple_fraction": "1"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _connection_options = DATABASES["default"].setdefault("OPTIONS", {})
    _given = _connection_options.get("options", "")
    _set = _given.replace(" ", "")
    _added = [f"-c {name}={value}" for name, value in CONNECTION_DEFAULTS.items() if f"{name}=" not in _set]
    _connection_options["options"] = " ".join([_given, *_added]).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic` first: the Docker image turns them on.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve from the app folders too, so a server without `collectstatic` still has its CSS
# (and WhiteNoise need not warn that STATIC_ROOT does not exist yet).
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST")
warnings.filterwarnings("ignore", message="No directory at")

LOGIN_URL = "admin:login"
# Where a login goes when its `next` is missing or refused (another host): the admin, the only
# place anyone logs in to (Django's default, /accounts/profile/, does not exist here).
LOGIN_REDIRECT_URL = "admin:index"

# Failed admin logins: lock out a username+IP after AXES_FAILURE_LIMIT attempts for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Security settings that `check --deploy` asks for. With DEBUG off the defaults assume
# HTTPS in front (a proxy setting X-Forwarded-Proto); a plain-HTTP setup such as
# docker-compose on localhost turns them off explicitly through the environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HSTS_DEFAULT_SECONDS = 60 * 60 * 24 * 30  # a month: long enough to matter, short enough to undo a mistake
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", HSTS_DEFAULT_SECONDS if HTTPS else 0))
# Both commit more than this site to HTTPS (every subdomain; browsers' built-in lists, for good),
# which only the domain's owner can decide: off unless the environment turns them on.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy` warns while they are off; off is the deliberate default above, not an oversight.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# /healthz answers the load balancer over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Every page is served from here with no inline script or style (templates/, the admin's own
# templates load their scripts from files): anything else a page would run was injected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no page of diplo uses, refused to any script or frame that would.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), usb=(), "
    "xr-spatial-tracking=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The public JSON API (meetings/api/): read-only, anonymous, JSON only. No authentication classes, so
# no session or CSRF handling; the permission refuses anything but GET, HEAD and OPTIONS.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["meetings.api.permissions.ReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["meetings.api.filtering.FirstRowsFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "meetings.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# /api/docs/ loads Swagger UI from drf-spectacular-sidecar's static files, never from a CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "diplo API",
    "DESCRIPTION": "Diplomatic contacts around the Korean peninsula: meetings, people, offices, read-outs and "
    "the articles they came from. Read-only; lists take the same query parameters as the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: Swagger UI would otherwise send the schema to an outside validation service.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Meetings and offices both have a `kind`, with different choices.
    "ENUM_NAME_OVERRIDES": {"MeetingKindEnum": "meetings.models.Kind", "OfficeKindEnum": "meetings.models.OrgKind"},
}

# Public pages are served from the cache under the data version (meetings/page_cache.py): never stale, since
# every write to the data changes the version, and kept at most this many seconds (0: no page cache). Off with
# DEBUG, where a developer's change to a template or a view must show on the next view.
PAGE_CACHE_DEFAULT_SECONDS = 300
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or (0 if DEBUG else PAGE_CACHE_DEFAULT_SECONDS))

# Where `make run` and the docker image import articles from.
DIPLO_FIXTURE_ARTICLES = BASE_DIR / "fixtures" / "articles"
DIPLO_KNOWLEDGE_BASE = BASE_DIR / "fixtures" / "knowledge_base.json"
