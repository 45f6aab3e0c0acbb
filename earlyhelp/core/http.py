"""View helpers: a capability check that answers 404, like the record doors, so nothing leaks."""

from __future__ import annotations

from functools import wraps

from django.http import Http404

from earlyhelp.accounts.permissions import Capability, has_capability


def require_capability(capability: Capability):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # read by the authorisation matrix test
        return wrapped

    return decorator
