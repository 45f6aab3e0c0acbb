"""Settings shared by every environment, read from the environment (django-environ).

SQLite is the zero-configuration default; DATABASE_URL selects PostgreSQL.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

# The insecure key only ever serves local development; production.py refuses to start without one.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-not-for-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "earlyhelp.core",
    "earlyhelp.frontend",
    "earlyhelp.audit",
    "earlyhelp.accounts",
    "earlyhelp.people",
    "earlyhelp.referrals",
    "earlyhelp.casework",
    "earlyhelp.socialcare",
    "earlyhelp.assessments",
    "earlyhelp.plans",
    "earlyhelp.meetings",
    "earlyhelp.outcomes",
    "earlyhelp.reporting",
    "earlyhelp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "earlyhelp.accounts.middleware.LoginRequiredKeepingFormMiddleware",
    "earlyhelp.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "earlyhelp.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "earlyhelp.frontend.context_processors.navigation",
                "earlyhelp.frontend.context_processors.session",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo serve while a command writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in lockout (django-axes): five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("EARLYHELP_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("EARLYHELP_SIGN_IN_LOCKOUT_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "earlyhelp.accounts.views.locked_out"
AXES_VERBOSE = False

# Time-based one-time passwords (django-otp), required for these roles.
EARLYHELP_TWO_FACTOR_ROLES = env.list("EARLYHELP_TWO_FACTOR_ROLES", default=["team_manager", "administrator"])
OTP_TOTP_ISSUER = "Early Help"

# The REST API: requests per token (django-ninja throttling, using the default cache).
EARLYHELP_API_RATE = env("EARLYHELP_API_RATE", default="120/m")

# Pseudonyms on the performance pages (a keyed hash of each episode id); blank derives one from SECRET_KEY.
EARLYHELP_PSEUDONYM_SECRET = env("EARLYHELP_PSEUDONYM_SECRET", default="")

# Early Help Assessment (earlyhelp/assessments): completed within this many working days of starting.
EARLYHELP_ASSESSMENT_WORKING_DAYS = env.int("EARLYHELP_ASSESSMENT_WORKING_DAYS", default=35)

# Family outcomes (earlyhelp/outcomes): the 12-week evaluation uses the reading nearest TARGET weeks
# after the baseline among those from START to END weeks after it; feedback links last LINK_DAYS, and
# one address may try GUESS_LIMIT unknown feedback links an hour before it is refused.
EARLYHELP_TWELVE_WEEK_WINDOW_START_WEEKS = env.int("EARLYHELP_TWELVE_WEEK_WINDOW_START_WEEKS", default=10)
EARLYHELP_TWELVE_WEEK_TARGET_WEEKS = env.int("EARLYHELP_TWELVE_WEEK_TARGET_WEEKS", default=12)
EARLYHELP_TWELVE_WEEK_WINDOW_END_WEEKS = env.int("EARLYHELP_TWELVE_WEEK_WINDOW_END_WEEKS", default=16)
EARLYHELP_FEEDBACK_LINK_DAYS = env.int("EARLYHELP_FEEDBACK_LINK_DAYS", default=14)
EARLYHELP_FEEDBACK_GUESS_LIMIT = env.int("EARLYHELP_FEEDBACK_GUESS_LIMIT", default=20)

# The family's plan is reviewed at least this often (months); the first review is due this long after it is agreed.
EARLYHELP_PLAN_REVIEW_MONTHS = env.int("EARLYHELP_PLAN_REVIEW_MONTHS", default=3)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("EARLYHELP_MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Sessions: a working day's inactivity limit is set per role by the trust work; this is the floor.
SESSION_COOKIE_AGE = env.int("EARLYHELP_SESSION_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "earlyhelp.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Casework: an episode's target length in weeks (the partnership's guidance is 12-16), the ages for
# transition prompts (adult services at 18, exploitation support to 22, prompted N months before),
# and what may be uploaded to an episode (size in bytes; kinds checked from the file's own bytes).
EARLYHELP_EPISODE_TARGET_WEEKS = env.int("EARLYHELP_EPISODE_TARGET_WEEKS", default=16)
EARLYHELP_TRANSITION_ADULT_AGE = env.int("EARLYHELP_TRANSITION_ADULT_AGE", default=18)
EARLYHELP_TRANSITION_EXPLOITATION_UNTIL = env.int("EARLYHELP_TRANSITION_EXPLOITATION_UNTIL", default=22)
EARLYHELP_TRANSITION_PROMPT_MONTHS = env.int("EARLYHELP_TRANSITION_PROMPT_MONTHS", default=6)
EARLYHELP_DOCUMENT_MAX_BYTES = env.int("EARLYHELP_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
EARLYHELP_DOCUMENT_KINDS = env.list("EARLYHELP_DOCUMENT_KINDS", default=["pdf", "png", "jpeg", "docx", "txt"])

# The local authority's own settings (configurable; defaults from shared/domain.md).
EARLYHELP = {
    "LA_NAME": env("EARLYHELP_LA_NAME", default="Northmoor Borough Council"),
    "DEMO": env.bool("EARLYHELP_DEMO", default=False),
    # Records are kept until the later of N years after the last episode closed and the youngest
    # child's birthday at the given age; then `earlyhelp retention --apply` anonymises them.
    "RETENTION": {
        "YEARS_AFTER_CLOSURE": env.int("EARLYHELP_RETENTION_YEARS_AFTER_CLOSURE", default=6),
        "UNTIL_YOUNGEST_CHILD_AGE": env.int("EARLYHELP_RETENTION_UNTIL_CHILD_AGE", default=25),
    },
}
