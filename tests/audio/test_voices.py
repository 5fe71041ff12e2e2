"""Voices as a named choice: the built-ins, a station's voices file, its checks, and an engine per voice."""
from __future__ import annotations

import json

import pytest

from audio.engines import get_engine
from audio.engines.azure import AzureEngine
from audio.engines.espeak import EspeakEngine
from audio.voices import BUILT_IN, UnknownVoice, load_voices, settings_for
from loa.settings import Settings, SettingsError

KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_built_in_voices_have_vietnamese_names_and_no_default():
    voices = load_voices(Settings())

    assert voices.default is None and voices.bulletin_pair is None
    assert voices.get("nu-bac").display_name == "Nữ miền Bắc"
    assert (voices.get("nu-bac").engine, voices.get("nu-bac").vendor_voice) == ("azure", "vi-VN-HoaiMyNeural")
    assert voices.get("nam-nam").display_name == "Nam miền Nam"
    assert len({v.name for v in BUILT_IN}) == len(BUILT_IN)


def test_a_yaml_file_adds_and_changes_voices(tmp_path):
    path = write(tmp_path, "giong.yaml", """
voices:
  nu-bac: {engine: azure, voice: vi-VN-HoaiMyNeural, rate: 1.1, pitch: -1, name: "Nữ miền Bắc (nhanh)"}
  ban-tin-sang: {engine: google_cloud, voice: vi-VN-Neural2-D, rate: 0.9, name: "Bản tin sáng"}
""")
    voices = load_voices(Settings(voices_file=path, voice="ban-tin-sang", bulletin_voices="nu-bac, nam-nam"))

    assert voices.get("nu-bac").rate == 1.1 and voices.get("nu-bac").pitch == -1
    assert voices.get("nu-bac").display_name == "Nữ miền Bắc (nhanh)"
    assert voices.default is not None and voices.default.engine == "google-cloud"
    assert voices.bulletin_pair is not None
    assert [v.name for v in voices.bulletin_pair] == ["nu-bac", "nam-nam"]
    assert "may-doc" in voices  # the built-ins stay


def test_a_json_file_is_read_as_json(tmp_path):
    path = write(tmp_path, "giong.json", json.dumps(
        {"voices": {"doc-cham": {"engine": "espeak", "voice": "vi-vn-x-south", "rate": 0.8,
                                 "name": "Giọng máy đọc chậm"}}}, ensure_ascii=False))

    voice = load_voices(Settings(voices_file=path)).get("doc-cham")

    assert (voice.engine, voice.vendor_voice, voice.rate) == ("espeak", "vi-vn-x-south", 0.8)


@pytest.mark.parametrize("entry, message", [
    ({"engine": "loa-to", "name": "X"}, "voice 'sai': engine 'loa-to' is not one of azure"),
    ({"engine": "azure", "voice": "HoaiMy", "name": "X"}, "voice 'sai': 'HoaiMy' is not a azure voice id"),
    ({"engine": "azure", "voice": "vi-VN-HoaiMyNeural", "name": "X", "rate": 3},
     "voice 'sai': rate 3 is outside azure's 0.5 to 2"),
    ({"engine": "fpt", "voice": "banmai", "name": "X", "pitch": 2}, "voice 'sai': fpt takes no pitch"),
    ({"engine": "gtts", "voice": "vi", "name": "X"}, "voice 'sai': gtts has a single voice"),
    ({"engine": "espeak", "voice": "vi"}, "voice 'sai': needs a 'name' to show staff"),
    ({"engine": "espeak", "voice": "vi", "name": "X", "rate": "nhanh"}, "voice 'sai': rate must be a number"),
    ({"engine": "espeak", "voice": "vi", "name": "X", "key": "bí mật"}, "voice 'sai': unknown field 'key'"),
])
def test_a_wrong_voice_is_one_line_naming_the_file_and_the_voice(tmp_path, entry, message):
    path = write(tmp_path, "giong.json", json.dumps({"voices": {"sai": entry}}))

    with pytest.raises(SettingsError) as raised:
        load_voices(Settings(voices_file=path))

    assert str(raised.value).startswith(f"LOA_VOICES_FILE {path}: ")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("text, message", [
    ("voices: [nu-bac]", "expected a 'voices' mapping"),
    ("voices:\n  Nữ Bắc: {engine: espeak, name: X}", "voice name 'Nữ Bắc' must be lower-case"),
    ("voices: {a: [1, 2}", "not valid YAML"),
])
def test_a_file_that_is_not_a_voices_file_is_refused(tmp_path, text, message):
    path = write(tmp_path, "giong.yaml", text)

    with pytest.raises(SettingsError, match=message):
        load_voices(Settings(voices_file=path))


def test_a_missing_file_and_unknown_default_or_bulletin_voices_are_refused(tmp_path):
    with pytest.raises(SettingsError, match=r"LOA_VOICES_FILE .*khong-co.yaml: cannot be read"):
        load_voices(Settings(voices_file=str(tmp_path / "khong-co.yaml")))
    with pytest.raises(SettingsError, match="LOA_VOICE: unknown voice 'nu-hue'"):
        load_voices(Settings(voice="nu-hue"))
    with pytest.raises(SettingsError, match="LOA_BULLETIN_VOICES: unknown voice 'nam-hue'"):
        load_voices(Settings(bulletin_voices="nu-bac,nam-hue"))
    with pytest.raises(SettingsError, match="LOA_BULLETIN_VOICES names two voices"):
        Settings(bulletin_voices="nu-bac")
    with pytest.raises(UnknownVoice, match="unknown voice 'nu-hue': the voices are nu-bac, "):
        load_voices(Settings()).get("nu-hue")


def test_an_engine_built_for_a_voice_carries_its_voice_rate_and_pitch_in_the_cache_key(tmp_path):
    path = write(tmp_path, "giong.yaml", """
voices:
  nu-bac-nhanh: {engine: azure, voice: vi-VN-HoaiMyNeural, rate: 1.2, pitch: 2, name: "Nữ miền Bắc nhanh"}
  may-cham: {engine: espeak, voice: vi-vn-x-south, rate: 0.8, name: "Giọng máy chậm"}
""")
    settings = Settings(voices_file=path, azure_key=KEY)

    fast = get_engine("@nu-bac-nhanh", settings)
    plain = get_engine("@nu-bac", settings)
    slow = get_engine("@may-cham", settings)

    assert isinstance(fast, AzureEngine) and isinstance(plain, AzureEngine)
    assert (fast.voice, fast.rate, fast.pitch) == ("vi-VN-HoaiMyNeural", 1.2, 2.0)
    assert fast.settings_key != plain.settings_key
    assert isinstance(slow, EspeakEngine)
    assert (slow.voice, slow.rate) == ("vi-vn-x-south", 132)
    assert KEY not in fast.settings_key


def test_fpt_speed_follows_the_rate():
    voices = load_voices(Settings())
    voice = voices.get("nu-nam")

    assert settings_for(voice, Settings()).fpt_voice == "lannhi"
    from dataclasses import replace
    assert settings_for(replace(voice, rate=1.3), Settings()).fpt_speed == 3
    assert settings_for(replace(voice, rate=0.8), Settings()).fpt_speed == -2


def test_doctests_pass():
    import doctest

    import audio.engines.chain
    import audio.voices

    for module in (audio.voices, audio.engines.chain):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0
