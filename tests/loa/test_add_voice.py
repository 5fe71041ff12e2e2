"""``loa add --voice``: the article is read in that voice; an unknown voice is refused before anything is stored."""
from __future__ import annotations

from click.testing import CliRunner

from articles.store import Store
from cli.main import main

TEXT = "Khai trương chợ phiên cuối tuần\n\nChợ phiên mở cửa từ sáng thứ bảy với hàng trăm gian hàng nông sản."


def run(tmp_path, *args: str):
    env = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_ENGINE": "espeak", "LOA_DATABASE_URL": "",
           "LOA_PUBLIC_BASE_URL": "https://radio.example.vn/loa"}
    return CliRunner(mix_stderr=False).invoke(main, list(args), env=env)


def test_add_with_a_voice_renders_in_it_and_keeps_it(tmp_path):
    source = tmp_path / "cho-phien.txt"
    source.write_text(TEXT, encoding="utf-8")

    first = run(tmp_path, "add", str(source), "--voice", "may-doc")

    assert first.exit_code == 0, first.stderr
    article_id = first.stdout.split()[0]
    store = Store(f"sqlite:///{tmp_path / 'var' / 'loa.db'}")
    try:
        state = store.state(article_id)
        assert store.voice_of(article_id) == "may-doc"
        assert (state.episode.voice_name, state.engine) == ("may-doc", "espeak/may-doc")
    finally:
        store.close()


def test_add_with_an_unknown_voice_is_refused_and_stores_nothing(tmp_path):
    source = tmp_path / "cho-phien.txt"
    source.write_text(TEXT, encoding="utf-8")

    result = run(tmp_path, "add", str(source), "--voice", "nu-hue")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "loa: error: unknown voice 'nu-hue': the voices are nu-bac, nam-bac, nu-trung, nam-trung, nu-nam, nam-nam, "
        "google-dich, may-doc"]
    store = Store(f"sqlite:///{tmp_path / 'var' / 'loa.db'}")
    try:
        assert list(store.article_summaries()) == []
    finally:
        store.close()


def test_every_command_refuses_a_wrong_voices_file_in_one_line(tmp_path):
    voices = tmp_path / "giong.yaml"
    voices.write_text("voices:\n  nu-bac: {engine: azure, voice: vi-VN-HoaiMyNeural}\n", encoding="utf-8")
    env = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_DATABASE_URL": "", "LOA_VOICES_FILE": str(voices)}

    result = CliRunner(mix_stderr=False).invoke(main, ["status", "bai-nao-do"], env=env)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"loa: error: LOA_VOICES_FILE {voices}: voice 'nu-bac': needs a 'name' to show staff (e.g. \"Nữ miền Bắc\"), "
        "at most 80 characters"]
