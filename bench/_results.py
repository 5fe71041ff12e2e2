"""Where every benchmark puts its numbers: ``bench/results/<name>.json``, written atomically."""
from __future__ import annotations

import json
from pathlib import Path

from loa.storage import atomic_write_bytes

REPO_ROOT = Path(__file__).resolve().parent.parent


def write_results(path: Path, report: dict) -> None:
    atomic_write_bytes(path, (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    print(f"wrote {shown}")
