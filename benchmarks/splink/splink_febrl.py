"""Splink (DuckDB backend) on the Febrl benchmarks, for comparison with `rapport eval febrl`.

The models follow Splink's own Febrl examples (docs/demos/examples/duckdb/febrl3 and febrl4):
the same blocking rules and comparisons, u estimated from random pairs, the prior estimated from
deterministic rules, m estimated by EM in two sessions. Pairs at match probability >= 0.9 are the
predicted links; precision, recall and F1 are pairwise against the true links (records whose rec_id
shares the number: rec-123-org, rec-123-dup-0). Wall time covers reading the CSV files through
materialising the predictions, like Rapport's figure (evaluation itself is not timed).
"""

import argparse
import json
import logging
import os
import sys
import time

import pandas as pd

THRESHOLD = 0.9


def read_febrl(path, source):
    frame = pd.read_csv(path, dtype=str, skipinitialspace=True, keep_default_na=False)
    frame.columns = [column.strip() for column in frame.columns]
    frame = frame.apply(lambda column: column.str.strip())
    frame = frame.replace({"": None})
    frame["cluster"] = frame["rec_id"].str.extract(r"^(rec-\d+)", expand=False)
    frame["source_dataset"] = source
    return frame


def true_pairs(frames, link):
    """Every pair of records of one cluster (across files only when linking)."""
    pairs = set()
    members = {}
    for frame in frames:
        for rec_id, cluster, source in zip(frame["rec_id"], frame["cluster"], frame["source_dataset"]):
            members.setdefault(cluster, []).append((source, rec_id))
    for group in members.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                if link and group[i][0] == group[j][0]:
                    continue
                pairs.add(frozenset((group[i], group[j])))
    return pairs


def metrics(predicted, truth):
    true_positives = len(predicted & truth)
    precision = true_positives / len(predicted) if predicted else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, true_positives


def run_febrl3(febrl_dir):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    frame = read_febrl(os.path.join(febrl_dir, "dataset3.csv"), "febrl3")
    blocking_rules = [
        block_on("soc_sec_id"),
        block_on("given_name"),
        block_on("surname"),
        block_on("date_of_birth"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame.drop(columns=["source_dataset"])), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth",
        ],
        recall=0.9,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    seconds = time.perf_counter() - start

    predicted = {
        frozenset((("febrl3", left), ("febrl3", right)))
        for left, right, probability in zip(predictions["rec_id_l"], predictions["rec_id_r"], predictions["match_probability"])
        if probability >= THRESHOLD
    }
    return frame, [frame], predicted, seconds, False


def run_febrl4(febrl_dir):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    frames = [
        read_febrl(os.path.join(febrl_dir, "dataset4a.csv"), "a"),
        read_febrl(os.path.join(febrl_dir, "dataset4b.csv"), "b"),
    ]
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
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
    )
    db_api = DuckDBAPI()
    registered = [db_api.register(frame, dataset_display_name=frame["source_dataset"].iloc[0]) for frame in frames]
    linker = Linker(registered, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"), estimate_without_term_frequencies=True)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"), estimate_without_term_frequencies=True)
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    seconds = time.perf_counter() - start

    source_left = predictions["source_dataset_l"] if "source_dataset_l" in predictions else ["a"] * len(predictions)
    source_right = predictions["source_dataset_r"] if "source_dataset_r" in predictions else ["b"] * len(predictions)
    predicted = {
        frozenset(((sl, left), (sr, right)))
        for sl, left, sr, right, probability in zip(
            source_left, predictions["rec_id_l"], source_right, predictions["rec_id_r"], predictions["match_probability"]
        )
        if probability >= THRESHOLD and sl != sr
    }
    return None, frames, predicted, seconds, True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--febrl-dir", required=True, help="folder holding dataset3.csv, dataset4a.csv, dataset4b.csv")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    arguments = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.WARNING)

    import duckdb
    import splink

    results = []
    for name, run in (("febrl3", run_febrl3), ("febrl4", run_febrl4)):
        _, frames, predicted, seconds, link = run(arguments.febrl_dir)
        truth = true_pairs(frames, link)
        precision, recall, f1, true_positives = metrics(predicted, truth)
        results.append(
            {
                "dataset": name,
                "records": sum(len(frame) for frame in frames),
                "true_pairs": len(truth),
                "predicted_pairs": len(predicted),
                "true_positives": true_positives,
                "precision": round(precision, 5),
                "recall": round(recall, 5),
                "f1": round(f1, 5),
                "seconds": round(seconds, 3),
            }
        )
    if arguments.format == "json":
        print(json.dumps({"splink": splink.__version__, "duckdb": duckdb.__version__, "threshold": THRESHOLD, "results": results}))
    else:
        print(f"Splink {splink.__version__}, DuckDB {duckdb.__version__}, match probability >= {THRESHOLD}")
        print(f"{'dataset':8} {'records':>8} {'true':>6} {'predicted':>9} {'precision':>9} {'recall':>8} {'F1':>8} {'seconds':>8}")
        for r in results:
            print(
                f"{r['dataset']:8} {r['records']:8d} {r['true_pairs']:6d} {r['predicted_pairs']:9d} "
                f"{r['precision']:9.5f} {r['recall']:8.5f} {r['f1']:8.5f} {r['seconds']:8.3f}"
            )


if __name__ == "__main__":
    sys.exit(main())
