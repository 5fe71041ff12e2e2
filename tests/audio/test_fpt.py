"""FPTEngine end to end against a local FPT.AI: the request, the async audio URL polled until ready, errors."""
from __future__ import annotations

import logging

import pytest

from audio.engines.fpt import FPTEngine
from audio.engines.http import AuthenticationFailed, RequestRejected, Throttled
from audio.errors import EngineUnavailable, ServiceError
from tests.audio.fakes.fpt import FILES, SYNTHESIZE, FakeFPT
from tests.audio.fakes.server import Answer, speech_audio
from tests.audio.fakes.settings import CloudSettings

API_KEY = "pX9uQ2wK7tLmN4vB8cR1sD6fG3hJ5kZa"
CLAUSE = "Sở Giáo dục và Đào tạo thông báo lịch thi tuyển sinh lớp mười năm học mới tại các điểm thi"


@pytest.fixture(scope="module")
def fpt():
    fake = FakeFPT(speech_audio(), API_KEY).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def fresh(fpt):
    fpt.reset()
    fpt.polls_before_ready = 1


def engine(fpt: FakeFPT, **kwargs) -> FPTEngine:
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("poll_interval", 0.02)
    return FPTEngine(endpoint=fpt.url + SYNTHESIZE, **kwargs)


def polls(fpt: FakeFPT) -> list[int]:
    return [r.client_port for r in fpt.requests if r.path.startswith(FILES)]


def test_the_text_goes_in_the_body_and_the_audio_is_fetched_once_the_async_url_has_it(fpt):
    fpt.polls_before_ready = 2
    clip = engine(fpt, voice="lannhi", speed=-1).synthesize("Sáng nay, trời mưa to.")

    [request] = fpt.to(SYNTHESIZE)
    assert request.body.decode("utf-8") == "Sáng nay, trời mưa to."
    assert (request.header("api-key"), request.header("voice"), request.header("speed"),
            request.header("format")) == (API_KEY, "lannhi", "-1", "mp3")
    gets = [r for r in fpt.requests if r.path.startswith(FILES)]
    assert len(gets) == 3  # missing, missing, then the audio
    assert all(r.header("api-key") is None for r in gets)  # the file server never sees the key
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.05)
    assert (clip.sample_rate, clip.channels) == (24000, 1)


def test_wav_format_at_another_rate(fpt):
    clip = engine(fpt, audio_format="wav", sample_rate=16000).synthesize("Xin chào.")

    assert fpt.to(SYNTHESIZE)[0].header("format") == "wav"
    assert (clip.sample_rate, clip.channels) == (16000, 1)
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.002)


def test_a_sentence_over_5000_characters_is_cut_into_pieces_fpt_accepts(fpt):
    sentence = ", ".join([CLAUSE] * 60) + "."
    pause = 0.1
    clip = engine(fpt, clause_pause=pause).synthesize(sentence)

    sent = [r.body.decode("utf-8") for r in fpt.to(SYNTHESIZE)]
    assert len(sentence) > 5000 and len(sent) == 2
    assert all(len(text) <= 5000 for text in sent)
    assert " ".join(sent) == sentence
    assert clip.duration == pytest.approx(2 * speech_audio().duration + pause, abs=0.1)


def test_a_reply_shorter_than_fpts_minimum_is_padded_with_a_full_stop(fpt):
    engine(fpt).synthesize("Ừ")

    assert fpt.to(SYNTHESIZE)[0].body.decode("utf-8") == "Ừ.."


def test_audio_that_never_appears_fails_at_the_deadline_with_the_request_id(fpt):
    fpt.never_ready()

    with pytest.raises(ServiceError, match=r"audio for request [0-9a-f]{32} was not ready after 0.3 s "
                                           r"\(last answer: HTTP 404\)"):
        engine(fpt, ready_timeout=0.3).synthesize("Xin chào.")
    assert len(polls(fpt)) >= 2


def test_an_error_code_in_the_reply_is_a_service_error_with_fpts_message(fpt):
    with pytest.raises(ServiceError, match=r"refused to synthesize \(error 2\): Invalid voice"):
        engine(fpt, voice="khongco").synthesize("Xin chào.")
    assert polls(fpt) == []


def test_a_wrong_key_is_an_authentication_failure_that_never_shows_the_key(fpt, caplog):
    caplog.set_level(logging.DEBUG)
    key = "wrong-key-0000-1111"

    with pytest.raises(AuthenticationFailed, match="Invalid authentication credentials") as caught:
        engine(fpt, api_key=key).synthesize("Xin chào.")

    assert caught.value.status == 401
    assert key not in str(caught.value) and key not in caplog.text


