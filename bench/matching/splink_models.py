"""Splink (DuckDB) models for the benchmarks: Splink's own FEBRL4 configuration, and ours translated to SQL.

``febrl4_linker`` follows Splink's published FEBRL4 example (its "detailed model": name, date of
birth, soc_sec_id, street number and postcode comparisons, trained by random-sampling u and EM).
``mirror_linker`` expresses the Early Help model's fields and levels as Splink comparison levels,
with our learned m and u fixed, and blocking rules that mirror our blocking keys: the same model
in Splink's engine, for the single-record speed comparison.
"""

from __future__ import annotations

import jellyfish
import pandas as pd

from earlyhelp.domain import matching as rules


def febrl4_linker(frame_a: pd.DataFrame, frame_b: pd.DataFrame):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def prepare(frame: pd.DataFrame) -> pd.DataFrame:
        data = frame.reset_index().rename(columns=lambda x: x.strip())
        for column in ("date_of_birth", "soc_sec_id", "postcode", "street_number"):
            data[column] = data[column].astype(str).str.strip().replace("", None)
        for column in ("given_name", "surname", "address_1", "state"):
            data[column] = data[column].replace("", None)
        return data

    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    tables = [db_api.register(prepare(frame_a)), db_api.register(prepare(frame_b))]
    linker = Linker(tables, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    return linker


# ------------------------------------------------------------------------------------ the mirror

def mirror_row(record_id, record: rules.Record) -> dict:
    """One register or query record as the mirror model's columns (normalised as ours are)."""
    first = rules.compact(record.first_names[0]) if record.first_names else None
    last = rules.compact(record.last_names[0]) if record.last_names else None
    dob = record.date_of_birth
    place = record.places[0] if record.places else None
    postcode = place.postcode if place and place.postcode else None
    md = f"{min(dob.month, dob.day):02d}{max(dob.month, dob.day):02d}" if dob else None
    first_code = jellyfish.soundex(first) if first else None
    last_code = jellyfish.soundex(last) if last else None
    return {
        "unique_id": str(record_id),
        "first_name": first,
        "first_groups": sorted(rules.name_groups(first)) if first else [],
        "last_name": last,
        "dob": dob.isoformat() if dob else None,
        "sex": record.sex or None,
        "postcode": postcode,
        "sector": rules.postcode_sector(postcode) if postcode else None,
        "district": rules.postcode_district(postcode) if postcode else None,
        "address": place.address if place and place.address else None,
        "nhs": record.nhs_number or None,
        "k_dob": f"{dob.year}{md}" if dob else None,
        "k_ys": f"{last_code}{dob.year}{first[0]}" if dob and last and first else None,
        "k_fd": f"{first_code}{last[0]}{md}" if dob and last and first else None,
        "k_s": f"{first_code}{last_code}{dob.year}" if dob and last and first else None,
        "k_pf": f"{postcode}{first[0]}" if postcode and first else None,
        "k_a": f"{first_code}{last_code}{rules.postcode_district(postcode)}" if postcode and first and last else None,
    }


def _level(sql: str, m: float, u: float, label: str):
    from splink import comparison_level_library as cll

    return cll.CustomLevel(sql, label_for_charts=label).configure(m_probability=m, u_probability=u)


def mirror_settings(model: rules.Model, register_size: int):
    """Our fields and levels as Splink comparisons (SQL approximations), our m and u fixed."""
    from splink import SettingsCreator, block_on
    from splink import comparison_level_library as cll
    from splink import comparison_library as cl

    def levels(field: str, conditions: list[tuple[str, str]], column: str):
        out = [cll.NullLevel(column)]
        for level, sql in conditions:
            out.append(_level(sql, model.m[field][level], model.u[field][level], level))
        out.append(cll.ElseLevel().configure(
            m_probability=model.m[field]["different"], u_probability=model.u[field]["different"]
        ))
        return cl.CustomComparison(out, output_column_name=field)

    comparisons = [
        levels("first_name", [
            ("exact", "first_name_l = first_name_r"),
            ("short_form", "len(list_intersect(first_groups_l, first_groups_r)) > 0"),
            ("one_letter", "damerau_levenshtein(first_name_l, first_name_r) <= 1"),
            ("similar", "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.88"),
        ], "first_name"),
        levels("last_name", [
            ("exact", "last_name_l = last_name_r"),
            ("one_letter", "damerau_levenshtein(last_name_l, last_name_r) <= 1"),
            ("similar", "jaro_winkler_similarity(last_name_l, last_name_r) >= 0.88"),
        ], "last_name"),
        levels("date_of_birth", [
            ("exact", "dob_l = dob_r"),
            ("day_month_swapped", "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) and substr(dob_l, 6, 2) = "
                                  "substr(dob_r, 9, 2) and substr(dob_l, 9, 2) = substr(dob_r, 6, 2)"),
            ("year_off_by_one", "substr(dob_l, 5) = substr(dob_r, 5) and abs(cast(substr(dob_l, 1, 4) as int) - "
                                "cast(substr(dob_r, 1, 4) as int)) = 1"),
            ("one_digit", "damerau_levenshtein(dob_l, dob_r) <= 1"),
        ], "dob"),
        levels("sex", [("same", "sex_l = sex_r")], "sex"),
        levels("place", [
            ("same_address", "jaro_winkler_similarity(address_l, address_r) >= 0.92 and postcode_l = postcode_r"),
            ("same_postcode", "postcode_l = postcode_r"),
            ("same_sector", "sector_l = sector_r"),
            ("same_district", "district_l = district_r"),
        ], "postcode"),
        levels("nhs_number", [
            ("exact", "nhs_l = nhs_r"),
            ("one_digit", "damerau_levenshtein(nhs_l, nhs_r) <= 1"),
        ], "nhs"),
    ]
    blocking = [block_on(column) for column in ("k_dob", "nhs", "k_ys", "k_fd", "k_s", "k_pf", "k_a")]
    return SettingsCreator(
        link_type="dedupe_only",  # one input (the register); predict_between pairs it with each new record
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        probability_two_random_records_match=0.5 / register_size,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
