"""GoogleCloudEngine end to end against a local Google: API key and service-account tokens, limits, errors."""
from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from audio.engines.google_cloud import GoogleCloudEngine
from audio.engines.http import AuthenticationFailed, RequestRejected, Throttled
from audio.errors import EngineUnavailable, NoNetwork, RateLimited, ServiceError, SpeechError
from tests.audio.fakes.google_cloud import SYNTHESIZE, TOKEN, FakeGoogleCloud, google_error
from tests.audio.fakes.server import Answer, speech_audio
from tests.audio.fakes.settings import CloudSettings

API_KEY = "AIzaSyD-loa-test-key-0123456789abcdef"
CLAUSE = "người dân ở phường Bến Nghé được hướng dẫn đi đường vòng để tránh ùn tắc kéo dài"
# Over Google's 5,000 bytes in UTF-8 while under 5,000 characters: only counting bytes cuts it right.
LONG_SENTENCE = ", ".join([CLAUSE] * 60) + "."


@pytest.fixture(scope="module")
def google():
    fake = FakeGoogleCloud(speech_audio(), API_KEY).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def fresh(google):
    google.reset()
    google.revoke_tokens()


def engine(google: FakeGoogleCloud, **kwargs) -> GoogleCloudEngine:
    kwargs.setdefault("api_key", API_KEY)
    return GoogleCloudEngine(endpoint=google.url + SYNTHESIZE, **kwargs)


@pytest.fixture
def key_file(google, tmp_path) -> Path:
    path = tmp_path / "loa-tts-sa.json"
    path.write_text(json.dumps(google.service_account()), encoding="utf-8")
    return path


def test_a_sentence_is_one_request_with_the_key_in_a_header_and_comes_back_as_long_as_googles_audio(google):
    clip = engine(google).synthesize("Sáng nay, trời mưa to.")

    [request] = google.to(SYNTHESIZE)
    assert request.header("X-Goog-Api-Key") == API_KEY
    assert request.query == {}  # never ?key=: URLs end up in proxy and access logs
    assert request.json() == {
        "input": {"text": "Sáng nay, trời mưa to."},
        "voice": {"languageCode": "vi-VN", "name": "vi-VN-Neural2-A"},
        "audioConfig": {"audioEncoding": "LINEAR16", "speakingRate": 1.0, "sampleRateHertz": 24000, "pitch": 0.0},
    }
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.002)
    assert (clip.sample_rate, clip.channels) == (24000, 1)


def test_mp3_at_another_rate_in_stereo(google):
    clip = engine(google, encoding="MP3", sample_rate=44100, channels=2, speaking_rate=1.2,
                  pitch=-2.5).synthesize("Xin chào.")

    audio_config = google.to(SYNTHESIZE)[0].json()["audioConfig"]
    assert audio_config == {"audioEncoding": "MP3", "speakingRate": 1.2, "pitch": -2.5, "sampleRateHertz": 44100}
    assert (clip.sample_rate, clip.channels) == (44100, 2)
    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.05)


def test_a_sentence_over_5000_bytes_is_cut_at_commas_into_pieces_google_accepts(google):
    assert len(LONG_SENTENCE) < 5000 < len(LONG_SENTENCE.encode("utf-8"))
    pause = 0.2
    clip = engine(google, clause_pause=pause).synthesize(LONG_SENTENCE)

    sent = [r.json()["input"]["text"] for r in google.to(SYNTHESIZE)]
    assert len(sent) == 2
    assert all(len(text.encode("utf-8")) <= 5000 and text.endswith((",", ".")) for text in sent)
    assert " ".join(sent) == LONG_SENTENCE
    assert clip.duration == pytest.approx(2 * speech_audio().duration + pause, abs=0.005)


def test_a_service_account_signs_a_jwt_for_a_token_that_is_reused_until_it_expires(google, key_file):
    speaker = GoogleCloudEngine(credentials_file=key_file, endpoint=google.url + SYNTHESIZE)
    speaker.synthesize("Xin chào.")
    speaker.synthesize("Tạm biệt.")

    assert len(google.to(TOKEN)) == 1  # the fake verified the RS256 signature, issuer, audience and scope
    bearers = {r.header("Authorization") for r in google.to(SYNTHESIZE)}
    assert len(bearers) == 1 and bearers.pop().startswith("Bearer ya29.")
    assert all(r.header("X-Goog-Api-Key") is None for r in google.to(SYNTHESIZE))