def test_429_carries_retry_after(fpt):
    fpt.then(SYNTHESIZE, Answer.json(429, {"message": "API rate limit exceeded"}, {"Retry-After": "2"}))

    with pytest.raises(Throttled, match="retry after 2 s: API rate limit exceeded") as caught:
        engine(fpt).synthesize("Xin chào.")
    assert caught.value.retry_after == 2.0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_service_errors(fpt, status):
    fpt.then(SYNTHESIZE, Answer(status, b"upstream connect error"))

    with pytest.raises(ServiceError, match=f"HTTP {status}: upstream connect error"):
        engine(fpt).synthesize("Xin chào.")


def test_a_storage_hiccup_while_polling_is_waited_out(fpt):
    fpt.polls_before_ready = 1  # the first GET is answered 503 below, the next one 404, then the audio
    speaker = engine(fpt)
    original = fpt.answer

    def flaky(request):
        if request.path.startswith(FILES) and len(polls(fpt)) == 1:
            return Answer(503, b"SlowDown")
        return original(request)

    fpt.answer = flaky
    try:
        clip = speaker.synthesize("Xin chào.")
    finally:
        fpt.answer = original
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.05)


def test_a_reply_that_is_not_json_is_a_service_error(fpt):
    fpt.then(SYNTHESIZE, Answer(200, b"<html>maintenance</html>", {"Content-Type": "text/html"}))

    with pytest.raises(ServiceError, match="something other than JSON"):
        engine(fpt).synthesize("Xin chào.")


def test_an_audio_file_gone_for_good_is_not_waited_for(fpt):
    original = fpt.answer
    fpt.answer = lambda request: Answer(410, b"Gone") if request.path.startswith(FILES) else original(request)
    try:
        with pytest.raises(RequestRejected, match="audio storage rejected the request \\(HTTP 410\\): Gone"):
            engine(fpt).synthesize("Xin chào.")
    finally:
        fpt.answer = original
    assert len(polls(fpt)) == 1


@pytest.mark.parametrize("link", ["ftp://files.example/a.mp3", "/relative/a.mp3", "file:///etc/passwd"])
def test_an_async_url_that_is_not_http_is_refused_unfetched(fpt, link):
    fpt.then(SYNTHESIZE, Answer.json(200, {"async": link, "error": 0, "message": "ok", "request_id": "r1"}))

    with pytest.raises(ServiceError, match="without a usable async audio URL"):
        engine(fpt).synthesize("Xin chào.")


def test_an_http_async_url_is_refused_when_the_api_is_https():
    speaker = FPTEngine(api_key=API_KEY)

    assert speaker._acceptable_link("https://file01.fpt.ai/text2speech-v5/short/a.mp3")
    assert not speaker._acceptable_link("http://file01.fpt.ai/text2speech-v5/short/a.mp3")


@pytest.mark.parametrize("kwargs, problem", [
    ({"api_key": ""}, "needs an API key"),
    ({"voice": "Ban Mai"}, "not an FPT.AI voice name"),
    ({"speed": 4}, "from -3 to 3"),
    ({"audio_format": "ogg"}, "mp3 or wav"),
])
def test_settings_fpt_cannot_use_are_refused_at_construction(kwargs, problem):
    with pytest.raises(EngineUnavailable, match=problem):
        FPTEngine(**{"api_key": API_KEY, **kwargs})


def test_settings_key_covers_the_sound_and_never_the_key():
    base = FPTEngine(api_key=API_KEY)
    variants = [FPTEngine(api_key=API_KEY, **change) for change in (
        {"voice": "leminh"}, {"speed": 1}, {"audio_format": "wav"}, {"clause_pause": 0.3}, {"sample_rate": 16000},
        {"channels": 2},
    )]

    assert len({base.settings_key, *(v.settings_key for v in variants)}) == 7
    assert FPTEngine(api_key="other", ready_timeout=5, timeout=3).settings_key == base.settings_key
    assert API_KEY not in base.settings_key
    assert (base.name, base.voice) == ("fpt", "banmai")


def test_from_settings(fpt, tmp_path, redis_url):
    settings = CloudSettings(data_dir=tmp_path, redis_url=redis_url, fpt_api_key=API_KEY, fpt_voice="giahuy",
                             fpt_speed=2, fpt_format="wav")
    speaker = FPTEngine.from_settings(settings)
    speaker.endpoint = fpt.url + SYNTHESIZE
    speaker.poll_interval = 0.02

    speaker.synthesize("Xin chào.")

    request = fpt.to(SYNTHESIZE)[0]
    assert (request.header("api-key"), request.header("voice"), request.header("speed")) == (API_KEY, "giahuy", "2")
    assert speaker.limiter.limits["fpt"].requests == 2
