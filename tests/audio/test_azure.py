"""AzureEngine end to end against a local Azure Speech: SSML, output formats, key and token auth, errors."""
from __future__ import annotations

import logging

import pytest

from audio.engines.azure import MAX_CHARS, AzureEngine
from audio.engines.http import AuthenticationFailed, RequestRejected, Throttled
from audio.errors import EngineUnavailable, RateLimited, ServiceError
from tests.audio.fakes.azure import ISSUE_TOKEN, SYNTHESIZE, FakeAzure
from tests.audio.fakes.server import Answer, speech_audio
from tests.audio.fakes.settings import CloudSettings

KEY = "3c5e0a7b9d1f4e2a8b6c0d9e7f1a2b3c"
CLAUSE = "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành rà soát phương án phòng chống bão số ba"


@pytest.fixture(scope="module")
def azure():
    fake = FakeAzure(speech_audio(), KEY).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def fresh(azure):
    azure.reset()
    azure.spoken.clear()
    azure.revoke_tokens()


def engine(azure: FakeAzure, **kwargs) -> AzureEngine:
    kwargs.setdefault("key", KEY)
    return AzureEngine(endpoint=azure.url + SYNTHESIZE, token_endpoint=azure.url + ISSUE_TOKEN, **kwargs)


def test_a_sentence_is_one_ssml_request_with_the_key_header_and_comes_back_as_azures_wav(azure):
    clip = engine(azure, rate=1.1, pitch=-1).synthesize("Giá xăng <giảm> 5% & \"ổn định\".")

    [request] = azure.to(SYNTHESIZE)
    assert request.header("Ocp-Apim-Subscription-Key") == KEY
    assert request.header("Content-Type") == "application/ssml+xml"
    assert request.header("X-Microsoft-OutputFormat") == "riff-24khz-16bit-mono-pcm"
    assert request.header("User-Agent").startswith("Loa/")
    assert request.body.decode("utf-8") == (
        '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="vi-VN">'
        '<voice name="vi-VN-HoaiMyNeural"><prosody rate="+10%" pitch="-1st">'
        "Giá xăng &lt;giảm&gt; 5% &amp; &quot;ổn định&quot;.</prosody></voice></speak>"
    )
    assert azure.spoken == ['Giá xăng <giảm> 5% & "ổn định".']  # the fake's XML parser read it back whole
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.002)
    assert (clip.sample_rate, clip.channels) == (24000, 1)


def test_text_that_would_break_the_xml_still_makes_valid_ssml(azure):
    engine(azure).synthesize("Mục </voice><voice name='x'> và \x00\x07 ký tự ]]> lạ")

    assert azure.spoken == ["Mục </voice><voice name='x'> và    ký tự ]]> lạ"]


def test_mp3_output_for_the_male_voice_in_stereo(azure):
    clip = engine(azure, voice="vi-VN-NamMinhNeural", output_format="audio-24khz-48kbitrate-mono-mp3",
                  channels=2, sample_rate=48000).synthesize("Xin chào.")

    request = azure.to(SYNTHESIZE)[0]
    assert request.header("X-Microsoft-OutputFormat") == "audio-24khz-48kbitrate-mono-mp3"
    assert '<voice name="vi-VN-NamMinhNeural">' in request.body.decode()
    assert (clip.sample_rate, clip.channels) == (48000, 2)
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.05)


def test_a_long_sentence_is_cut_into_pieces_of_at_most_3000_characters(azure):
    sentence = ", ".join([CLAUSE] * 40) + "."
    pause = 0.15
    clip = engine(azure, clause_pause=pause).synthesize(sentence)

    assert len(azure.spoken) == 2
    assert all(len(text) <= MAX_CHARS for text in azure.spoken)
    assert " ".join(azure.spoken) == sentence
    assert clip.duration == pytest.approx(2 * speech_audio().duration + pause, abs=0.005)


def test_token_auth_exchanges_the_key_once_and_sends_only_the_token(azure):
    speaker = engine(azure, auth="token")
    speaker.synthesize("Xin chào.")
    speaker.synthesize("Tạm biệt.")

    [exchange] = azure.to(ISSUE_TOKEN)
    assert exchange.header("Ocp-Apim-Subscription-Key") == KEY
    synthesized = azure.to(SYNTHESIZE)
    assert len(synthesized) == 2
    assert all(r.header("Ocp-Apim-Subscription-Key") is None for r in synthesized)
    assert len({r.header("Authorization") for r in synthesized}) == 1


def test_a_token_azure_stopped_accepting_is_replaced_once(azure):
    speaker = engine(azure, auth="token")
    speaker.synthesize("Xin chào.")
    azure.revoke_tokens()

    speaker.synthesize("Tạm biệt.")

    assert [r.path for r in azure.requests] == [ISSUE_TOKEN, SYNTHESIZE, SYNTHESIZE, ISSUE_TOKEN, SYNTHESIZE]


