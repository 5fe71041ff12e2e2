"""Normalization accuracy on NeMo's Vietnamese text-normalization test cases.

Usage: python bench/normalize_accuracy.py [DATA_DIR]

DATA_DIR holds ``test_cases_<category>.txt`` files with one ``written~spoken`` pair a line (default:
``../shared/data/nemo_vi_tn`` beside the repository root; the data is never copied into the
repository). Prints a table per category, every remaining failure with the style difference that
explains it (if any), and writes ``bench/results/normalize_accuracy.json``.

The matcher is lenient about documented spelling variants that a listener hears as the same reading.
Both sides are compared after: Unicode NFC, lower case, punctuation replaced by spaces, whitespace
collapsed, then these word-level equivalences:

* "ngàn" = "nghìn", "lẻ" = "linh";
* "không trăm" is optional (2024 = "hai nghìn (không trăm) hai mươi tư");
* after "mươi": "bốn" = "tư", "một" = "mốt", "năm" = "lăm".
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from _results import write_results  # noqa: E402

from vntext import normalize  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "nemo_vi_tn"
RESULTS = REPO_ROOT / "bench" / "results" / "normalize_accuracy.json"

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_EQUIVALENCES = (
    (re.compile(r"\bngàn\b"), "nghìn"),
    (re.compile(r"\blẻ\b"), "linh"),
    (re.compile(r"\bkhông trăm\s+"), ""),
    (re.compile(r"\bmươi bốn\b"), "mươi tư"),
    (re.compile(r"\bmươi một\b"), "mươi mốt"),
    (re.compile(r"\bmươi năm\b"), "mươi lăm"),
)

# Deliberate differences between the house style and NeMo's readings, recognised by the written form
# and the expected reading, never by a specific test string.
STYLE_DIFFERENCES = (
    (
        "a group below ten inside a larger number reads 'không trăm linh' (1.001.001 = một triệu "
        "không trăm linh một nghìn …); the matcher only drops 'không trăm'",
        lambda written, expected: bool(re.search(r"\d00[1-9]\d{3}", written.replace(".", ""))),
    ),
    (
        "time zones and other acronyms are spelled with Vietnamese letter names, as a newsreader says "
        "them (9:00 UTC = chín giờ u tê xê); NeMo keeps the acronym written",
        lambda written, expected: bool(re.search(r"\b[A-Z]{2,5}\b", expected)),
    ),
    (
        "one or two decimals read as a number (2,50 = hai phẩy năm mươi), not digit by digit",
        lambda written, expected: bool(re.search(r"\d,[1-9]\d?(?!\d)", written))
        and not re.search(r"\bxu\b", expected),
    ),
    (
        "amounts below one unit of a foreign currency are read with phẩy, not converted to cents (xu)",
        lambda written, expected: bool(re.search(r"\bxu\b", expected)),
    ),
)


def canonical(text: str) -> str:
    """Text reduced for lenient comparison.

    >>> canonical("Hai nghìn không trăm hai mươi bốn, ngàn lẻ một.")
    'hai nghìn hai mươi tư nghìn linh một'
    """
    text = unicodedata.normalize("NFC", text).lower()
    text = " ".join(_PUNCTUATION.sub(" ", text).split())
    for pattern, replacement in _EQUIVALENCES:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def style_difference(written: str, expected: str) -> str | None:
    for reason, applies in STYLE_DIFFERENCES:
        if applies(written, expected):
            return reason
    return None


def load_cases(data_dir: Path) -> dict[str, list[tuple[str, str]]]:
    cases: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(data_dir.glob("test_cases_*.txt")):
        category = path.stem.removeprefix("test_cases_")
        pairs = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if "~" in line:
                written, spoken = line.split("~", 1)
                pairs.append((written, spoken))
        cases[category] = pairs
    return cases


def evaluate(cases: dict[str, list[tuple[str, str]]]) -> dict:
    categories = {}
    failures = []
    total = correct = 0
    for category, pairs in cases.items():
        hits = 0
        for written, expected in pairs:
            got = normalize(written)
            if canonical(got) == canonical(expected):
                hits += 1
            else:
                failures.append(
                    {
                        "category": category,
                        "written": written,
                        "expected": expected,
                        "got": got,
                        "style_difference": style_difference(written, expected),
                    }
                )
        categories[category] = {"cases": len(pairs), "correct": hits, "accuracy": hits / len(pairs)}
        total += len(pairs)
        correct += hits
    deliberate = sum(1 for f in failures if f["style_difference"])
    return {
        "categories": categories,
        "total": {"cases": total, "correct": correct, "accuracy": correct / total if total else 0.0},
        "accuracy_counting_style_differences_as_correct": (correct + deliberate) / total if total else 0.0,
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if not args.data_dir.is_dir() or not any(args.data_dir.glob("test_cases_*.txt")):
        print(f"No test_cases_*.txt files in {args.data_dir}; pass the nemo_vi_tn folder.", file=sys.stderr)
        return 2
    report = evaluate(load_cases(args.data_dir))
    print(f"{'category':<10} {'cases':>5} {'correct':>7} {'accuracy':>9}")
    for category, row in report["categories"].items():
        print(f"{category:<10} {row['cases']:>5} {row['correct']:>7} {row['accuracy']:>9.1%}")
    total = report["total"]
    print(f"{'total':<10} {total['cases']:>5} {total['correct']:>7} {total['accuracy']:>9.1%}")
    print(f"counting deliberate style differences as correct: "
          f"{report['accuracy_counting_style_differences_as_correct']:.1%}")
    if report["failures"]:
        print("\nRemaining failures:")
        for failure in report["failures"]:
            reason = failure["style_difference"] or "not explained by house style"
            print(f"- [{failure['category']}] {failure['written']!r}\n    expected {failure['expected']!r}"
                  f"\n    got      {failure['got']!r}\n    ({reason})")
    print()
    write_results(RESULTS, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
