"""The shows file (``LOA_SHOWS_FILE``): shows in file order, and every mistake one line naming the file
and the show, refused at start by every command."""
from __future__ import annotations

import doctest
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from articles.categories import Categories
from audio.voices import load_voices
from cli.main import main
from feeds.shows import Show, load_shows, read_shows_file
from loa.settings import Settings, SettingsError

VOICES = load_voices(Settings()).names

SHOWS = """\
shows:
  - slug: thoi-su
    title: Thời sự
    description: Tin thời sự trong tỉnh và cả nước.
    categories: [Thời sự, Chính trị]
  - slug: the-thao
    title: "Thể thao"
    description: Bóng đá, điền kinh và các giải đấu.
    voice: nam-nam
    cover: bia/the-thao.png
    categories: [Thể thao]
    tags: [SEA Games]
  - slug: kinh-te
    title: Kinh tế
    description: Giá cả, thị trường và doanh nghiệp.
    voice: nu-bac
    categories: [Kinh tế]
    tags: [giá vàng]
"""


def png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (1400, 1400), (30, 90, 160)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def shows_file(tmp_path: Path, text: str = SHOWS, name: str = "chuong-trinh.yaml") -> Path:
    png(tmp_path / "bia" / "the-thao.png")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shows_in_file_order_with_their_cover_voice_and_labels(tmp_path):
    shows = read_shows_file(shows_file(tmp_path), VOICES)
    assert [s.slug for s in shows] == ["thoi-su", "the-thao", "kinh-te"]
    sport = shows.get("the-thao")
    assert sport == Show("the-thao", "Thể thao", "Bóng đá, điền kinh và các giải đấu.", ("Thể thao",),
                         ("SEA Games",), tmp_path / "bia" / "the-thao.png", "nam-nam")
    assert (sport.feed_key, sport.cover_key, sport.page_path) == (
        "shows/the-thao/feed.xml", "shows/the-thao/cover.png", "nghe/the-thao/")
    assert shows.get("thoi-su").cover is None and shows.get("thoi-su").voice is None


@pytest.fixture
def shows(tmp_path):
    return read_shows_file(shows_file(tmp_path), VOICES)


def test_selection_by_section_or_tag_whatever_the_case_or_diacritics(shows):
    def slugs(section, *tags):
        return [s.slug for s in shows.of(Categories(section, tags))]

    assert slugs("THOI SU") == ["thoi-su"]
    assert slugs("Kinh tế", "SEA Games") == ["the-thao", "kinh-te"]
    assert slugs("Văn hóa", "Giá Vàng") == ["kinh-te"]
    assert slugs("Văn hóa", "Thể thao") == []  # a show's categories are matched against the section only
    assert slugs(None) == []


def test_the_voice_is_that_of_the_first_selecting_show_that_names_one(shows):
    assert shows.voice_show(Categories("Thời sự", ("SEA Games", "giá vàng"))).slug == "the-thao"
    assert shows.voice_show(Categories("Kinh tế", ("SEA Games",))).voice == "nam-nam"
    assert shows.voice_show(Categories("Thời sự")) is None


def test_no_shows_file_means_no_shows():
    assert not load_shows(Settings(), VOICES)
    assert list(load_shows(Settings(), VOICES)) == []


BAD = [
    ("shows:\n  - {slug: Thoi_Su, title: T, description: D, categories: [a]}\n",
     "show 1: slug 'Thoi_Su' must be lower-case letters and digits joined by single dashes (e.g. thoi-su), "
     "at most 40 characters"),
    ("shows:\n  - {slug: tin, title: T, description: D, categories: [a]}\n"
     "  - {slug: tin, title: U, description: E, categories: [b]}\n",
     "show 2: slug 'tin' is already the slug of another show"),
    ("shows:\n  - {slug: tin, title: T, description: D, categories: [a], voice: giong-la}\n",
     "show 1 (tin): unknown voice 'giong-la': the voices are nu-bac, "),
    ("shows:\n  - {slug: tin, title: T, description: D, categories: [a], cover: khong-co.png}\n",
     "show 1 (tin): cover file '{dir}/khong-co.png' cannot be read: No such file or directory"),
    ("shows:\n  - {slug: tin, title: T, description: D, categories: [a], cover: bia.gif}\n",
     "show 1 (tin): cover 'bia.gif' must be a .png or .jpg file"),
    ("shows:\n  - {slug: tin, title: T, description: D}\n",
     "show 1 (tin): names no categories or tags, so no article would be in it"),
    ("shows:\n  - {slug: tin, description: D, categories: [a]}\n", "show 1 (tin): needs a 'title' (text)"),
    ("shows:\n  - {slug: tin, title: T, description: D, categories: Thời sự}\n",
     "show 1 (tin): 'categories' must be a list of names, like [Thời sự, Kinh tế]"),
    ("shows:\n  - {slug: tin, title: T, description: D, categories: [a], mau: do}\n",
     "show 1: unknown field 'mau' (fields: slug, title, description, cover, voice, categories, tags)"),
    ("shows: {}\n", "expected a 'shows' list, each show with slug, title, description and the categories or tags "
     "that choose its articles"),
    ("shows: [\n", "not valid YAML: "),
]


@pytest.mark.parametrize("text, message", BAD)
def test_a_wrong_file_is_one_line_naming_the_file_and_the_show(tmp_path, text, message):
    path = shows_file(tmp_path, text)
    with pytest.raises(SettingsError) as raised:
        read_shows_file(path, VOICES)
    assert str(raised.value).startswith(f"LOA_SHOWS_FILE {path}: {message.replace('{dir}', str(tmp_path))}")
    assert "\n" not in str(raised.value)


def test_a_cover_that_is_not_the_image_its_name_says_is_refused(tmp_path):
    (tmp_path / "bia.png").write_bytes(b"GIF89a not a png")
    path = shows_file(tmp_path, "shows:\n  - {slug: tin, title: T, description: D, categories: [a], "
                                "cover: bia.png}\n")
    with pytest.raises(SettingsError, match=r"show 1 \(tin\): cover file '.*bia.png' is not a PNG image$"):
        read_shows_file(path, VOICES)


def test_every_command_refuses_a_wrong_shows_file_in_one_line(tmp_path):
    path = shows_file(tmp_path, "shows:\n  - {slug: tin, title: T, description: D, categories: [a], voice: x}\n")
    env = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_DATABASE_URL": "", "LOA_SHOWS_FILE": str(path)}

    result = CliRunner(mix_stderr=False).invoke(main, ["status", "bai-nao-do"], env=env)

    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"loa: error: LOA_SHOWS_FILE {path}: show 1 (tin): unknown voice 'x': the voices are ")


def test_doctests_pass():
    import articles.categories
    import feeds.pages
    import feeds.shows

    for module in (articles.categories, feeds.shows, feeds.pages):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0
