"""Line normalisation."""
from __future__ import annotations

from articles.cleanup import normalize_line


def test_normalize_line_composes_and_collapses():
    assert normalize_line(" \ufeffTin \u200bmới\u00a0 **nhất** ") == "Tin mới nhất"
    assert normalize_line("Ho\u0300a") == "Hòa"
