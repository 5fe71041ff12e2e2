"""The drop folder's names, write order, versions (edits) and retractions, and its RDXML sidecar
read back the way Rivendell's rdimport reads it and with a real XML parser."""
import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from audio.clip import Clip
from feeds.dropfolder import Ledger, Sidecar, export, name_id, retract, stem
from feeds.rdxml import RdxmlCart, rdxml

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLISHED = datetime(2026, 11, 29, 6, 30, tzinfo=HCM)
NOW = datetime(2026, 11, 29, 7, 0, tzinfo=HCM)
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@pytest.fixture
def wav(tmp_path):
    path = tmp_path / "master.wav"
    path.write_bytes(Clip.silence(0.5, 48000).to_wav())
    return path


def sidecars(title="Tin sáng Hà Nội"):
    def make(version):
        meta = Sidecar(title=title, duration=0.5, published=PUBLISHED, kill_date=PUBLISHED + timedelta(days=2),
                       source_url="https://radio.example.vn/tin/a123", id="a123", version=version)
        xml = rdxml(RdxmlCart(title=title, group="NEWS", start=PUBLISHED, end=PUBLISHED + timedelta(days=2)))
        return {".json": meta.to_json(), ".xml": xml}
    return make


def put(folder, wav, source="v1", slug="tin-sang-ha-noi", title="Tin sáng Hà Nội", ident="a123"):
    def write(path, version):
        path.write_bytes(wav.read_bytes())
    return export(folder, ident, slug, PUBLISHED, source, write, sidecars(title), now=NOW)


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_names_carry_date_slot_slug_and_id(tmp_path, wav):
    folder = tmp_path / "drop"
    target = put(folder, wav)
    name = "2026-11-29_0630_tin-sang-ha-noi_a123"
    assert target == folder / f"{name}.wav"
    assert target.read_bytes() == wav.read_bytes()
    assert visible(folder) == [f"{name}.json", f"{name}.wav", f"{name}.xml"]
    meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    assert meta["title"] == "Tin sáng Hà Nội" and meta["published"] == "2026-11-29T06:30:00+07:00"
    assert meta["kill_date"] == "2026-12-01T06:30:00+07:00" and meta["id"] == "a123" and meta["version"] == 1


def test_sidecars_are_in_place_before_the_wav_appears(tmp_path, wav, monkeypatch):
    folder = tmp_path / "drop"
    seen = {}
    real_replace = os.replace

    def write(path, version):
        # While the WAV is being written no *.wav is visible to a watcher.
        seen["during"] = sorted(p.name for p in folder.glob("*.wav"))
        assert path.name.startswith(".")
        path.write_bytes(wav.read_bytes())

    def replace(source, target):
        if str(target).endswith(".wav"):
            seen["when the wav appears"] = visible(folder)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    export(folder, "a123", "tin-sang-ha-noi", PUBLISHED, "v1", write, sidecars(), now=NOW)
    name = "2026-11-29_0630_tin-sang-ha-noi_a123"
    assert seen == {"during": [], "when the wav appears": [f"{name}.json", f"{name}.xml"]}


def test_the_same_version_again_replaces_its_files(tmp_path, wav):
    folder = tmp_path / "drop"
    put(folder, wav)
    put(folder, wav)
    assert visible(folder) == ["2026-11-29_0630_tin-sang-ha-noi_a123." + s for s in ("json", "wav", "xml")]
    assert [v.stem for v in Ledger(folder).versions("a123")] == ["2026-11-29_0630_tin-sang-ha-noi_a123"]


def test_an_edit_before_import_replaces_the_waiting_files_without_a_marker(tmp_path, wav):
    folder = tmp_path / "drop"
    put(folder, wav)
    put(folder, wav, source="v2", slug="tin-sang-ha-noi-cap-nhat", title="Tin sáng Hà Nội (cập nhật)")
    name = "2026-11-29_0630_tin-sang-ha-noi-cap-nhat_a123_v2"
    assert visible(folder) == [f"{name}.json", f"{name}.wav", f"{name}.xml"]


def test_an_edit_after_import_writes_a_retraction_marker_for_the_imported_version(tmp_path, wav):
    folder = tmp_path / "drop"
    first = put(folder, wav)
    first.unlink()  # rdimport --delete-source took it
    put(folder, wav, source="v2")
    old, new = "2026-11-29_0630_tin-sang-ha-noi_a123", "2026-11-29_0630_tin-sang-ha-noi_a123_v2"
    assert visible(folder) == [f"{old}.retract", f"{new}.json", f"{new}.wav", f"{new}.xml"]
    marker = json.loads((folder / f"{old}.retract").read_text(encoding="utf-8"))
    assert marker == {"id": "a123", "name": old, "file": f"{old}.wav", "reason": "replaced", "replaced_by": new,
                      "at": "2026-11-29T07:00:00+07:00"}
    # A third version closes the second only: the first's marker is written once.
    (folder / f"{old}.retract").unlink()
    put(folder, wav, source="v3")
    assert not (folder / f"{old}.retract").exists()
    assert (folder / "2026-11-29_0630_tin-sang-ha-noi_a123_v3.wav").exists()
    assert not (folder / f"{new}.wav").exists()


def test_a_retraction_removes_waiting_files_and_marks_imported_ones(tmp_path, wav):
    folder = tmp_path / "drop"
    put(folder, wav).unlink()  # version 1 imported
    put(folder, wav, source="v2")  # version 2 waiting
    (folder / "2026-11-29_0630_tin-sang-ha-noi_a123.retract").unlink()  # the operator dealt with version 1
    assert retract(folder, "a123", now=NOW) == []
    assert visible(folder) == []

    put(folder, wav, source="v3").unlink()  # published again, imported
    assert retract(folder, "a123", now=NOW) == ["2026-11-29_0630_tin-sang-ha-noi_a123_v3"]
    marker = json.loads((folder / "2026-11-29_0630_tin-sang-ha-noi_a123_v3.retract").read_text())
    assert marker["reason"] == "retracted" and marker["replaced_by"] is None
    assert retract(folder, "a123", now=NOW) == []  # once


