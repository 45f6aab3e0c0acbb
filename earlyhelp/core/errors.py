"""Errors a service raises for the interface to show in plain English."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the action; ``problems`` are sentences for a GOV.UK error summary."""

    def __init__(self, message: str, *, problems: list[str] | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or [message]
        self.field = field
