"""Words written with a full stop that never end a sentence in Vietnamese news.

Titles and place prefixes always stand before a name (``TS. Nguyễn Văn Bình``, ``TP. Huế``), so
a full stop after them is part of the abbreviation. Dotted compounds (``PGS.TS.``, ``Th.S.``) are
checked part by part. Matching is case-sensitive: ``TP``, ``Tp`` and ``tp`` are all listed, but
a lowercase word such as ``ts`` is not an abbreviation.
"""
from __future__ import annotations

TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        # academic and professional titles
        "GS", "PGS", "TS", "TSKH", "ThS", "Ths", "Th", "CN", "KS", "BS", "Bs", "CKI", "CKII",
        "NCS", "NSND", "NSƯT", "NGND", "NGƯT", "LS", "KTS", "DS",
        # place prefixes: thành phố, thị xã, thị trấn, quận, phường, huyện, xã
        "TP", "Tp", "tp", "TX", "Tx", "TT", "Tt", "Q", "P", "H", "X",
        # foreign titles seen in world news
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St",
    }
)