def test_a_retraction_also_clears_files_of_the_earlier_naming(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a123.wav").write_bytes(b"RIFF")
    (folder / "a123.json").write_text("{}")
    retract(folder, "a123")
    assert visible(folder) == []


def test_a_failed_write_leaves_no_file_behind(tmp_path):
    folder = tmp_path / "drop"

    def write(path, version):
        raise OSError("disk full")

    with pytest.raises(OSError):
        export(folder, "a123", "tin", PUBLISHED, "v1", write, sidecars(), now=NOW)
    assert visible(folder) == []


@pytest.mark.parametrize("ident, expected", [
    ("a123", "a123"), ("bai-12.3", "bai-12.3"),
    ("x_v2", None), ("../etc", None), ("a/b", None), ("ả", None), ("a..b", None),
])
def test_ids_in_names_are_safe_and_distinct(ident, expected):
    got = name_id(ident)
    assert SAFE_NAME.match(got) and "_" not in got and ".." not in got
    assert got == (expected or got) and (expected or got.startswith("i-"))


def test_versions_and_ids_never_give_the_same_name():
    names = {stem(PUBLISHED, "tin", ident, version) for ident in ("x", "x_v2", "v2", "x-v2") for version in (1, 2)}
    assert len(names) == 8


@pytest.mark.parametrize("slug", ["", "../x", "Tin", "a_b", "a--b", "-a", "x" * 49])
def test_bad_slugs_are_refused(slug):
    with pytest.raises(ValueError):
        stem(PUBLISHED, slug, "a123")


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone"):
        stem(PUBLISHED.replace(tzinfo=None), "tin", "a123")


# RDXML -----------------------------------------------------------------------------------------

CART = RdxmlCart(
    title="Tin sáng: Hà Nội <rét> & \"mưa\"", group="NEWS", start=PUBLISHED, end=PUBLISHED + timedelta(hours=48),
    artist="Đài PT-TH / gtts vi", album="Loa — Tin tức", user_defined="loa:a123", outcue="...đón đợt rét đậm.",
)


def rdimport_fields(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """The fields as rdimport's line-based reader finds them: cart-level, then the first cut's."""
    cart: dict[str, str] = {}
    cut: dict[str, str] = {}
    state = 0
    for raw in data.split(b"\n"):
        assert len(raw) + 1 <= 1023, "rdimport reads lines of at most 1023 bytes"
        line = raw.decode("utf-8").strip()
        if state == 0 and line == "<cart>":
            state = 1
        elif state == 1 and line == "<cutList>":
            state = 2
        elif state == 2 and line == "<cut>":
            state = 3
        elif state == 3 and line == "</cut>":
            state = 4
        elif state in (1, 3):
            m = re.fullmatch(r"<(\w+)>(.*)</\1>", line)
            assert m, line
            (cart if state == 1 else cut)[m.group(1)] = m.group(2)
    assert state == 4, "a cart with a cut list holding a cut"
    return cart, cut


def test_rdxml_parses_and_holds_the_values():
    data = rdxml(CART)
    root = etree.fromstring(data)
    assert root.tag == "cart"
    assert root.findtext("title") == CART.title
    assert root.findtext("groupName") == "NEWS"
    assert root.findtext("artist") == "Đài PT-TH / gtts vi"
    assert root.findtext("userDefined") == "loa:a123"
    cut = root.find("cutList/cut")
    assert cut.findtext("description") == CART.title
    assert cut.findtext("outcue") == "...đón đợt rét đậm."
    assert datetime.fromisoformat(cut.findtext("startDatetime")) == PUBLISHED
    assert datetime.fromisoformat(cut.findtext("endDatetime")) == datetime(2026, 12, 1, 6, 30, tzinfo=HCM)
    assert ET.fromstring(data).findtext("title") == CART.title  # the standard library agrees


def test_rdxml_suits_rdimports_line_reader():
    cart, cut = rdimport_fields(rdxml(CART))
    assert cart["groupName"] == "NEWS" and cart["title"] == "Tin sáng: Hà Nội &lt;rét&gt; &amp; \"mưa\""
    assert cut["startDatetime"] == "2026-11-29T06:30:00+07:00" and cut["endDatetime"] == "2026-12-01T06:30:00+07:00"


@pytest.mark.parametrize("title", [
    "Tiêu đề " * 400,  # far too long for one line
    "&" * 900,  # every character escaped
    "dòng một\ndòng hai\r\n\tba",  # line breaks would split the element
    "😀 Tin nóng 🔥" * 50,
])
def test_rdxml_long_or_hostile_titles_stay_one_short_line(title):
    data = rdxml(RdxmlCart(title=title, group="NEWS", start=PUBLISHED, end=PUBLISHED))
    cart, _ = rdimport_fields(data)
    parsed = etree.fromstring(data).findtext("title")
    assert parsed and " ".join(title.split()).startswith(parsed.strip())


@pytest.mark.parametrize("group", ["", "NEWS GROUP", "TIN-TỨC", "A" * 11])
def test_rdxml_refuses_bad_group_names(group):
    with pytest.raises(ValueError, match="group"):
        RdxmlCart(title="x", group=group, start=PUBLISHED, end=PUBLISHED)
