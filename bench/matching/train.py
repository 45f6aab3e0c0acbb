"""Learn the packaged model (earlyhelp/people/matching/model.json) from a synthetic register, without labels.

    .venv/bin/python bench/matching/train.py [--register 50000] [--queries 10000] [--threshold 0.7]

u from random register pairs, m by EM over the pairs blocking finds for a batch of referrals
(Splink's recipe, see earlyhelp/people/matching/training.py). The seed differs from the one the
generated-set benchmark evaluates on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from earlyhelp.domain import matching as rules  # noqa: E402
from earlyhelp.people.matching import engine, files  # noqa: E402

TRAINING_SEED = 101


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--out", type=Path, default=engine.MODEL_PATH)
    args = parser.parse_args()
    import synthetic

    started = time.monotonic()
    register, queries, _truth = synthetic.generated_set(args.register, args.queries, seed=TRAINING_SEED)
    index = files.build_index((row["id"], _record(row)) for row in register)
    query_records = [(row["id"], _record(row)) for row in queries]
    model = files.learn_model(index, query_records, threshold=args.threshold)
    data = model.as_dict()
    data["prior"] = 0.0  # set per register from its size at scoring time
    data["trained_on"] = (
        f"synthetic register of {len(register)} people and {len(queries)} referrals (seed {TRAINING_SEED}), "
        "unsupervised: u from random pairs, m by EM in two sessions"
    )
    args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {args.out} in {time.monotonic() - started:.0f}s")
    for name in rules.FIELDS:
        print(f"  {name:14} " + "  ".join(f"{level} {w:+.1f}" for level, w in model.weights[name].items()))


def _record(row: dict) -> rules.Record:
    return rules.make_record(
        first_name=row["first_name"], last_name=row["last_name"],
        date_of_birth=files.parse_date(row["date_of_birth"]), sex=row["sex"], address=row["address"],
        postcode=row["postcode"], nhs_number=row["nhs_number"],
    )


if __name__ == "__main__":
    main()
