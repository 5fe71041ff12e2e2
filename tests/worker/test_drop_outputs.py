"""What a radio automation system finds in the drop folder for a bulletin and for edits, read back
with independent readers: the WAV's chunks, the RDXML sidecar, the JSON sidecar and the names."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from wavinfo import WavInfoReader

from articles.model import Article, Block
from audio import ffmpeg
from audio.bwf import BextInfo
from audio.ffmpeg import decode_file
from loa.settings import Settings, SettingsError
from loa.storage import LocalStorage
from tests.audio.test_bwf import tone, write_bwf
from tests.support.bwf_reader import iter_chunks, read_bext, read_cart, read_info
from tests.support.loudness_reference import measure
from worker.bulletins import BulletinBuilder
from worker.outputs import ProgrammeInfo, outcue_of, to_drop_folder
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UNTIL = datetime(2026, 11, 29, 6, 30, tzinfo=HCM)
SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(wav|xml|json|retract)$")


@pytest.fixture
def place(tmp_path):
    storage = LocalStorage(tmp_path / "data")
    settings = Settings(data_dir=tmp_path / "data", drop_folder=str(tmp_path / "drop"), drop_kill_hours=12,
                        station_name="Đài PT-TH Quảng Trị")

    def master(key: str, seconds: float = 1.0) -> str:
        path = storage.path(key.removesuffix(".mp3") + ".wav")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bwf(path, tone(seconds), BextInfo(description="x", origination=datetime(2026, 11, 29, 6, 30)))
        return key

    return settings, storage, master, Path(settings.drop_folder)


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_a_bulletin_in_the_drop_folder(place):
    settings, storage, master, drop = place
    key = master("bulletins/b-1/b-1-ab12.mp3", seconds=2.0)
    info = ProgrammeInfo("b-20261129-0600-20261129-0630", "Bản tin thời sự 06:30 ngày 29/11/2026", UNTIL, None,
                         "bulletin")
    to_drop_folder(settings, storage, key, info, 2.0, voice="espeak vi")
    name = "2026-11-29_0630_ban-tin-thoi-su-06-30-ngay-29-11-2026_b-20261129-0600-20261129-0630"
    assert visible(drop) == [f"{name}.json", f"{name}.wav", f"{name}.xml"]
    wav = drop / f"{name}.wav"

    assert [c[0] for c in iter_chunks(wav)] == [b"bext", b"cart", b"LIST", b"fmt ", b"data"]
    assert read_bext(wav) == read_bext(storage.path("bulletins/b-1/b-1-ab12.wav"))
    cart = read_cart(wav)
    assert cart["title"] == "Ban tin thoi su 06:30 ngay 29/11/2026"
    assert cart["artist"] == "Dai PT-TH Quang Tri / espeak vi"
    assert (cart["category"], cart["classification"], cart["cut_id"]) == ("NEWS", "bulletin", info.ident)
    assert cart["start"] == datetime(2026, 11, 29, 6, 30) and cart["end"] == datetime(2026, 11, 29, 18, 30)
    timers = dict(cart["post_timers"])
    assert timers["AUDs"] < 10 and 2 * 48000 - 10 < timers["AUDe"] <= 2 * 48000
    info_entries = read_info(wav)
    assert info_entries["INAM"] == info.title and info_entries["IART"] == "Đài PT-TH Quảng Trị / espeak vi"
    assert info_entries["ICRD"] == "2026-11-29" and info_entries["ISFT"].startswith("Loa")

    # ffmpeg, a reader of its own, finds the INFO text as UTF-8.
    tags = ffmpeg.run(["-i", str(wav), "-f", "ffmetadata", "-"]).decode("utf-8").splitlines()
    assert {"title=" + info.title, "artist=Đài PT-TH Quảng Trị / espeak vi", "date=2026-11-29", "genre=NEWS"} <= set(tags)

    audio = decode_file(wav, "wav", 48000)
    assert audio.duration == pytest.approx(2.0, abs=0.001)
    assert measure(audio).integrated == pytest.approx(
        measure(decode_file(storage.path("bulletins/b-1/b-1-ab12.wav"), "wav", 48000)).integrated, abs=0.01)

    sidecar = json.loads((drop / f"{name}.json").read_text(encoding="utf-8"))
    assert sidecar["kind"] == "bulletin" and sidecar["duration"] == 2.0
    assert sidecar["kill_date"] == "2026-11-29T18:30:00+07:00"
    assert sidecar["speech_end"] == pytest.approx(timers["AUDe"] / 48000, abs=0.001)

    root = etree.fromstring((drop / f"{name}.xml").read_bytes())
    assert root.findtext("title") == info.title and root.findtext("groupName") == "NEWS"
    assert root.findtext("artist") == "Đài PT-TH Quảng Trị / espeak vi"
    assert root.findtext("userDefined") == f"loa:{info.ident}"
    assert root.findtext("cutList/cut/endDatetime") == "2026-11-29T18:30:00+07:00"


def test_an_edit_after_import_is_a_new_version_and_marks_the_old_one(place):
    settings, storage, master, drop = place
    info = ProgrammeInfo("bai-7", "Khánh thành cầu mới", UNTIL, "https://radio.example.vn/tin/bai-7", "segment",
                         outcue="...qua sông Hương.")
    to_drop_folder(settings, storage, master("episodes/bai-7/bai-7-aa.mp3"), info, 1.0)
    first = "2026-11-29_0630_khanh-thanh-cau-moi_bai-7"
    (drop / f"{first}.wav").unlink()  # imported: rdimport deleted it
    edited = ProgrammeInfo("bai-7", "Khánh thành cầu mới qua sông Hương", UNTIL, info.url, "segment")
    to_drop_folder(settings, storage, master("episodes/bai-7/bai-7-bb.mp3"), edited, 1.0)
    second = "2026-11-29_0630_khanh-thanh-cau-moi-qua-song-huong_bai-7_v2"
    # The imported version's leftover sidecars go; its marker stays for the operator.
    assert sorted(visible(drop)) == sorted([f"{first}.retract", f"{second}.json", f"{second}.wav", f"{second}.xml"])
    marker = json.loads((drop / f"{first}.retract").read_text())
    assert marker["reason"] == "replaced" and marker["replaced_by"] == second
    cart = read_cart(drop / f"{second}.wav")
    assert cart["title"] == "Khanh thanh cau moi qua song Huong (v2)" and cart["out_cue"] == ""
    assert json.loads((drop / f"{second}.json").read_text())["version"] == 2


@pytest.mark.parametrize("title, slug", [
    ("../../etc/passwd", "etc-passwd"),
    ("😀🔥😀", "tin"),
    ("?!.,;:", "tin"),
    ("Đ" * 300, "d" * 48),
])
def test_hostile_titles_give_safe_names_and_intact_metadata(place, title, slug):
    settings, storage, master, drop = place
    info = ProgrammeInfo("bai-9", title, UNTIL, None, "segment")
    to_drop_folder(settings, storage, master("episodes/bai-9/bai-9-aa.mp3"), info, 1.0)
    names = visible(drop)
    assert names == [f"2026-11-29_0630_{slug}_bai-9.{s}" for s in ("json", "wav", "xml")]
    assert all(SAFE.match(n) and len(n) < 255 for n in names)
    assert all(p.parent == drop for p in drop.iterdir())
    wav = drop / names[1]
    assert len(read_cart(wav)["title"]) <= 64
    assert title.startswith(read_info(wav)["INAM"])
    assert etree.fromstring((drop / names[2]).read_bytes()).findtext("title").strip() in " ".join(title.split())


def test_outcue_is_the_last_short_sentence_or_the_last_words():
    assert outcue_of("Quý vị vừa nghe bản tin. Cảm ơn quý vị đã theo dõi.") == "Cảm ơn quý vị đã theo dõi."
    long = "Hội nghị cũng khen thưởng 25 tập thể và 40 cá nhân có thành tích xuất sắc."
    assert outcue_of(long) == "...nhân có thành tích xuất sắc."
    assert outcue_of("Minh Hoàng") == "Minh Hoàng" and outcue_of("  ") == ""


def test_a_compiled_bulletin_lands_in_the_drop_folder_at_its_slot(settings, tmp_path):
    drop = tmp_path / "drop"
    p = Pipeline(replace(settings, drop_folder=str(drop)))
    try:
        a = Article(id="sang", title="Tỉnh chủ động ứng phó mưa lũ",
                    blocks=(Block("lead", "Sáng nay, tỉnh họp bàn phương án ứng phó."),),
                    published=datetime(2026, 11, 27, 7, 0, tzinfo=HCM), url="https://radio.example.vn/tin/sang")
        p.store.save_article(a)
        p.render(a.id)
        bulletin, _ = BulletinBuilder(p).build(datetime(2026, 11, 27, 6, tzinfo=HCM),
                                               datetime(2026, 11, 27, 18, tzinfo=HCM))
        name = f"2026-11-27_1800_ban-tin-thoi-su-18-00-ngay-27-11-2026_{bulletin.id}"
        wav = drop / f"{name}.wav"
        cart = read_cart(wav)
        assert cart["classification"] == "bulletin" and cart["start"] == datetime(2026, 11, 27, 18, 0)
        assert cart["out_cue"] == "Cam on quy vi da theo doi. (nhac)"
        assert decode_file(wav, "wav", 48000).duration == pytest.approx(bulletin.duration, abs=0.01)
        assert etree.fromstring((drop / f"{name}.xml").read_bytes()).findtext("cutList/cut/outcue") == (
            "Cảm ơn quý vị đã theo dõi. (nhạc)")
    finally:
        p.close()


def test_a_segment_in_the_drop_folder_read_by_wavinfo(settings, tmp_path):
    """A third-party BWF reader (wavinfo) finds what automation will: the format, the bext fields with
    the measured loudness, and the INFO title and artist."""
    drop = tmp_path / "drop"
    p = Pipeline(replace(settings, drop_folder=str(drop), station_name="Đài PT-TH Quảng Trị"))
    try:
        a = Article(id="cho-tet", title="Chợ hoa Tết mở cửa sớm hơn mọi năm",
                    blocks=(Block("lead", "Năm nay, chợ hoa Tết của thành phố mở cửa từ ngày hai mươi tháng Chạp."),
                            Block("body", "Hơn hai trăm gian hàng đã đăng ký, phần lớn là hoa đào và hoa mai.")),
                    published=datetime(2026, 11, 28, 8, 0, tzinfo=HCM), url="https://radio.example.vn/tin/cho-tet")
        p.store.save_article(a)
        episode = p.render(a.id)
        (wav,) = drop.glob("*.wav")
        found = WavInfoReader(str(wav), info_encoding="utf-8", bext_encoding="ascii")
        assert (found.fmt.sample_rate, found.fmt.channel_count, found.fmt.bits_per_sample) == (48000, 1, 16)
        assert found.data.frame_count / 48000 == pytest.approx(episode.duration, abs=0.01)
        assert found.bext.version == 2
        assert found.bext.originator_ref == read_bext(wav).originator_reference
        assert found.bext.loudness_value == pytest.approx(-23.0, abs=0.5)
        assert found.bext.max_true_peak <= -1.0
        assert found.bext.coding_history.startswith("A=PCM,F=48000,W=16,M=mono")
        assert found.info.title == a.title
        assert found.info.artist.startswith("Đài PT-TH Quảng Trị")
    finally:
        p.close()


@pytest.mark.parametrize("env, message", [
    ({"LOA_DROP_GROUP": "TIN TỨC"}, r"LOA_DROP_GROUP=TIN TỨC: expected a Rivendell group name \(1 to 10 letters"),
    ({"LOA_DROP_GROUP": "NEWS-AND-MORE"}, "LOA_DROP_GROUP=NEWS-AND-MORE: expected a Rivendell group name"),
    ({"LOA_DROP_KILL_HOURS": "0"}, "LOA_DROP_KILL_HOURS=0: expected a whole number of hours, at least 1"),
])
def test_bad_drop_settings_are_refused_at_start(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        Settings.from_env()