@pytest.mark.parametrize("auth", ["key", "token"])
def test_a_wrong_key_is_an_authentication_failure_that_never_shows_the_key(azure, auth, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "ffffffffffffffffffffffffffffffff"

    with pytest.raises(AuthenticationFailed, match="Access denied due to invalid subscription key") as caught:
        engine(azure, key=wrong, auth=auth).synthesize("Xin chào.")

    assert caught.value.status == 401
    assert wrong not in str(caught.value) and wrong not in caplog.text


def test_429_carries_azures_retry_after(azure):
    azure.then(SYNTHESIZE, Answer.json(429, {"error": {"code": "429", "message": "Rate limit is exceeded."}},
                                       {"Retry-After": "3"}))

    with pytest.raises(Throttled, match="retry after 3 s") as caught:
        engine(azure).synthesize("Xin chào.")

    assert isinstance(caught.value, RateLimited) and caught.value.retry_after == 3.0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_service_errors(azure, status):
    azure.then(SYNTHESIZE, Answer(status))

    with pytest.raises(ServiceError, match=f"HTTP {status}") as caught:
        engine(azure).synthesize("Xin chào.")
    assert caught.value.status == status


def test_a_voice_azure_does_not_have_is_rejected_for_good(azure):
    with pytest.raises(RequestRejected, match="HTTP 400") as caught:
        engine(azure, voice="vi-VN-KhongCoNeural").synthesize("Xin chào.")
    assert not isinstance(caught.value, ServiceError)


def test_a_reply_that_is_not_audio_is_a_service_error(azure):
    azure.then(SYNTHESIZE, Answer.json(200, {"message": "maintenance"}))

    with pytest.raises(ServiceError, match="application/json instead of audio: maintenance"):
        engine(azure).synthesize("Xin chào.")


@pytest.mark.parametrize("kwargs, problem", [
    ({"key": " "}, "needs the Speech resource key"),
    ({"region": "south east asia"}, "not an Azure region"),
    ({"voice": "HoaiMy"}, "not an Azure voice name"),
    ({"output_format": "ogg-24khz-16bit-mono-opus"}, "output format must be one of"),
    ({"auth": "password"}, "'key' or 'token'"),
    ({"rate": 3}, "between 0.5 and 2"),
    ({"pitch": -20}, "between -12 and 12"),
])
def test_settings_azure_cannot_use_are_refused_at_construction(kwargs, problem):
    with pytest.raises(EngineUnavailable, match=problem):
        AzureEngine(**{"key": KEY, **kwargs})


def test_endpoints_follow_the_region():
    speaker = AzureEngine(key=KEY, region="eastasia")

    assert speaker.endpoint == "https://eastasia.tts.speech.microsoft.com/cognitiveservices/v1"
    assert speaker.token_endpoint == "https://eastasia.api.cognitive.microsoft.com/sts/v1.0/issueToken"


def test_settings_key_covers_the_sound_and_never_the_key():
    base = AzureEngine(key=KEY)
    variants = [AzureEngine(key=KEY, **change) for change in (
        {"voice": "vi-VN-NamMinhNeural"}, {"rate": 0.9}, {"pitch": 2},
        {"output_format": "audio-24khz-48kbitrate-mono-mp3"}, {"clause_pause": 0.3}, {"sample_rate": 16000},
        {"channels": 2},
    )]

    assert len({base.settings_key, *(v.settings_key for v in variants)}) == 8
    assert AzureEngine(key="other", region="eastasia", auth="token", timeout=3).settings_key == base.settings_key
    assert KEY not in base.settings_key
    assert (base.name, base.voice) == ("azure", "vi-VN-HoaiMyNeural")


def test_from_settings(azure, tmp_path, redis_url):
    (tmp_path / "azure.key").write_text(KEY, encoding="utf-8")
    settings = CloudSettings(data_dir=tmp_path, redis_url=redis_url, azure_key_file=str(tmp_path / "azure.key"),
                             azure_voice="vi-VN-NamMinhNeural", azure_region="eastasia",
                             azure_requests_per_second=20 / 60)
    speaker = AzureEngine.from_settings(settings)
    speaker.endpoint = azure.url + SYNTHESIZE

    speaker.synthesize("Xin chào.")

    assert azure.to(SYNTHESIZE)[0].header("Ocp-Apim-Subscription-Key") == KEY
    assert (speaker.voice, speaker.region) == ("vi-VN-NamMinhNeural", "eastasia")
    limit = speaker.limiter.limits["azure"]
    assert (limit.requests, limit.per_seconds) == (20, 60.0)
