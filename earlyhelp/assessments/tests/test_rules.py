"""The assessment's value rules at their edges: who changed what, what is missing, the clock."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.assessments import rules
from earlyhelp.domain.timescales import england_and_wales_bank_holidays

H = england_and_wales_bank_holidays()


def test_due_date_skips_weekends_and_bank_holidays():
    # Started Friday 19 December 2025: Christmas Day, Boxing Day and New Year's Day are not working days.
    assert rules.due_date(date(2025, 12, 19), 5, H) == date(2025, 12, 30)
    assert rules.due_date(date(2025, 12, 19), 7, H) == date(2026, 1, 2)


def test_35_working_days_across_easter():
    # 1 April 2026 (Wednesday): 35 weekdays is 20 May; Good Friday, Easter Monday and the early May bank
    # holiday push it 3 working days on, past the spring bank holiday on Monday 25 May.
    assert rules.due_date(date(2026, 4, 1), 35, H) == date(2026, 5, 26)


def test_timeliness_reads_in_working_days():
    due = date(2026, 3, 13)  # a Friday
    assert rules.timeliness(due_on=due, today=date(2026, 3, 11), finished_on=None, holidays=H).text == "Due in 2 working days"
    assert rules.timeliness(due_on=due, today=due, finished_on=None, holidays=H).text == "Due today"
    late = rules.timeliness(due_on=due, today=date(2026, 3, 16), finished_on=None, holidays=H)
    assert (late.text, late.overdue, late.colour) == ("Overdue by 1 working day", True, "red")
    assert rules.timeliness(due_on=due, today=date(2026, 4, 1), finished_on=due, holidays=H).text == "Completed within timescale"
    assert rules.timeliness(due_on=due, today=date(2026, 4, 1), finished_on=date(2026, 3, 17), holidays=H).text == (
        "Completed 2 working days late"
    )


def test_a_field_only_i_changed_is_saved_even_when_the_version_is_stale():
    base = rules.value_hash("old")
    plan = rules.plan_save(attempted={"a": "mine"}, bases={"a": base}, current={"a": "old"}, stale=True)
    assert plan == rules.SavePlan(to_save={"a": "mine"}, conflicts=())


def test_a_field_both_changed_differently_is_a_conflict_and_not_saved():
    base = rules.value_hash("old")
    plan = rules.plan_save(attempted={"a": "mine"}, bases={"a": base}, current={"a": "theirs"}, stale=True)
    assert plan == rules.SavePlan(to_save={}, conflicts=("a",))


def test_an_untouched_field_never_overwrites_a_colleagues_newer_text():
    base = rules.value_hash("old")
    plan = rules.plan_save(attempted={"a": "old"}, bases={"a": base}, current={"a": "theirs"}, stale=True)
    assert plan == rules.SavePlan()


def test_both_typed_the_same_is_no_conflict_and_crlf_is_the_same_text():
    base = rules.value_hash("old")
    plan = rules.plan_save(attempted={"a": "same\r\ntext"}, bases={"a": base}, current={"a": "same\ntext"}, stale=True)
    assert plan == rules.SavePlan()


def test_without_a_base_the_version_decides():
    assert rules.plan_save(attempted={"a": "x"}, bases={}, current={"a": "y"}, stale=True).conflicts == ("a",)
    assert rules.plan_save(attempted={"a": "x"}, bases={}, current={"a": "y"}, stale=False).to_save == {"a": "x"}


@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_nothing_anyone_changed_is_ever_lost(loaded, mine, theirs):
    """Whatever the three texts, a colleague's change is kept unless this person changed the same field
    (then it is a conflict, never a silent overwrite)."""
    plan = rules.plan_save(attempted={"a": mine}, bases={"a": rules.value_hash(loaded)}, current={"a": theirs}, stale=True)
    colleague_changed = not rules.same_text(theirs, loaded)
    i_changed = not rules.same_text(mine, loaded)
    if "a" in plan.to_save:
        assert i_changed
        assert not colleague_changed
    if colleague_changed and i_changed and not rules.same_text(mine, theirs):
        assert plan.conflicts == ("a",)


def test_submission_problems_say_in_plain_words_what_is_missing():
    facts = rules.SubmissionFacts(consent_confirmed=False, no_consent_reason=" ", needs=0, family_view="",
                                  child_voice="", members_own_words=0, analysis="")
    assert rules.submission_problems(facts) == [
        "Record the family's consent to the assessment, or the reason for going ahead without it",
        "Add at least one need the assessment found",
        "Enter the family's view",
        "Enter the child's own words, in the whole-family section or for a child",
        "Enter the analysis: what the assessment found and what needs to happen",
    ]
    ready = rules.SubmissionFacts(consent_confirmed=True, no_consent_reason="", needs=1, family_view="We want help",
                                  child_voice="", members_own_words=1, analysis="Needs support with routines")
    assert rules.submission_problems(ready) == []
