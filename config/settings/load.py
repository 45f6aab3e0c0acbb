"""The load-and-fault check (bench/load/): production's behaviour on loopback, without HTTPS.

Everything base has (DEBUG off, real password hashing, persistent database connections with health
checks, ATOMIC_REQUESTS), served by gunicorn on 127.0.0.1 over plain HTTP, so no HTTPS redirect and
no Secure-only cookies (an HTTP client would not send them back). The URLconf adds one empty page,
the framework's floor, which the production URLconf does not have.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="load-check-only-secret-key-not-for-production-0123456789abcdef")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "config.urls_load"
SECURE_SSL_REDIRECT = False
