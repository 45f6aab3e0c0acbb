"""Test settings: the same as base, with fast password hashing and files kept out of the tree."""

import tempfile

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, EARLYHELP

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="earlyhelp-test-media-")
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("TEST", {})
EARLYHELP["DEMO"] = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Lets the test runner empty the append-only audit table between browser tests (see audit 0002).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c earlyhelp.test_database=on"

# Serve static files straight from the apps (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
