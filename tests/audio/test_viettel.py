"""ViettelEngine end to end against a local Viettel AI: the JSON request, audio replies, errors."""
from __future__ import annotations

import logging

import pytest

from audio.engines.http import AuthenticationFailed, RequestRejected, Throttled
from audio.engines.viettel import ViettelEngine
from audio.errors import EngineUnavailable, ServiceError
from tests.audio.fakes.server import Answer, speech_audio
from tests.audio.fakes.settings import CloudSettings
from tests.audio.fakes.viettel import SYNTHESIZE, FakeViettel

TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
CLAUSE = "Công an thành phố khuyến cáo người dân không chuyển tiền cho người lạ qua điện thoại"


@pytest.fixture(scope="module")
def viettel():
    fake = FakeViettel(speech_audio(), TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def fresh(viettel):
    viettel.reset()


def engine(viettel: FakeViettel, **kwargs) -> ViettelEngine:
    kwargs.setdefault("token", TOKEN)
    return ViettelEngine(endpoint=viettel.url + SYNTHESIZE, **kwargs)


def test_a_sentence_is_one_json_request_and_comes_back_as_viettels_wav(viettel):
    clip = engine(viettel, voice="hue-maingoc", speed=0.9).synthesize("Sáng nay, trời mưa to.")

    [request] = viettel.to(SYNTHESIZE)
    assert request.json() == {"text": "Sáng nay, trời mưa to.", "voice": "hue-maingoc", "speed": 0.9,
                              "tts_return_option": 2, "token": TOKEN, "without_filter": False}
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.002)
    assert (clip.sample_rate, clip.channels) == (24000, 1)


def test_mp3_without_the_filter_in_stereo(viettel):
    clip = engine(viettel, audio_format="mp3", without_filter=True, channels=2).synthesize("Xin chào.")

    body = viettel.to(SYNTHESIZE)[0].json()
    assert (body["tts_return_option"], body["without_filter"]) == (3, True)
    assert (clip.sample_rate, clip.channels) == (24000, 2)
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.05)


def test_a_long_sentence_is_cut_into_pieces_of_at_most_max_chars(viettel):
    sentence = ", ".join([CLAUSE] * 6) + "."
    pause = 0.15
    clip = engine(viettel, clause_pause=pause, max_chars=200).synthesize(sentence)

    sent = [r.json()["text"] for r in viettel.to(SYNTHESIZE)]
    assert len(sent) == 3
    assert all(len(text) <= 200 for text in sent)
    assert " ".join(sent) == sentence
    assert clip.duration == pytest.approx(3 * speech_audio().duration + 2 * pause, abs=0.005)


def test_a_wrong_token_is_an_authentication_failure_that_never_shows_the_token(viettel, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "00000000000000000000000000000000"

    with pytest.raises(AuthenticationFailed, match="Token is invalid or expired") as caught:
        engine(viettel, token=wrong).synthesize("Xin chào.")

    assert caught.value.status == 401
    assert wrong not in str(caught.value) and wrong not in caplog.text


def test_an_unknown_voice_is_rejected_for_good(viettel):
    with pytest.raises(RequestRejected, match="HTTP 400.*Invalid voice") as caught:
        engine(viettel, voice="hn-khongco").synthesize("Xin chào.")
    assert not isinstance(caught.value, ServiceError)


def test_429_carries_retry_after(viettel):
    viettel.then(SYNTHESIZE, Answer.json(429, {"code": 429, "message": "Too many requests"}, {"Retry-After": "4"}))

    with pytest.raises(Throttled, match="retry after 4 s") as caught:
        engine(viettel).synthesize("Xin chào.")
    assert caught.value.retry_after == 4.0


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_service_errors(viettel, status):
    viettel.then(SYNTHESIZE, Answer.json(status, {"code": status, "message": "Internal error"}))

    with pytest.raises(ServiceError, match=f"HTTP {status}: {status} Internal error"):
        engine(viettel).synthesize("Xin chào.")


def test_json_instead_of_audio_is_a_service_error(viettel):
    viettel.then(SYNTHESIZE, Answer.json(200, {"code": 500, "message": "TTS engine busy"}))

    with pytest.raises(ServiceError, match="application/json instead of audio: 500 TTS engine busy"):
        engine(viettel).synthesize("Xin chào.")


@pytest.mark.parametrize("kwargs, problem", [
    ({"token": ""}, "needs an API token"),
    ({"voice": "Quỳnh Anh"}, "not a Viettel AI voice name"),
    ({"speed": 1.5}, "between 0.7 and 1.3"),
    ({"audio_format": "ogg"}, "wav or mp3"),
    ({"max_chars": 10}, "would cut words apart"),
])
def test_settings_viettel_cannot_use_are_refused_at_construction(kwargs, problem):
    with pytest.raises(EngineUnavailable, match=problem):
        ViettelEngine(**{"token": TOKEN, **kwargs})


def test_settings_key_covers_the_sound_and_never_the_token():
    base = ViettelEngine(token=TOKEN)
    variants = [ViettelEngine(token=TOKEN, **change) for change in (
        {"voice": "hcm-diemmy"}, {"speed": 1.1}, {"audio_format": "mp3"}, {"without_filter": True},
        {"clause_pause": 0.3}, {"sample_rate": 16000}, {"channels": 2},
    )]

    assert len({base.settings_key, *(v.settings_key for v in variants)}) == 8
    assert ViettelEngine(token="other", timeout=3, max_chars=300).settings_key == base.settings_key
    assert TOKEN not in base.settings_key
    assert (base.name, base.voice) == ("viettel", "hn-quynhanh")


def test_from_settings_reads_the_token_from_its_file(viettel, tmp_path, redis_url):
    (tmp_path / "viettel.token").write_text(TOKEN + "\n", encoding="utf-8")
    settings = CloudSettings(data_dir=tmp_path, redis_url=redis_url, viettel_token_file=str(tmp_path / "viettel.token"),
                             viettel_voice="hcm-minhquan", viettel_format="mp3")
    speaker = ViettelEngine.from_settings(settings)
    speaker.endpoint = viettel.url + SYNTHESIZE

    speaker.synthesize("Xin chào.")

    body = viettel.to(SYNTHESIZE)[0].json()
    assert (body["token"], body["voice"], body["tts_return_option"]) == (TOKEN, "hcm-minhquan", 3)


def test_an_unreadable_token_file_is_named(tmp_path, redis_url):
    settings = CloudSettings(data_dir=tmp_path, redis_url=redis_url, viettel_token_file=str(tmp_path / "missing"))

    with pytest.raises(EngineUnavailable, match="cannot read the Viettel AI token from .*missing"):
        ViettelEngine.from_settings(settings)
