"""Throughput of the text front end: split_sentences + normalize on one core.

Usage: python bench/text_speed.py [--chars N] [--vtb DATA_DIR]

Builds a synthetic corpus of news paragraphs from the templates below (numbers, dates, times, money
and units drawn with a fixed seed, so every run reads the same text) of about ``--chars`` characters,
splits it into sentences and normalizes each one. With ``--vtb`` it also times the VTB sentences in
``DATA_DIR/vtb-dev.jsonl`` (e.g. ``../shared/data/vtb``).

Speed is the processor time of this process (``time.process_time``): it is what one core spends,
whatever else the machine runs at the same time; wall-clock seconds are printed beside it. The
target is at least 200,000 characters a second.

It also feeds the front end hostile text (words glued by full stops with no space, long runs of
capitals, of codes, of digits joined by slashes and dashes, one very long line, one very long word
of mixed-case letters) at two sizes, four
times apart: a regular expression that backtracks would show a rate falling with the size. A
hostile input is "linear" when its rate at four times the size keeps at least half of its rate at
the small size.

Exit status 1 when the synthetic corpus misses the target or a hostile input is not linear.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from _results import write_results  # noqa: E402

from vntext import normalize, split_sentences  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "text_speed.json"
TARGET_CHARS_PER_SECOND = 200_000

TEMPLATES = (
    "Sáng {day}/{month}, tại Hà Nội, Bộ Tài chính tổ chức hội nghị tổng kết công tác năm {year}.",
    "Giá xăng RON 95 giảm {small}.{hundreds} đồng/lít, còn {price}.{hundreds} đồng.",
    "Theo số liệu thống kê, GDP quý {quarter}/{year} tăng {percent},{digit}% so với cùng kỳ.",
    "Trận đấu bắt đầu lúc {hour}h{minute}, đội chủ nhà thắng {goal}-{goal2} nhờ bàn thắng phút {minute}.",
    "Nhà máy có công suất {big} MW, trải rộng trên diện tích {big} ha, tổng vốn {small} tỷ USD.",
    "Nhiệt độ cao nhất {temp}°C, lượng mưa phổ biến {small}-{big}mm, gió giật {speed}km/h.",
    "Từ ngày {day}/{month}/{year}, mức lương cơ sở tăng lên {percent},{digit} triệu đồng/tháng.",
    "Khoảng {top}/{bottom} số hộ dân trong xã đã được hỗ trợ {price}.000đ mỗi người.",
    "Giai đoạn {year} – {year2}, tỉnh phấn đấu trồng mới {big}.{hundreds} ha rừng.",
    "Ông sinh năm {oldyear}, là con thứ {small} trong gia đình có {goal} anh chị em.",
    "Cập nhật lúc {hour}:{minute} ngày {day}-{month}-{year}, giá vàng miếng ở mức {price},{digit} triệu đồng/lượng.",
    "Căn hộ rộng {small}m2, giá bán {price} triệu đồng, thấp hơn {percent}% so với tháng {month}/{year}.",
    "Lần thứ {small}, giải chạy thu hút {big}.{hundreds} vận động viên với cự ly {small} km.",
    "Dự án được khởi công vào tháng {month} năm {year} và hoàn thành trong {small} tháng.",
    "Chiều {day}/{month}, Quốc hội biểu quyết thông qua luật với {big} đại biểu tán thành.",
)


def build_corpus(target_chars: int, seed: int = 20240115) -> str:
    """Paragraphs of templated news sentences, about ``target_chars`` long."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < target_chars:
        sentences = []
        for template in rng.sample(TEMPLATES, 6):
            year = rng.randint(2000, 2030)
            sentences.append(
                template.format(
                    day=rng.randint(1, 28), month=rng.randint(1, 12), year=year, year2=year + 5,
                    oldyear=rng.randint(1890, 1999), small=rng.randint(2, 99),
                    hundreds=f"{rng.randint(0, 999):03d}", price=rng.randint(10, 999),
                    quarter=rng.choice(["I", "II", "III", "IV"]), percent=rng.randint(1, 30),
                    digit=rng.randint(1, 9), hour=rng.randint(0, 23), minute=f"{rng.randint(0, 59):02d}",
                    goal=rng.randint(0, 5), goal2=rng.randint(0, 5), big=rng.randint(100, 9999),
                    temp=rng.randint(-5, 42), speed=rng.randint(40, 150), top=rng.randint(1, 3),
                    bottom=rng.randint(4, 9),
                )
            )
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)


