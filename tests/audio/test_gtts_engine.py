"""GTTSEngine through gTTS's real code, with Google replaced at the ``requests`` layer."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
import responses

from audio.engines.gtts_engine import MAX_CHARS, GTTSEngine, pieces_for_google
from audio.errors import NoNetwork, RateLimited, ServiceError, SpeechError
from tests.audio.conftest import GOOGLE_URL, batchexecute_reply, sent_text_and_language

LONG_SENTENCE = (
    "Theo Sở Giao thông vận tải thành phố, trong ba ngày nghỉ lễ vừa qua, lượng khách đi lại "
    "qua các bến xe tăng mạnh, nhiều tuyến đường cửa ngõ ùn tắc kéo dài, lực lượng chức năng "
    "đã phân luồng từ sáng sớm đến tận đêm khuya."
)


@pytest.fixture(autouse=True)
def work_in_empty_directory(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_short_sentence_is_one_request_and_sounds_as_long_as_googles_mp3(google_speaks, spoken_mp3):
    clip = GTTSEngine(clause_pause=0.15).synthesize("Sáng nay, trời mưa to.")

    assert len(google_speaks.calls) == 1
    assert sent_text_and_language(google_speaks.calls[0].request) == ("Sáng nay, trời mưa to.", "vi")
    assert clip.duration == pytest.approx(spoken_mp3.duration, abs=0.05)
    assert (clip.sample_rate, clip.channels) == (24000, 1)


def test_long_sentence_is_cut_into_requests_of_at_most_100_characters(google_speaks, spoken_mp3):
    pause = 0.3
    clip = GTTSEngine(clause_pause=pause).synthesize(LONG_SENTENCE)

    sent = [sent_text_and_language(call.request) for call in google_speaks.calls]
    assert len(LONG_SENTENCE) > 2 * MAX_CHARS
    assert len(sent) >= 3
    assert all(language == "vi" and 0 < len(text) <= MAX_CHARS for text, language in sent)
    assert " ".join(text for text, _ in sent) == LONG_SENTENCE
    expected = len(sent) * spoken_mp3.duration + (len(sent) - 1) * pause
    assert clip.duration == pytest.approx(expected, abs=0.05 * len(sent))


def test_chunks_are_sent_exactly_as_cut_without_gtts_rewriting_them(google_speaks):
    # gTTS's default pre-processors would drop the periods after "Mr" and "St".
    text = "Bộ trưởng tiếp Mr. Smith tại St. Louis, giá xăng giảm 1.000 đồng/lít từ 15 giờ hôm nay."
    GTTSEngine().synthesize(text)

    assert [sent_text_and_language(c.request)[0] for c in google_speaks.calls] == pieces_for_google(text)


def test_a_word_longer_than_the_limit_is_still_sent_in_pieces_google_accepts(google_speaks):
    url = "https://example.vn/" + "a" * 150
    GTTSEngine().synthesize(f"Xem thêm tại {url}")

    sent = [sent_text_and_language(c.request)[0] for c in google_speaks.calls]
    assert len(sent) >= 2
    assert all(len(text) <= MAX_CHARS for text in sent)


def test_stereo_at_another_rate(google_speaks, spoken_mp3):
    clip = GTTSEngine(sample_rate=16000, channels=2).synthesize("Xin chào.")

    assert (clip.sample_rate, clip.channels) == (16000, 2)
    assert clip.duration == pytest.approx(spoken_mp3.duration, abs=0.05)


def test_request_carries_the_timeout(google_speaks):
    GTTSEngine(timeout=7.5).synthesize("Xin chào.")

    assert google_speaks.calls[0].request.req_kwargs["timeout"] == 7.5


def test_429_is_rate_limited(google):
    google.add(responses.POST, GOOGLE_URL, status=429, body="Too Many Requests")

    with pytest.raises(RateLimited):
        GTTSEngine().synthesize("Xin chào.")


@pytest.mark.parametrize("status", [500, 503, 403])
def test_other_http_errors_are_service_errors_with_the_status(google, status):
    google.add(responses.POST, GOOGLE_URL, status=status, body="error")

    with pytest.raises(ServiceError) as caught:
        GTTSEngine().synthesize("Xin chào.")
    assert caught.value.status == status
    assert not isinstance(caught.value, RateLimited)


@pytest.mark.parametrize(
    "failure", [requests.exceptions.ConnectionError("refused"), requests.exceptions.ReadTimeout("slow")]
)
def test_connection_failures_are_no_network(google, failure):
    google.add(responses.POST, GOOGLE_URL, body=failure)

    with pytest.raises(NoNetwork):
        GTTSEngine().synthesize("Xin chào.")


def test_unresolvable_host_is_no_network_without_interception():
    # ".invalid" never resolves (RFC 2606): the real socket path fails fast.
    with pytest.raises(NoNetwork, match="translate.google.invalid could not be reached"):
        GTTSEngine(tld="invalid", timeout=3).synthesize("Xin chào.")


def test_reply_without_audio_is_a_service_error(google):
    google.add(responses.POST, GOOGLE_URL, body=')]}\'\n\n25\n[["wrb.fr","jQ1olc",null]]\n', status=200)

    with pytest.raises(ServiceError):
        GTTSEngine().synthesize("Xin chào.")


def test_reply_that_is_not_mp3_is_a_service_error(google):
    google.add(responses.POST, GOOGLE_URL, body=batchexecute_reply(b"<html>not audio</html>"), status=200)

    with pytest.raises(ServiceError):
        GTTSEngine().synthesize("Xin chào.")


@pytest.mark.parametrize("text", ["", "   ", "...", " — !?", "\n"])
def test_nothing_to_say_is_a_speech_error_and_no_request(google, text):
    with pytest.raises(SpeechError, match="nothing to say"):
        GTTSEngine().synthesize(text)
    assert len(google.calls) == 0


def test_no_files_are_written_on_success_or_failure(google, spoken_mp3, work_in_empty_directory):
    google.add(responses.POST, GOOGLE_URL, body=batchexecute_reply(spoken_mp3.data))
    GTTSEngine().synthesize(LONG_SENTENCE)
    google.replace(responses.POST, GOOGLE_URL, status=503)
    with pytest.raises(ServiceError):
        GTTSEngine().synthesize(LONG_SENTENCE)

    assert files_in(work_in_empty_directory) == []


def test_one_piece_failing_fails_the_whole_sentence(google, spoken_mp3):
    google.add(responses.POST, GOOGLE_URL, body=batchexecute_reply(spoken_mp3.data))
    google.add(responses.POST, GOOGLE_URL, status=429)

    with pytest.raises(RateLimited):
        GTTSEngine().synthesize(LONG_SENTENCE)
    # the pieces go out together: each is asked once, none again after the failure
    assert len(google.calls) == len(pieces_for_google(LONG_SENTENCE))


def test_pieces_of_a_sentence_are_fetched_at_once_and_joined_in_order(google, spoken_mp3):
    delay = 0.3
    pieces = pieces_for_google(LONG_SENTENCE)
    replies = {}

    def slow_google(request):
        time.sleep(delay)
        text, _ = sent_text_and_language(request)
        replies[text] = time.monotonic()
        return 200, {}, batchexecute_reply(spoken_mp3.data)

    google.add_callback(responses.POST, GOOGLE_URL, callback=slow_google)
    started = time.monotonic()
    clip = GTTSEngine(clause_pause=0.2).synthesize(LONG_SENTENCE)
    elapsed = time.monotonic() - started

    assert len(pieces) >= 3 and sorted(replies) == sorted(pieces)
    assert elapsed < delay * (len(pieces) - 1)  # one after another would take len(pieces) × delay
    assert clip.duration == pytest.approx(len(pieces) * spoken_mp3.duration + (len(pieces) - 1) * 0.2,
                                          abs=0.05 * len(pieces))


def test_requests_verify_certificates_and_share_one_keep_alive_session(google_speaks):
    from audio.engines.http import shared_session

    GTTSEngine().synthesize(LONG_SENTENCE)
    GTTSEngine().synthesize("Xin chào.")

    assert all(call.request.req_kwargs["verify"] is True for call in google_speaks.calls)
    session = shared_session()
    assert session is shared_session()
    adapter = session.get_adapter(GOOGLE_URL)
    assert adapter.poolmanager.connection_pool_kw["maxsize"] >= 8  # every piece in flight keeps its connection


def test_a_process_keeps_at_most_eight_requests_open(google, spoken_mp3):
    import threading

    from audio.engines import gtts_engine

    open_now, most = 0, 0
    lock = threading.Lock()

    def counting_google(request):
        nonlocal open_now, most
        with lock:
            open_now += 1
            most = max(most, open_now)
        time.sleep(0.1)
        with lock:
            open_now -= 1
        return 200, {}, batchexecute_reply(spoken_mp3.data)

    google.add_callback(responses.POST, GOOGLE_URL, callback=counting_google)
    engine = GTTSEngine()
    threads = [threading.Thread(target=engine.synthesize, args=(LONG_SENTENCE,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(google.calls) == 6 * len(pieces_for_google(LONG_SENTENCE)) > gtts_engine.IN_FLIGHT
    assert most == gtts_engine.IN_FLIGHT


def test_probe_true_when_google_answers_with_audio(google_speaks):
    assert GTTSEngine().probe(timeout=3) is True
    assert sent_text_and_language(google_speaks.calls[0].request) == ("xin chào", "vi")
    assert google_speaks.calls[0].request.req_kwargs["timeout"] == 3


@pytest.mark.parametrize(
    "reply",
    [
        {"status": 429},
        {"status": 503},
        {"body": requests.exceptions.ConnectionError("no route")},
    ],
)
def test_probe_false_when_google_fails(google, reply):
    google.add(responses.POST, GOOGLE_URL, **reply)

    assert GTTSEngine().probe(timeout=3) is False


def test_probe_gives_up_after_its_timeout_even_if_the_request_hangs(google):
    def hang(_request):
        time.sleep(2)
        return (503, {}, "late")

    google.add_callback(responses.POST, GOOGLE_URL, callback=hang)

    # Only the probe's own deadline gives this answer: the request itself ends later, with a 503.
    assert GTTSEngine().probe_failure(timeout=0.3) == "translate.google.com.vn did not answer within 0.3 s"


def test_settings_key_changes_with_everything_that_changes_the_sound():
    base = GTTSEngine()
    variants = [
        GTTSEngine(tld="com"),
        GTTSEngine(clause_pause=0.4),
        GTTSEngine(sample_rate=44100),
        GTTSEngine(channels=2),
    ]
    keys = {base.settings_key, *(engine.settings_key for engine in variants)}
    assert len(keys) == 5
    assert "lang=vi" in base.settings_key
    assert GTTSEngine(timeout=99).settings_key == base.settings_key
    assert (base.name, base.voice) == ("gtts", "vi")
