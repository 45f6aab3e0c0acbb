"""`earlyhelp people match-file`: two CSV files in, candidate pairs out, best first, no database."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = "id,first_name,last_name,date_of_birth,sex,address,postcode,nhs_number,extra\n"
REGISTER = HEADER + (
    "p1,Olivia,Smith,2016-03-04,F,12 Acacia Avenue,NM1 2AB,,x\n"
    "p2,Amelia,Smith,2016-03-04,F,12 Acacia Avenue,NM1 2AB,,x\n"
    "p3,William,Jones,2014-05-20,M,3 Mill Lane,NM2 4DE,9434765919,x\n"
    "p4,Grace,Brown,,F,,,,\n"
)
QUERIES = HEADER + (
    "q1,Olivia,Smith,2016-03-04,F,12 Acacia Avenue,NM1 2AB,,y\n"
    "q2,Bill,Jnoes,2014-05-20,M,3 Mill Lane,NM2 4DE,,y\n"
    "q3,Isla,Smith,2016-03-04,F,12 Acacia Avenue,NM1 2AB,,y\n"
    "q4,Nobody,Known,2001-01-01,,,,,\n"
)


@pytest.fixture
def files(tmp_path):
    register, queries = tmp_path / "register.csv", tmp_path / "queries.csv"
    register.write_text(REGISTER)
    queries.write_text(QUERIES)
    return register, queries


def _run(*args):
    out = io.StringIO()
    call_command("people_match_file", *map(str, args), stdout=out)
    return list(csv.reader(out.getvalue().splitlines()))


def test_given_two_files_then_pairs_at_or_above_the_threshold_come_out_as_csv(files):
    rows = _run(*files)
    assert rows[0] == ["query_id", "candidate_id", "score"]
    pairs = {(q, c) for q, c, _ in rows[1:]}
    assert pairs == {("q1", "p1"), ("q2", "p3")}  # no twin (q3), nobody for q4
    assert all(0 <= float(score) <= 1 for _, _, score in rows[1:])


def test_given_a_low_threshold_then_each_query_lists_its_best_candidates_first(files):
    rows = _run(*files, "--threshold", "0.0001")[1:]
    by_query: dict[str, list[float]] = {}
    for query, _, score in rows:
        by_query.setdefault(query, []).append(float(score))
    assert by_query["q1"] == sorted(by_query["q1"], reverse=True)
    assert [c for q, c, _ in rows if q == "q1"][0] == "p1"
    assert "q3" in by_query  # the twin's look-alikes are listed, but low
    assert max(by_query["q3"]) < 0.5  # held below the front door's threshold


def test_given_a_threshold_out_of_range_then_the_command_refuses(files):
    with pytest.raises(CommandError, match="between 0 and 1"):
        _run(*files, "--threshold", "2")


def test_given_a_file_without_the_id_column_then_the_command_says_so(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("first_name,last_name\nA,B\n")
    with pytest.raises(CommandError, match="missing column"):
        _run(bad, files[1])


# ---- a register with history: several rows with one id are one person's other identities

HISTORY = HEADER + (
    "p1,Olivia,Khan,2016-03-04,F,12 Acacia Avenue,NM1 2AB,,x\n"
    "p1,Livvy,Khan,,,12 Acacia Avenue,NM1 2AB,,x\n"        # known as
    "p1,Olivia,Begum,,,3 Old Road,NM7 1ZZ,,x\n"            # previous surname, previous address
    "p2,Grace,Brown,2015-01-02,F,9 Mill Lane,NM2 4DE,9434765919,\n"
)


def test_given_rows_sharing_an_id_then_they_fold_into_one_person_with_aliases_and_past_addresses(tmp_path):
    from earlyhelp.people.matching import files as matching_files

    path = tmp_path / "register.csv"
    path.write_text(HISTORY)
    people = dict(matching_files.read_register(path))
    assert set(people) == {"p1", "p2"}
    olivia = people["p1"]
    assert olivia.first_names == ("olivia", "livvy")
    assert olivia.last_names == ("khan", "begum")
    assert [p.postcode for p in olivia.places] == ["NM12AB", "NM71ZZ"]
    assert [p.previous for p in olivia.places] == [False, True]
    assert olivia.date_of_birth.isoformat() == "2016-03-04"  # from the first row; later empty ones say nothing


def test_given_a_register_with_history_then_an_old_surname_at_an_old_address_is_found(tmp_path):
    register, queries = tmp_path / "register.csv", tmp_path / "queries.csv"
    register.write_text(HISTORY)
    queries.write_text(HEADER + "q1,Olivia,Begum,2016-03-04,F,3 Old Road,NM7 1ZZ,,\n")
    assert {(q, c) for q, c, _ in _run(register, queries)[1:]} == {("q1", "p1")}
    flat = tmp_path / "flat.csv"
    flat.write_text(HEADER + HISTORY.splitlines(keepends=True)[1] + HISTORY.splitlines(keepends=True)[4])
    assert _run(flat, queries)[1:] == []  # the current row alone does not know her old name and address


def test_given_one_to_one_then_each_record_is_paired_at_most_once(tmp_path):
    from earlyhelp.people.matching import files as matching_files

    register, queries = tmp_path / "register.csv", tmp_path / "queries.csv"
    register.write_text(REGISTER)
    queries.write_text(QUERIES + "q5,Olivia,Smith,2016-03-04,F,12 Acacia Avenue,NM1 2AB,,y\n")
    out = io.StringIO()
    matching_files.match_file(register, queries, out, one_to_one=True)
    rows = list(csv.reader(out.getvalue().splitlines()))[1:]
    assert len({c for _, c, _ in rows}) == len(rows)
    assert len({q for q, _, _ in rows}) == len(rows)
    assert ("q2", "p3") in {(q, c) for q, c, _ in rows}
