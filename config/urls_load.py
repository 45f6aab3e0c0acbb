"""The service's URLs plus one empty page, for the load-and-fault check only (config.settings.load).

The empty page goes through the whole middleware stack (session, authentication, second factor,
security headers) and returns a few bytes: the same server's floor, to compare every real page with.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as service_urlpatterns


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [*service_urlpatterns, path("bench/empty/", empty, name="bench_empty")]
