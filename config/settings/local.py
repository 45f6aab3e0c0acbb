"""Local demo: the settings the quick start uses (SQLite unless DATABASE_URL says otherwise)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import EARLYHELP, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
EARLYHELP["DEMO"] = True

# Serve static files straight from the apps (no collectstatic for the demo).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
