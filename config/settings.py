"""Ruamkan settings. Everything that differs between machines comes from the environment.

DATABASE_URL selects the database (default: SQLite in WAL mode under var/).
See README.md, section "Settings", for the full list.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RUAMKAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The development key only works with DEBUG or on loopback; production must set DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-ruamkan")
# Keyed hash for Thai citizen ID numbers. Kept apart from SECRET_KEY so rotating one does not
# break the other; in production it lives outside the database and its backups.
CITIZEN_ID_HMAC_KEY = os.environ.get("RUAMKAN_CITIZEN_ID_KEY", "dev-only-citizen-id-key")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("RUAMKAN_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.line",
    "allauth.socialaccount.providers.openid_connect",
    # Ruamkan: one app per domain.
    "ruamkan.core",
    "ruamkan.areas",
    "ruamkan.accounts",
    "ruamkan.organisations",
    "ruamkan.spaces",
    "ruamkan.search",
    "ruamkan.api",
]
# Method apps (participation methods) plug into spaces through their phases.py.
INSTALLED_APPS += [
    app
    for app in (
        "ruamkan.deliberation",
        "ruamkan.budgeting",
        "ruamkan.opinions",
        "ruamkan.sortition",
        "ruamkan.polls",
        "ruamkan.servicerequests",
        "ruamkan.volunteering",
    )
    if (BASE_DIR / app.replace(".", "/") / "apps.py").exists()
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ruamkan.core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "ruamkan.core.context_processors.site",
                "ruamkan.accounts.context_processors.notifications",
            ],
            "builtins": ["ruamkan.core.templatetags.thai"],
        },
    }
]

# Database ------------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'ruamkan.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Keep each thread's connection: opening one re-reads the schema and re-runs the PRAGMAs
    # (1.5 ms of CPU per request here, a third of an Open311 POST).
    DATABASES["default"].setdefault("CONN_MAX_AGE", 600)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis in production (REDIS_URL), in-process otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (Django's tasks API through django-tasks; database-backed queue).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "RUAMKAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        )
    }
}

# Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "ruamkan.accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:me"
SITE_ID = 1
SESSION_COOKIE_AGE = 60 * 60 * 24 * 7
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the meta tag, not the cookie

ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Sign up with an e-mail address or a mobile number (the form asks for at least one), so
# neither is "required" to allauth, whose check for that (account.W001) is silenced below.
ACCOUNT_SIGNUP_FIELDS = ["email", "phone", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "ruamkan.accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("RUAMKAN_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_ADAPTER = "ruamkan.accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
# LINE / ThaiD sign-ups pass through a form too: the privacy notice must be seen and accepted.
SOCIALACCOUNT_ADAPTER = "ruamkan.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "ruamkan.accounts.forms.SocialSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = False
# SMS codes: "log" (development), "locmem" (tests) or a dotted path to send(phone, text).
RUAMKAN_SMS_BACKEND = os.environ.get("RUAMKAN_SMS_BACKEND", "log")
# Login throttling: allauth's own rate limits (per IP and per account; cache-backed).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "5/m/ip,3/m/key",
    "login": "30/m/ip",
    # National ID attempts (ruamkan.accounts): guessing whose ID is registered stays slow.
    "verify_citizen_id": "10/h/user",
}
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if os.environ.get("RUAMKAN_LINE_CHANNEL_ID"):
    SOCIALACCOUNT_PROVIDERS["line"] = {
        "APPS": [
            {
                "client_id": os.environ["RUAMKAN_LINE_CHANNEL_ID"],
                "secret": os.environ.get("RUAMKAN_LINE_CHANNEL_SECRET", ""),
            }
        ],
        "SCOPE": ["profile", "openid"],
    }
if os.environ.get("RUAMKAN_THAID_CLIENT_ID"):
    # ThaiD (DOPA) speaks OpenID Connect; ask only for what we use (thai.md section 2).
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "thaid",
                "name": "ThaiD",
                "client_id": os.environ["RUAMKAN_THAID_CLIENT_ID"],
                "secret": os.environ.get("RUAMKAN_THAID_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": os.environ.get(
                        "RUAMKAN_THAID_SERVER_URL", "https://imauth.bora.dopa.go.th"
                    ),
                    "scope": ["openid", "pid", "ial", "name"],
                },
            }
        ]
    }

# Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
# Leaflet's JS and CSS come from the django-leaflet package. Its app is not installed because its
# admin module imports GeoDjango (GDAL), which we do not need: we only serve its static files.
import leaflet as _leaflet_pkg  # noqa: E402

STATICFILES_DIRS = [BASE_DIR / "static", Path(_leaflet_pkg.__file__).parent / "static"]
STATIC_ROOT = Path(os.environ.get("RUAMKAN_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("RUAMKAN_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("RUAMKAN_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
# Uploads: photos are checked in the form (size, pixels) and re-encoded; this caps a request body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
RUAMKAN_MAX_IMAGE_BYTES = 12 * 1024 * 1024
RUAMKAN_MAX_IMAGE_SIDE = 1600

# Maps: tiles are data, not code; operators point this at their own tile server.
RUAMKAN_TILE_URL = os.environ.get(
    "RUAMKAN_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (6.43, 101.82),
    "DEFAULT_ZOOM": 9,
    "TILES": [("OpenStreetMap", RUAMKAN_TILE_URL, {"attribution": "© OpenStreetMap"})],
    "RESET_VIEW": False,
}

# Security -----------------------------------------------------------------------------------
# account.W001: sign-up asks for an e-mail OR a phone number (neither alone is required; the
# sign-up form requires one of them), which allauth's cross-check cannot express.
SILENCED_SYSTEM_CHECKS = ["account.W001"]
_tile_origin = "/".join(RUAMKAN_TILE_URL.split("/")[:3]).replace("{s}.", "*.")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", _tile_origin],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_bool("RUAMKAN_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading binds the whole domain (often a shared go.th parent) to HTTPS for good:
    # an operator's decision, not a default.
    SECURE_HSTS_PRELOAD = env_bool("RUAMKAN_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "ruamkan@localhost")

# Moderation: a contribution is hidden once this many different people report it.
RUAMKAN_HIDE_AFTER_REPORTS = int(os.environ.get("RUAMKAN_HIDE_AFTER_REPORTS", "3"))
RUAMKAN_DEMO_PASSWORD = os.environ.get("RUAMKAN_DEMO_PASSWORD", "ruamkan-demo-2569")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RUAMKAN_LOG_LEVEL", "WARNING")},
}

# Pages: every Ruamkan app with a urls.py is mounted at the root; each names its own prefixes.
RUAMKAN_URL_MODULES = [
    ("", f"{app}.urls")
    for app in INSTALLED_APPS
    if app.startswith("ruamkan.") and (BASE_DIR / app.replace(".", "/") / "urls.py").exists()
]
# Media are only ever re-encoded images under generated names, so Django may serve them when
# no front web server does (make run). Production serves MEDIA_ROOT from the web server.
RUAMKAN_SERVE_MEDIA = env_bool("RUAMKAN_SERVE_MEDIA", True)
