"""Settings for the reading portal of one newspaper's archive (PORTAL_PAPER_NAME, 株洲日报 by default).

Everything comes from environment variables with defaults that serve a fresh
checkout on one machine: SQLite and the search index under one data
directory, DEBUG off. PORTAL_ENV=production turns on the production
defaults (HTTPS only, HSTS, secure cookies) and then needs DJANGO_SECRET_KEY.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name, default)
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envlist(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envtext(name, default):
    """A name shown to readers: one line, not blank."""
    value = os.environ.get(name, default).strip()
    if not value or "\n" in value:
        raise ImproperlyConfigured(f"{name} must be one line of text, not {value!r}")
    return value


def envint(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number") from None


ENVIRONMENTS = ("development", "production")
PORTAL_ENV = os.environ.get("PORTAL_ENV", "development")
if PORTAL_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)}")
PRODUCTION = PORTAL_ENV == "production"
DEBUG = envbool("DJANGO_DEBUG", "false")
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", BASE_DIR / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: production (PORTAL_ENV=production) needs a long "
            "random secret key, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-never-used-in-production"

# The paper whose archive this is, as pages, feeds and the admin name it; the site's own name
# (the home page's title, og:site_name, the footer) follows it unless set.
PAPER_NAME = envtext("PORTAL_PAPER_NAME", "株洲日报")
SITE_NAME = envtext("PORTAL_SITE_NAME", f"{PAPER_NAME}数字报档案")

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Before haystack: its rebuild_index is ours (articles/management/commands/rebuild_index.py).
    "articles",
    "haystack",
    "reversion",
    "portal.apps.AxesConfig",
    "csp",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that answers: a 429 or a 304 carries its cross-origin headers too.
    "corsheaders.middleware.CorsMiddleware",
    "articles.research.api.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.paper",
            ],
        },
    },
]

# SQLite in WAL mode with a busy timeout lets several gunicorn workers read
# while one import writes; IMMEDIATE transactions avoid upgrade deadlocks.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'portal.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a login after repeated failures before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords lock out, for half an hour, the name they were tried for (from any address:
# guessing one editor's password from many addresses gets nowhere) and the address they came
# from (for any name: one address cannot try name after name). The address is the reader's own
# behind PORTAL_PROXY_COUNT proxies; editors behind one office proxy share it.
AXES_FAILURE_LIMIT = envint("PORTAL_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("PORTAL_LOGIN_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind N reverse proxies that append to X-Forwarded-For, the client is the Nth address from the right;
# login lockouts and the error-report rate limit count by it.
PORTAL_PROXY_COUNT = envint("PORTAL_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "articles.reports.clients.client_ip"
# Readers' error reports: how many one address may send in an hour.
REPORTS_PER_HOUR = envint("PORTAL_REPORTS_PER_HOUR", "5")
# Readers' correction proposals one address may send in an hour: a proofreader sends several.
PROPOSALS_PER_HOUR = envint("PORTAL_PROPOSALS_PER_HOUR", "20")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# The only one: the admin stays Chinese whatever language a browser asks for (LocaleMiddleware).
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for the apps that ship none (django-axes); each app of ours keeps its own locale/.
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def cache_from_url(url, name):
    """A cache from a URL: locmem:// (one per process), redis://host:6379/0, memcached://host:11211."""
    scheme, _, location = url.partition("://")
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "redis": "django.core.cache.backends.redis.RedisCache",
        "rediss": "django.core.cache.backends.redis.RedisCache",
        "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(f"CACHE_URL must start with one of {', '.join(backends)}://")
    if scheme.startswith("redis"):
        location = url
    return {"BACKEND": backends[scheme], "LOCATION": location or name, "KEY_PREFIX": name}


# "default" holds small shared state (rate limits); "pages" the rendered busy pages.
# Several app servers share one cache through CACHE_URL (Redis needs `pip install redis`,
# memcached `pip install pymemcache`).
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {"default": cache_from_url(CACHE_URL, "portal"), "pages": cache_from_url(CACHE_URL, "pages")}
PAGE_CACHE_SECONDS = envint("PORTAL_PAGE_CACHE_SECONDS", "600")