def measure(text: str, repeats: int = 3) -> dict:
    """Best of ``repeats`` runs of split + normalize over ``text``, in processor and wall seconds."""
    best_cpu = best_wall = float("inf")
    sentences = 0
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        pieces = split_sentences(text)
        for sentence in pieces:
            normalize(sentence)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        best_wall = min(best_wall, time.perf_counter() - start_wall)
        sentences = len(pieces)
    best_cpu = max(best_cpu, 1e-9)
    return {
        "characters": len(text),
        "sentences": sentences,
        "cpu_seconds": round(best_cpu, 4),
        "wall_seconds": round(best_wall, 4),
        "characters_per_second": round(len(text) / best_cpu),
    }


# Hostile text, each built from a unit repeated ``n`` times.
HOSTILE = {
    "glued": lambda n: "ngày.Sáng " * n + "x.Xy" * n,
    "capitals": lambda n: "HÀNH VI VI PHẠM UBND TỈNH QUẢNG TRỊ HƠN 2.000 HỘ " * n,
    "codes": lambda n: "QĐ-UBND/TW-NQ 12/QĐ-UB A/H5N1 PM2.5 74A-016.xx RON 95-III " * n,
    "digits": lambda n: "1-2-3/4/5 6.7.8,9 10/11/2024 12:30 13h14 15-16 " * n,
    "one_line": lambda n: "Giá 1.200 đồng/kg, ngày 15/1, lúc 8h30, tăng 5%, mã QĐ-UBND " * n,
    "long_word": lambda n: "Mã " + "aB" * (20 * n) + "1 xong.",
}


def measure_hostile(size: int) -> dict:
    """Each hostile input at ``size`` units and at four times that: rates and whether they hold."""
    rows = {}
    for name, build in HOSTILE.items():
        small, large = measure(build(size), repeats=2), measure(build(4 * size), repeats=2)
        rows[name] = {
            "characters_small": small["characters"],
            "characters_per_second_small": small["characters_per_second"],
            "characters_large": large["characters"],
            "characters_per_second_large": large["characters_per_second"],
            "linear": large["characters_per_second"] >= 0.5 * small["characters_per_second"],
        }
    return rows


def vtb_text(data_dir: Path) -> str | None:
    path = data_dir / "vtb-dev.jsonl"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        return "\n".join(json.loads(line)["text"] for line in handle if line.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2_000_000)
    parser.add_argument("--vtb", type=Path, default=None, help="folder with vtb-dev.jsonl")
    parser.add_argument("--hostile-units", type=int, default=1_000, help="repeats of each hostile unit")
    args = parser.parse_args(argv)

    normalize("Khởi động 15/1 lúc 8h30, giá 1.200đ.")  # import-time work stays out of the timing
    report: dict = {"python": platform.python_version(), "target_characters_per_second": TARGET_CHARS_PER_SECOND}
    report["synthetic"] = measure(build_corpus(args.chars))
    if args.vtb is not None:
        text = vtb_text(args.vtb)
        if text is None:
            print(f"No vtb-dev.jsonl in {args.vtb}; skipping the VTB run.", file=sys.stderr)
        else:
            report["vtb_dev"] = measure(text)
    for name in ("synthetic", "vtb_dev"):
        if name in report:
            row = report[name]
            verdict = "ok" if row["characters_per_second"] >= TARGET_CHARS_PER_SECOND else "BELOW TARGET"
            print(f"{name:<10} {row['characters']:>10,} chars {row['sentences']:>7,} sentences "
                  f"{row['cpu_seconds']:>8.3f} cpu-s ({row['wall_seconds']:.3f} wall-s) "
                  f"{row['characters_per_second']:>10,} chars/s  {verdict}")
    report["hostile"] = measure_hostile(args.hostile_units)
    for name, row in report["hostile"].items():
        print(f"hostile {name:<9} {row['characters_per_second_small']:>10,} chars/s at {row['characters_small']:,} chars, "
              f"{row['characters_per_second_large']:>10,} at {row['characters_large']:,}  "
              f"{'linear' if row['linear'] else 'NOT LINEAR'}")
    write_results(RESULTS, report)
    met = report["synthetic"]["characters_per_second"] >= TARGET_CHARS_PER_SECOND
    return 0 if met and all(row["linear"] for row in report["hostile"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
