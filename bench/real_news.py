"""Reading accuracy on real news sentences, scored by the data set's own scorer.

Usage: python bench/real_news.py [DATA_DIR] [--failures]

DATA_DIR holds the cases (``*.jsonl``: one sentence a line with the phrases a correct reading
must and must not contain) and the scorer ``eval_real_news.py`` that comes with them (default:
``../shared/data/real_news_dev`` beside the repository root; the data is never copied into the
repository). The scorer is loaded from DATA_DIR, not copied, so the benchmark always scores the
way the data set defines. Prints the pass rate per category and overall, how many readings are
idempotent, and with ``--failures`` every failing case; writes ``bench/results/real_news.json``.

Target: overall at least 0.97 and no category below 0.90 (exit status 1 when missed; 2 when the
data folder is missing).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from _results import write_results  # noqa: E402

from vntext import normalize  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "real_news_dev"
RESULTS = REPO_ROOT / "bench" / "results" / "real_news.json"
SCORER_NAME = "eval_real_news.py"
TARGET_OVERALL = 0.97
TARGET_CATEGORY = 0.90


def load_scorer(data_dir: Path) -> ModuleType:
    """Import the scorer that ships with the data, without running its command line."""
    spec = importlib.util.spec_from_file_location("real_news_scorer", data_dir / SCORER_NAME)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {data_dir / SCORER_NAME}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cases(data_dir: Path) -> list[dict]:
    cases = []
    for path in sorted(data_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


def evaluate(cases: list[dict], scorer: ModuleType) -> dict:
    results = [scorer.score_case(case, normalize) for case in cases]
    categories: dict[str, dict[str, float]] = {}
    for result in results:
        for category in result["cat"]:
            row = categories.setdefault(category, {"passed": 0, "total": 0})
            row["total"] += 1
            row["passed"] += result["passed"]
    for row in categories.values():
        row["rate"] = row["passed"] / row["total"]
    passed = sum(result["passed"] for result in results)
    return {
        "cases": len(results),
        "passed": passed,
        "overall": passed / len(results) if results else 0.0,
        "idempotent": sum(result["idempotent"] for result in results),
        "categories": dict(sorted(categories.items(), key=lambda item: (-item[1]["total"], item[0]))),
        "failures": [
            {key: result[key] for key in ("id", "cat", "missing", "forbidden", "digits", "error", "output")}
            for result in results
            if not result["passed"]
        ],
    }


def missed_targets(report: dict) -> list[str]:
    missed = []
    if report["overall"] < TARGET_OVERALL:
        missed.append(f"overall {report['overall']:.3f} < {TARGET_OVERALL}")
    for category, row in report["categories"].items():
        if row["rate"] < TARGET_CATEGORY:
            missed.append(f"{category} {row['rate']:.3f} < {TARGET_CATEGORY}")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--failures", action="store_true", help="list every failing case")
    args = parser.parse_args(argv)
    if not (args.data_dir / SCORER_NAME).is_file() or not any(args.data_dir.glob("*.jsonl")):
        print(
            f"No {SCORER_NAME} and *.jsonl cases in {args.data_dir}; pass the real_news_dev folder.",
            file=sys.stderr,
        )
        return 2
    report = evaluate(load_cases(args.data_dir), load_scorer(args.data_dir))
    report["data"] = str(args.data_dir)
    report["targets"] = {"overall": TARGET_OVERALL, "category": TARGET_CATEGORY}

    width = max([len(name) for name in report["categories"]] + [8])
    print(f"{'category':<{width}}  pass/total   rate")
    for category, row in report["categories"].items():
        print(f"{category:<{width}}  {row['passed']:>4}/{row['total']:<5}  {row['rate']:.3f}")
    print(f"{'overall':<{width}}  {report['passed']:>4}/{report['cases']:<5}  {report['overall']:.3f}")
    print(f"idempotent {report['idempotent']}/{report['cases']}")
    if args.failures:
        for failure in report["failures"]:
            print(f"- {failure['id']} {','.join(failure['cat'])}: {failure['output']}")
            for phrase in failure["missing"]:
                print(f"    missing: {phrase}")
            for phrase in failure["forbidden"]:
                print(f"    must not: {phrase}")
            if failure["digits"]:
                print("    digits left")
    print()
    write_results(RESULTS, report)
    missed = missed_targets(report)
    if missed:
        print("BELOW TARGET: " + "; ".join(missed))
        return 1
    print(f"ok: overall ≥ {TARGET_OVERALL}, every category ≥ {TARGET_CATEGORY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