# Search: our SQLite FTS5 backend, its index a file beside the database; or,
# past one machine, an OpenSearch cluster (zhsearch/opensearch.py).
# The facets the FTS5 index counts in one pass over the matches (few values each).
SEARCH_FACETS = ["districts", "section", "kind"]
# Reporters (many values, a pass of their own) are counted on the search page up to this many matches.
SEARCH_REPORTERS_UP_TO = 1000
if os.environ.get("OPENSEARCH_URL"):
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "zhsearch.opensearch.OpenSearchEngine",
            "URL": os.environ["OPENSEARCH_URL"],
            "INDEX_NAME": os.environ.get("OPENSEARCH_INDEX", "portal"),
            "SHARDS": envint("OPENSEARCH_SHARDS", "1"),
            "REPLICAS": envint("OPENSEARCH_REPLICAS", "0"),
        }
    }
else:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "zhsearch.backend.FTS5Engine",
            "PATH": str(DATA_DIR / "search.sqlite3"),
            # The search page's facets (and the kind), counted over every match in one pass.
            "FACETS": SEARCH_FACETS,
        }
    }
# haystack's own listeners stay off: every change reaches the index after its commit through the
# portal's one path from a change to readers (articles/changes.py), with the counts and cached pages.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
# Place names and reporters' names the search engine's segmenter keeps whole (zhsearch/README.md).
ZHSEARCH_VOCABULARY = "articles.vocabulary.vocabulary"
# Misprints the paper repeats, found as the right word (each replaced by one of the same length).
ZHSEARCH_MISPRINTS = {"株州": "株洲"}

# Security: production defaults, loosened only where DEBUG asks for it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", str(PRODUCTION))
# Load balancers probe over plain HTTP: a redirect would hide a 503 from them.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", "31536000" if PRODUCTION else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", str(PRODUCTION))
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", str(PRODUCTION))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", str(PRODUCTION))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own static files; inline styles are allowed for the admin's widgets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # The OpenSearch client logs each failed request with its traceback; the backend reports a node
    # that does not answer in one line of its own (zhsearch/opensearch.py).
    "loggers": {"opensearch": {"level": "ERROR"}},
}

# For researchers (articles/research/, docs/research.md) ---------------------------------
# Where export_archive writes the archive's files, which /data/ lists and serves.
EXPORT_DIR = Path(os.environ.get("PORTAL_EXPORT_DIR", DATA_DIR / "exports")).resolve()
# What the exported articles' URLs begin with (https://paper.example.cn); empty: paths alone.
SITE_URL = os.environ.get("PORTAL_SITE_URL", "").rstrip("/")
# The terms on which the archive's text may be used: the rights holder's words, shown on /about/,
# /data/ and in every export's manifest.
ARCHIVE_LICENCE = envtext(
    "PORTAL_LICENCE", f"使用条件尚未声明：本馆藏文字的权利属于{PAPER_NAME}，使用前请联系权利人。"
)
# The JSON API (?format=json or csv on any page): requests one address may make, per second (s),
# minute (m) or hour (h), counted in the "default" cache (shared between servers through CACHE_URL).
API_RATE = os.environ.get("PORTAL_API_RATE", "120/m")
if not re.fullmatch(r"[0-9]+/[0-9]*[smhd]", API_RATE):
    raise ImproperlyConfigured(f"PORTAL_API_RATE must read like 120/m (per s, m, h or d), not {API_RATE!r}")
# A cache that cannot count (a Redis that is down) lets requests through rather than refuse them all.
RATELIMIT_FAIL_OPEN = True
# JSON, CSV, feeds, citations and the exported files answer any origin's GET (articles/research/api.py
# says which requests those are); nothing is sent with credentials.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("Retry-After", "Content-Disposition")

# Largest text file the importer accepts; a real issue is well under 1 MB.
IMPORT_MAX_BYTES = envint("PORTAL_IMPORT_MAX_BYTES", str(5 * 1024 * 1024))
# How long a file waits while another run imports it (or another file of its issue) before it is refused.
IMPORT_OTHER_RUN_WAIT = envint("PORTAL_IMPORT_WAIT_SECONDS", "120")
