"""Person matching rules: normalisation, every comparison level, the guards, the reasons, the keys."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.domain import matching as m

MODEL = m.Model.from_dict(
    json.loads((Path(__file__).resolve().parents[2] / "people" / "matching" / "model.json").read_text())
)
MODEL = m.Model(prior=-13.0, m=MODEL.m, u=MODEL.u, threshold=MODEL.threshold)


def rec(first="Olivia", last="Smith", dob=date(2016, 3, 4), sex="F", address="12 Acacia Avenue",
        postcode="NM1 2AB", nhs="", **kwargs):
    return m.make_record(first_name=first, last_name=last, date_of_birth=dob, sex=sex, address=address,
                         postcode=postcode, nhs_number=nhs, **kwargs)


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("O'Brien", "obrien"), ("  SMITH-jones ", "smith jones"), ("Zoë", "zoe"), ("Mary  Jane", "mary jane")],
)
def test_given_names_with_case_punctuation_and_accents_then_they_normalise(raw, expected):
    assert m.normalise_name(raw) == expected


def test_given_postcodes_then_sector_and_district_are_uk_only():
    assert m.normalise_postcode(" nm1 2ab") == "NM12AB"
    assert m.postcode_sector("NM12AB") == "NM1 2"
    assert m.postcode_district("NM12AB") == "NM1"
    assert m.postcode_sector("4223") == ""


def test_given_an_address_then_abbreviations_are_spelt_out_and_the_postcode_dropped():
    assert m.normalise_address("12 Acacia Ave, NM1 2AB", "NM12AB") == "12 acacia avenue"
    assert m.house_number("flat 3 12a mill road") == "3"


def test_given_a_placeholder_first_name_then_it_counts_as_missing():
    assert rec(first="Unborn").first_names == ()


# --------------------------------------------------------------------------- comparisons


@pytest.mark.parametrize(
    ("query", "register", "level"),
    [
        ("Olivia", "Olivia", "exact"),
        ("Bill", "William", "short_form"),
        ("Liz", "Elizabeth", "short_form"),
        ("Jay", "Jayden", "short_form"),
        ("Mo", "Mohammed", "short_form"),
        ("Jaiden", "Jayden", "short_form"),
        ("Olvia", "Olivia", "one_letter"),
        ("Oilvia", "Olivia", "one_letter"),
        ("Tpmmy", "Thomas", "one_letter"),
        ("O", "Olivia", "initial"),
        ("Isla", "Olivia", "different"),
        ("", "Olivia", "missing"),
    ],
)
def test_first_name_levels(query, register, level):
    assert m.compare_first_name(rec(first=query), rec(first=register))[0] == level


def test_given_a_known_as_alias_then_the_first_name_matches_it():
    level, alias = m.compare_first_name(rec(first="Bobby"), rec(first="Robert", other_first_names=["Bobby"]))
    assert (level, alias) == ("exact", "bobby")


@pytest.mark.parametrize(
    ("query", "register", "level"),
    [
        ("Smith", "Smith", "exact"),
        ("Smyth", "Smith", "one_letter"),
        ("Smith", "Smith-Jones", "part"),
        ("Smith Jones", "Smith-Jones", "exact"),
        ("Brown", "Smith", "different"),
    ],
)
def test_last_name_levels(query, register, level):
    assert m.compare_last_name(rec(last=query), rec(last=register))[0] == level


def test_given_a_previous_surname_then_it_matches_as_previous():
    register = rec(last="Patel", other_last_names=["Smith"])
    assert m.compare_last_name(rec(last="Smith"), register) == ("previous", "smith")


def test_given_first_and_last_names_written_the_wrong_way_round_then_both_say_swapped():
    levels = m.compare(rec(first="Smith", last="Olivia"), rec()).levels
    assert levels["first_name"] == levels["last_name"] == "swapped"


@pytest.mark.parametrize(
    ("query", "register", "level"),
    [
        (date(2016, 3, 4), date(2016, 3, 4), "exact"),
        (date(2016, 4, 3), date(2016, 3, 4), "day_month_swapped"),
        (date(2015, 3, 4), date(2016, 3, 4), "year_off_by_one"),
        (date(2016, 3, 7), date(2016, 3, 4), "one_digit"),
        (date(2016, 3, 20), date(2016, 3, 4), "within_a_month"),
        (date(2001, 9, 9), date(2016, 3, 4), "different"),
        (None, date(2016, 3, 4), "missing"),
    ],
)
def test_date_of_birth_levels(query, register, level):
    assert m.compare_date_of_birth(query, register) == level


@pytest.mark.parametrize(
    ("query", "register", "level"),
    [
        (("12 Acacia Avenue", "NM1 2AB"), ("12 Acacia Ave", "NM1 2AB"), "same_address"),
        (("12 Acacia Avenue", "NM1 2AX"), ("12 Acacia Avenue", "NM1 2AB"), "same_street_address"),
        (("", "NM1 2AB"), ("12 Acacia Avenue", "NM1 2AB"), "same_postcode"),
        (("14 Acacia Avenue", "NM1 2AB"), ("12 Acacia Avenue", "NM1 2AB"), "postcode_other_house"),
        (("", "NM1 2XY"), ("12 Acacia Avenue", "NM1 2AB"), "same_sector"),
        (("", "NM1 7XY"), ("12 Acacia Avenue", "NM1 2AB"), "same_district"),
        (("", "4224"), ("", "4223"), "postcode_typo"),
        (("1 Other Road", "NM9 9ZZ"), ("12 Acacia Avenue", "NM1 2AB"), "different"),
        (("", ""), ("12 Acacia Avenue", "NM1 2AB"), "missing"),
    ],
)
def test_place_levels(query, register, level):
    q = rec(address=query[0], postcode=query[1])
    r = rec(address=register[0], postcode=register[1])
    assert m.compare_place(q, r)[0] == level


def test_given_a_previous_address_then_the_place_matches_and_says_so():
    register = rec(address="7 New Street", postcode="NM4 5PQ", previous_places=[("40 Old Road", "NM3 1XY")])
    assert m.compare_place(rec(address="40 Old Road", postcode="NM3 1XY"), register) == ("same_address", True)


@pytest.mark.parametrize(
    ("query", "register", "level"),
    [("9434765919", "9434765919", "exact"), ("9434765918", "9434765919", "one_digit"),
     ("9434765870", "9434765919", "different"), ("", "9434765919", "missing")],
)
def test_nhs_number_levels(query, register, level):
    assert m.compare_nhs_number(query, register) == level


def test_sex_levels():
    assert [m.compare_sex("F", "F"), m.compare_sex("F", "M"), m.compare_sex("", "M")] == ["same", "different", "missing"]


# --------------------------------------------------------------------------- scores and guards


def test_given_an_exact_match_then_the_score_is_probable():
    assert m.score(MODEL, m.compare(rec(), rec())).probability >= MODEL.threshold


def test_given_a_twin_then_the_score_is_held_below_threshold_with_a_reason():
    sc = m.score(MODEL, m.compare(rec(first="Isla"), rec(first="Olivia")))
    assert sc.guarded == "twin"
    assert sc.probability < MODEL.threshold
    assert any("twin" in reason for reason in m.reasons(sc.comparison, sc))


def test_given_a_twin_with_the_same_nhs_number_then_the_nhs_number_wins():
    sc = m.score(MODEL, m.compare(rec(first="Isla", nhs="9434765919"), rec(nhs="9434765919")))
    assert not sc.guarded
    assert sc.probability >= MODEL.threshold


def test_given_a_garbled_first_name_then_it_is_a_slip_not_a_twin():
    sc = m.score(MODEL, m.compare(rec(first="Ovilai"), rec()), first_name_is_a_name=False)
    assert not sc.guarded


def test_given_a_namesake_elsewhere_then_it_is_held_below_threshold():
    sc = m.score(MODEL, m.compare(rec(address="1 Far Road", postcode="NM9 9ZZ"), rec()))
    assert sc.guarded == "elsewhere"
    assert sc.probability < MODEL.threshold


# ---- parent and child with one name, a household without a person, short-form slips, twins of both sexes


@given(
    born=st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)),
    gap_days=st.integers(min_value=0, max_value=60 * 366),
)
def test_given_two_dates_then_years_between_counts_whole_birthdays(born, gap_days):
    from datetime import timedelta

    later = born + timedelta(days=gap_days)
    years = m.years_between(born, later)
    assert years == m.years_between(later, born)
    # whole years: the later date is on or after the years-th anniversary and before the next
    assert (later.year, later.month, later.day) >= (born.year + years, born.month, born.day)
    assert (later.year, later.month, later.day) < (born.year + years + 1, born.month, born.day)
    assert m.years_between(None, later) == m.years_between(born, None) == 0


@given(years=st.integers(min_value=0, max_value=60), nhs=st.booleans())
def test_given_one_name_and_address_then_dates_a_generation_apart_are_held_as_parent_and_child(years, nhs):
    father = rec(first="Jacob", last="Davies", dob=date(1970, 6, 17), sex="M", nhs="9434765919")
    son_dob = date(1970 + years, 10, 21)  # never a swap, a year out or one digit only, except by chance
    query = rec(first="Jacob", last="Davies", dob=son_dob, sex="M", nhs="9434765919" if nhs else "")
    sc = m.score(MODEL, m.compare(query, father))
    level = sc.comparison.levels["date_of_birth"]
    if nhs:
        assert sc.guarded != "born_apart"  # the same NHS number is the same person
    elif level == "different" and m.years_between(son_dob, father.date_of_birth) >= m.GENERATION_YEARS:
        assert sc.guarded == "born_apart"
        assert sc.probability < MODEL.threshold
        assert any("parent or child" in reason for reason in m.reasons(sc.comparison, sc))
    else:
        assert sc.guarded != "born_apart"


def test_given_dates_eleven_years_apart_then_born_apart_does_not_apply_but_twelve_does():
    register = rec(dob=date(2000, 1, 1))
    eleven = m.compare(rec(dob=date(2011, 6, 1)), register)
    twelve = m.compare(rec(dob=date(2012, 1, 1)), register)
    assert eleven.levels["date_of_birth"] == twelve.levels["date_of_birth"] == "different"
    assert m.guard(eleven) != "born_apart"
    assert m.guard(twelve) == "born_apart"


@given(first=st.sampled_from(["", "Unborn", "Zebedee"]), nhs=st.booleans())
def test_given_only_surname_and_address_then_the_pair_is_held_as_too_little(first, nhs):
    number = "9434765919"
    query = rec(first=first, dob=None, nhs=number if nhs else "")
    sc = m.score(MODEL, m.compare(query, rec(nhs=number)), first_name_is_a_name=False)
    if nhs:
        assert not sc.guarded
    else:
        assert sc.guarded == "too_little"
        assert sc.probability < MODEL.threshold


def test_given_a_date_of_birth_then_a_missing_first_name_is_not_too_little():
    assert m.guard(m.compare(rec(first=""), rec()), first_name_is_a_name=False) == ""


@pytest.mark.parametrize(("query", "register", "known"), [
    ("Tilly", "Amelia", True),   # Tilly is one letter from Milly (Amelia), but a name of its own
    ("Holly", "Oliver", True),   # one letter from Olly
    ("Ella", "Ellie", True),     # one letter from Elly
])
def test_given_a_real_name_one_letter_from_a_short_form_then_it_is_another_name(query, register, known):
    comparison = m.compare(rec(first=query), rec(first=register))
    assert comparison.levels["first_name"] == "one_letter"
    assert comparison.first_name_slip
    assert m.guard(comparison, first_name_is_a_name=known) == "twin"
    assert m.guard(comparison, first_name_is_a_name=False) == ""  # a slip if the register knows no such name


def test_given_a_slip_one_letter_from_the_name_itself_then_it_is_not_a_short_form_slip():
    comparison = m.compare(rec(first="Olvia"), rec(first="Olivia"))
    assert comparison.levels["first_name"] == "one_letter"
    assert not comparison.first_name_slip
    assert m.guard(comparison) == ""


@pytest.mark.parametrize(("first", "sex", "guarded"), [
    ("Charlie", "M", "twin"),      # short form of Charlotte, but a boy with her birthday: her twin
    ("Charlie", "F", ""),          # Charlotte known as Charlie
    ("Charlotte", "M", ""),        # the same first name: the recorded sex is the slip
])
def test_given_a_different_sex_and_a_near_first_name_on_one_birthday_then_a_twin(first, sex, guarded):
    comparison = m.compare(rec(first=first, sex=sex), rec(first="Charlotte", sex="F"))
    assert m.guard(comparison) == guarded


@pytest.mark.parametrize(("query", "register", "level"), [
    (("105 Oak Drive, Hollin Bank", "NM4 4PR"), ("223 Grange Croft, Southby", "NM8 4PR"), "different"),
    (("28 Mcnamara Street, Rowan Lodge", "NM2 0830"), ("49 Mcnamara Street, Rowan Lodge", "NM2 0380"), "postcode_typo"),
    (("", "NM4 4PR"), ("223 Grange Croft, Southby", "NM8 4PR"), "postcode_typo"),
])
def test_given_a_postcode_one_character_out_then_a_typo_only_where_the_streets_agree(query, register, level):
    comparison = m.compare(rec(address=query[0], postcode=query[1]), rec(address=register[0], postcode=register[1]))
    assert comparison.levels["place"] == level


@given(a=st.text(alphabet="abcdefgh 123", max_size=30), b=st.text(alphabet="abcdefgh 123", max_size=30))
def test_streets_differ_is_symmetric_and_never_true_for_an_empty_or_number_only_address(a, b):
    assert m.streets_differ(a, b) == m.streets_differ(b, a)
    assert not m.streets_differ(a, "12 3")
    assert not m.streets_differ(a, a)


def test_given_guards_off_then_the_plain_fellegi_sunter_probability_comes_back():
    comparison = m.compare(rec(first="Isla"), rec(first="Olivia"))
    assert m.score(MODEL, comparison).guarded == "twin"
    plain = m.score(MODEL, comparison, guards=False)
    assert not plain.guarded
    assert plain.probability == m.probability(plain.weight)


def test_given_two_records_of_one_family_then_only_the_better_fit_stays_probable():
    query = rec(first="Olivia")
    olivia, oliver = rec(first="Olivia"), rec(first="Oliver", sex="M")
    scored = [(r, m.score(MODEL, m.compare(query, r))) for r in (olivia, oliver)]
    separated = m.separate_relatives(MODEL, scored)
    assert separated[0].probability >= MODEL.threshold
    assert separated[1].probability < MODEL.threshold
    assert separated[1].guarded == "twin_relative"


def test_given_a_weight_then_probability_is_the_logistic_of_base_two():
    assert m.probability(0) == 0.5
    assert m.probability(1) == pytest.approx(2 / 3)
    assert m.probability(100) == 1.0
    assert m.probability(-100) == 0.0


def test_given_reasons_then_they_are_plain_words_in_order():
    comparison = m.compare(rec(first="Bill", last="Smyth", dob=date(2016, 4, 3)), rec(first="William"))
    assert m.reasons(comparison)[:3] == [
        "first name is a short form or another spelling of the same name",
        "surname differs by one letter",
        "day and month of birth swapped",
    ]


# --------------------------------------------------------------------------- blocking keys


def test_given_typos_then_a_true_match_still_shares_a_blocking_key():
    register = m.blocking_keys(rec())
    for query in (rec(first="Olvia"), rec(last="Smyth", dob=date(2016, 4, 3)), rec(dob=None), rec(postcode="")):
        assert register & m.blocking_keys(query)


def test_given_an_alias_or_an_old_address_then_the_keys_include_them():
    keys = m.blocking_keys(rec(other_last_names=["Patel"], previous_places=[("40 Old Road", "NM3 1XY")]))
    assert any(key.startswith("p:NM31XY") for key in keys)
    assert m.blocking_keys(rec(last="Patel")) & keys


# --------------------------------------------------------------------------- properties

names = st.sampled_from(["Olivia", "Olvia", "Liv", "Amelia", "Smith", "Smyth", "Bill", "William", "Jayden", "Jay", ""])
dates = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2025, 12, 31)))
postcodes = st.sampled_from(["NM1 2AB", "NM1 2AX", "NM1 7ZZ", "NM9 9ZZ", ""])


@given(a=names, b=names)
def test_property_first_name_comparison_is_symmetric(a, b):
    assert m.compare_first_name(rec(first=a), rec(first=b))[0] == m.compare_first_name(rec(first=b), rec(first=a))[0]


@given(a=dates, b=dates)
def test_property_date_comparison_is_symmetric(a, b):
    assert m.compare_date_of_birth(a, b) == m.compare_date_of_birth(b, a)


@given(a=postcodes, b=postcodes)
def test_property_place_comparison_is_symmetric(a, b):
    assert m.compare_place(rec(postcode=a), rec(postcode=b))[0] == m.compare_place(rec(postcode=b), rec(postcode=a))[0]


@given(first=names, last=names, dob=dates, postcode=postcodes)
def test_property_reasons_are_never_empty_and_scores_are_probabilities(first, last, dob, postcode):
    comparison = m.compare(rec(first=first, last=last, dob=dob, postcode=postcode), rec())
    sc = m.score(MODEL, comparison)
    assert m.reasons(comparison, sc)
    assert 0.0 <= sc.probability <= 1.0


@given(field=st.sampled_from(m.FIELDS), data=st.data())
def test_property_weight_is_monotonic_in_agreement_for_the_learned_model(field, data):
    # A stronger level never weighs less than "different": more agreement, more evidence.
    level = data.draw(st.sampled_from([lv for lv in m.LEVELS[field] if lv not in ("different", "missing")]))
    if field == "sex":
        assert MODEL.weights[field]["same"] >= MODEL.weights[field]["different"]
    else:
        assert MODEL.weights[field][level] >= MODEL.weights[field]["different"]