def test_a_token_google_no_longer_accepts_is_replaced_once(google, key_file):
    speaker = GoogleCloudEngine(credentials_file=key_file, endpoint=google.url + SYNTHESIZE)
    speaker.synthesize("Xin chào.")
    google.revoke_tokens()

    clip = speaker.synthesize("Tạm biệt.")

    assert clip.duration == pytest.approx(speech_audio().duration, abs=0.002)
    assert [r.path for r in google.requests] == [TOKEN, SYNTHESIZE, SYNTHESIZE, TOKEN, SYNTHESIZE]


def test_a_key_file_google_refuses_is_an_authentication_failure_that_quotes_no_key(google, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = stranger.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    path = tmp_path / "other.json"
    path.write_text(json.dumps({**google.service_account(), "private_key": pem}), encoding="utf-8")

    with pytest.raises(AuthenticationFailed, match="invalid_grant Invalid JWT Signature") as caught:
        GoogleCloudEngine(credentials_file=path, endpoint=google.url + SYNTHESIZE).synthesize("Xin chào.")

    assert isinstance(caught.value, EngineUnavailable)  # not retried: it cannot get better by itself
    body = pem.splitlines()[1]
    assert body not in str(caught.value) and body not in caplog.text
    assert google.to(SYNTHESIZE) == []


@pytest.mark.parametrize("content, problem", [
    ("not json", "is not JSON"),
    (json.dumps({"type": "authorized_user", "client_id": "x"}), "is not a Google service-account key file"),
    (json.dumps({"type": "service_account", "client_email": "a@b"}), "lacks private_key, token_uri"),
    (json.dumps({"type": "service_account", "client_email": "a@b", "token_uri": "https://oauth2.example/token",
                 "private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}),
     "private key in .* cannot be read"),
])
def test_a_broken_key_file_is_named_at_construction(tmp_path, content, problem):
    path = tmp_path / "sa.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(EngineUnavailable, match=problem):
        GoogleCloudEngine(credentials_file=path)


def test_a_missing_key_file_or_one_without_an_rsa_key_is_named(tmp_path, google):
    from cryptography.hazmat.primitives.asymmetric import ec

    with pytest.raises(EngineUnavailable, match="cannot read the Google service-account file .*absent.json"):
        GoogleCloudEngine(credentials_file=tmp_path / "absent.json")
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    path = tmp_path / "ec.json"
    path.write_text(json.dumps({**google.service_account(), "private_key": pem.decode()}), encoding="utf-8")
    with pytest.raises(EngineUnavailable, match="is not an RSA key"):
        GoogleCloudEngine(credentials_file=path)


def test_a_token_reply_without_a_token_is_a_service_error(google, key_file):
    google.then(TOKEN, Answer.json(200, {"token_type": "Bearer"}))

    with pytest.raises(ServiceError, match="without an access token"):
        GoogleCloudEngine(credentials_file=key_file, endpoint=google.url + SYNTHESIZE).synthesize("Xin chào.")


def test_a_wrong_api_key_is_an_authentication_failure_without_the_key_anywhere(google, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "AIzaSyD-revoked-key-does-not-work"

    with pytest.raises(AuthenticationFailed, match="API key not valid") as caught:
        engine(google, api_key=wrong).synthesize("Xin chào.")

    assert caught.value.status == 400
    assert not isinstance(caught.value, ServiceError)
    assert wrong not in str(caught.value) and wrong not in caplog.text


def test_429_is_rate_limited_with_googles_retry_after(google):
    google.then(SYNTHESIZE, google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded", headers={"Retry-After": "7"}))

    with pytest.raises(Throttled, match="retry after 7 s: RESOURCE_EXHAUSTED 429 Quota exceeded") as caught:
        engine(google).synthesize("Xin chào.")

    assert isinstance(caught.value, RateLimited)
    assert caught.value.retry_after == 7.0


@pytest.mark.parametrize("status, name", [(500, "INTERNAL"), (503, "UNAVAILABLE"), (504, "DEADLINE_EXCEEDED")])
def test_server_errors_are_service_errors_worth_retrying(google, status, name):
    google.then(SYNTHESIZE, google_error(status, name, "The service is currently unavailable."))

    with pytest.raises(ServiceError, match=f"HTTP {status}: {name}") as caught:
        engine(google).synthesize("Xin chào.")
    assert caught.value.status == status


def test_a_voice_google_does_not_have_is_rejected_for_good(google):
    with pytest.raises(RequestRejected, match="Voice 'vi-VN-Neural2-Z' does not exist") as caught:
        engine(google, voice="vi-VN-Neural2-Z").synthesize("Xin chào.")

    assert caught.value.status == 400
    assert not isinstance(caught.value, ServiceError)


def test_a_project_without_the_api_enabled_is_an_authentication_failure(google):
    google.then(SYNTHESIZE, google_error(403, "PERMISSION_DENIED", "Cloud Text-to-Speech API has not been used in "
                                         "project 1049 before or it is disabled.", reason="SERVICE_DISABLED"))

    with pytest.raises(AuthenticationFailed, match="HTTP 403.*PERMISSION_DENIED 403 Cloud Text-to-Speech API"):
        engine(google).synthesize("Xin chào.")


def test_chirp_hd_voices_are_asked_without_a_pitch(google):
    engine(google, voice="vi-VN-Chirp3-HD-Aoede").synthesize("Xin chào.")

    assert "pitch" not in google.to(SYNTHESIZE)[0].json()["audioConfig"]


@pytest.mark.parametrize("reply, problem", [
    (Answer.json(200, {"timepoints": []}), "without audioContent"),
    (Answer.json(200, {"audioContent": "@@not base64@@"}), "not base64"),
    (Answer.json(200, {"audioContent": "PGh0bWw+bm90IGF1ZGlvPC9odG1sPg=="}), "ffmpeg cannot decode"),
    (Answer.json(200, {"audioContent": ""}), "without any audio"),
])
def test_a_reply_without_usable_audio_is_a_service_error(google, reply, problem):
    google.then(SYNTHESIZE, reply)

    with pytest.raises(ServiceError, match=problem):
        engine(google).synthesize("Xin chào.")


def test_an_unreachable_endpoint_is_no_network():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there

    with pytest.raises(NoNetwork, match=f"127.0.0.1:{port}"):
        GoogleCloudEngine(api_key=API_KEY, endpoint=f"http://127.0.0.1:{port}{SYNTHESIZE}").synthesize("Xin chào.")


@pytest.mark.parametrize("text", ["", "  ", "...", " — !?"])
def test_nothing_to_say_sends_nothing(google, text):
    with pytest.raises(SpeechError, match="nothing to say"):
        engine(google).synthesize(text)
    assert google.requests == []


@pytest.mark.parametrize("kwargs, problem", [
    ({"api_key": ""}, "needs an API key or a service-account key file"),
    ({"voice": "Neural2-A"}, "not a Google voice name"),
    ({"encoding": "OGG_OPUS"}, "must be one of MP3, LINEAR16"),
    ({"speaking_rate": 5}, "between 0.25 and 4"),
    ({"pitch": 21}, "between -20 and 20"),
    ({"voice": "vi-VN-Chirp3-HD-Aoede", "pitch": 2}, "take no pitch"),
])
def test_settings_google_cannot_use_are_refused_at_construction(kwargs, problem):
    with pytest.raises(EngineUnavailable, match=problem):
        GoogleCloudEngine(**{"api_key": API_KEY, **kwargs})


def test_settings_key_covers_the_sound_and_never_the_key():
    base = GoogleCloudEngine(api_key=API_KEY)
    variants = [GoogleCloudEngine(api_key=API_KEY, **change) for change in (
        {"voice": "vi-VN-Wavenet-A"}, {"speaking_rate": 0.9}, {"pitch": 1}, {"encoding": "MP3"},
        {"clause_pause": 0.3}, {"sample_rate": 48000}, {"channels": 2},
    )]

    assert len({base.settings_key, *(v.settings_key for v in variants)}) == 8
    assert GoogleCloudEngine(api_key="AIzaSyOther", timeout=60).settings_key == base.settings_key
    assert API_KEY not in base.settings_key
    assert (base.name, base.voice) == ("google-cloud", "vi-VN-Neural2-A")


def test_from_settings_reads_the_key_from_its_file(google, tmp_path, redis_url):
    (tmp_path / "google.key").write_text(API_KEY + "\n", encoding="utf-8")
    settings = CloudSettings(data_dir=tmp_path, redis_url=redis_url, google_cloud_api_key_file=str(tmp_path / "google.key"),
                             google_cloud_voice="vi-VN-Wavenet-A", google_cloud_encoding="MP3", pause_clause_ms=250)
    speaker = GoogleCloudEngine.from_settings(settings)
    speaker.endpoint = google.url + SYNTHESIZE

    speaker.synthesize("Xin chào.")

    assert google.to(SYNTHESIZE)[0].header("X-Goog-Api-Key") == API_KEY
    assert (speaker.voice, speaker.encoding, speaker.clause_pause) == ("vi-VN-Wavenet-A", "MP3", 0.25)
    assert speaker.limiter is not None and speaker.limiter.limits["google-cloud"].requests == 16
