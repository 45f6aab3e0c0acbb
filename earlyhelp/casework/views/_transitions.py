"""Helpers shared by the step up, step down and closure pages: problems onto fields, the error summary
list in page order, and what a step-up carries."""

from __future__ import annotations

from django.forms import BaseForm
from django.http import Http404

from earlyhelp.accounts.permissions import has_capability
from earlyhelp.core.errors import ApplicationError
from earlyhelp.frontend.fields import field_anchor


def require_any(user, *capabilities) -> None:
    if not any(has_capability(user, c) for c in capabilities):
        raise Http404("Not found")


def apply_problems(form: BaseForm, error: ApplicationError) -> None:
    """Put each problem next to the field it is about, or at the top when it is about no one field."""
    field_problems = getattr(error, "field_problems", None)
    if field_problems is None:
        for message in error.problems:
            form.add_error(error.field if error.field in form.fields else None, message)
        return
    for problem in field_problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def error_items(form: BaseForm | None) -> list[dict[str, str]]:
    if form is None or not form.errors:
        return []
    items = [{"text": str(e), "href": ""} for e in form.non_field_errors()]
    for bound in form:
        for error in bound.errors:
            items.append({"text": str(error), "href": "" if bound.is_hidden else f"#{field_anchor(bound)}"})
    return items


def carried(assessment, plan) -> dict:
    """The assessment's summary and needs, and the plan's words and actions, for the step-up pages."""
    needs = list(assessment.needs.select_related("person").order_by("id")) if assessment else []
    actions = list(plan.actions.order_by("due_on", "id")) if plan else []
    return {"assessment": assessment, "needs": needs, "plan": plan, "actions": actions}
