"""Throughput of the text front end: split_sentences + normalize on one core.

Usage: python bench/text_speed.py [--chars N] [--vtb DATA_DIR]

Builds a synthetic corpus of news paragraphs from the templates below (numbers, dates, times, money
and units drawn with a fixed seed, so every run reads the same text) of about ``--chars`` characters,
splits it into sentences and normalizes each one. With ``--vtb`` it also times the VTB sentences in
``DATA_DIR/vtb-dev.jsonl`` (e.g. ``../shared/data/vtb``). Prints characters per second and writes
``bench/results/text_speed.json``. The target is at least 200,000 characters a second.
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
    """Best of ``repeats`` runs of split + normalize over ``text``."""
    best = float("inf")
    sentences = 0
    for _ in range(repeats):
        start = time.perf_counter()
        pieces = split_sentences(text)
        for sentence in pieces:
            normalize(sentence)
        best = min(best, time.perf_counter() - start)
        sentences = len(pieces)
    return {
        "characters": len(text),
        "sentences": sentences,
        "seconds": round(best, 4),
        "characters_per_second": round(len(text) / best),
    }


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
    args = parser.parse_args(argv)

    normalize("Khởi động 15/1 lúc 8h30, giá 1.200đ.")  # import-time work stays out of the timing
    report = {"python": platform.python_version(), "target_characters_per_second": TARGET_CHARS_PER_SECOND}
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
                  f"{row['seconds']:>8.3f} s {row['characters_per_second']:>10,} chars/s  {verdict}")
    write_results(RESULTS, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
