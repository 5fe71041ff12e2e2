"""Sentence-splitting benchmark: internal boundary precision, recall and F1 on VTB.

Usage: python bench/split_f1.py [DATA_DIR] [--output FILE]

DATA_DIR holds ``vtb-train.jsonl`` and ``vtb-dev.jsonl`` (default: ``../shared/data/vtb`` beside the
repository root). Each line is one paragraph ``{"id", "text", "sentences"}``. A boundary is the end of a
sentence that is not the last one in its paragraph, counted as a position in non-whitespace characters,
so predicted and gold boundaries compare even when spacing differs. Prints a table and writes
``bench/results/split_f1.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from _results import write_results  # noqa: E402

from vntext import split_sentences  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "vtb"
FILES = ("vtb-train.jsonl", "vtb-dev.jsonl")
RESULTS = REPO_ROOT / "bench" / "results" / "split_f1.json"


def boundaries(sentences: list[str]) -> set[int]:
    """Internal boundary positions, counted in non-whitespace characters.

    >>> sorted(boundaries(["Trời mưa.", "Đường ngập.", "Xe chết máy."]))
    [8, 18]
    """
    positions: set[int] = set()
    count = 0
    for sentence in sentences[:-1]:
        count += sum(1 for ch in sentence if not ch.isspace())
        positions.add(count)
    return positions


def score(path: Path) -> tuple[dict, list[dict]]:
    """Score one jsonl file; return the summary row and the paragraphs with errors."""
    true_pos = false_pos = false_neg = paragraphs = chars = 0
    errors: list[dict] = []
    seconds = 0.0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            paragraphs += 1
            chars += len(record["text"])
            start = time.perf_counter()
            predicted = split_sentences(record["text"])
            seconds += time.perf_counter() - start
            gold = boundaries(record["sentences"])
            found = boundaries(predicted)
            true_pos += len(gold & found)
            false_pos += len(found - gold)
            false_neg += len(gold - found)
            if gold != found:
                errors.append({"id": record["id"], "missed": len(gold - found), "extra": len(found - gold)})
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    row = {
        "file": path.name,
        "paragraphs": paragraphs,
        "boundaries": true_pos + false_neg,
        "true_positives": true_pos,
        "false_positives": false_pos,
        "false_negatives": false_neg,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "chars_per_second": round(chars / seconds) if seconds else None,
    }
    return row, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA,
                        help=f"folder with {' and '.join(FILES)} (default: {DEFAULT_DATA})")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results file (default: {RESULTS})")
    args = parser.parse_args(argv)
    present = [args.data_dir / name for name in FILES if (args.data_dir / name).is_file()]
    if not present:
        print(f"split_f1: no VTB data in {args.data_dir} (expected {', '.join(FILES)}); "
              "pass the folder as the first argument.", file=sys.stderr)
        return 2

    rows = []
    errors = {}
    print(f"{'file':<18} {'paragraphs':>10} {'precision':>10} {'recall':>8} {'F1':>8}")
    for path in present:
        row, wrong = score(path)
        rows.append(row)
        errors[path.name] = wrong
        print(f"{row['file']:<18} {row['paragraphs']:>10} {row['precision']:>10.4f} "
              f"{row['recall']:>8.4f} {row['f1']:>8.4f}")
    write_results(args.output, {"data_dir": str(args.data_dir), "results": rows, "paragraphs_with_errors": errors})
    return 0


if __name__ == "__main__":
    sys.exit(main())
