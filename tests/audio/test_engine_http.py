"""The cloud engines' HTTP layer: one kept-alive connection per process, a fresh one after fork, guarded replies."""
from __future__ import annotations

import doctest
import multiprocessing
import time

import pytest

import audio.engines.azure
import audio.engines.http as http
import audio.engines.pieces
from audio.engines.http import RequestRejected, call, shared_session
from audio.engines.viettel import ViettelEngine
from audio.errors import NoNetwork, ServiceError
from tests.audio.fakes.server import Answer, FakeService, Request, speech_audio
from tests.audio.fakes.viettel import SYNTHESIZE, FakeViettel

TOKEN = "http-test-token-0123456789abcdef"


class Slow(FakeService):
    def answer(self, request: Request) -> Answer:
        time.sleep(0.5)
        return Answer(200, b"late")


@pytest.fixture(scope="module")
def viettel():
    speech_audio()
    fake = FakeViettel(speech_audio(), TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def fresh(viettel):
    viettel.reset()


def ports(fake: FakeService) -> list[int]:
    return [r.client_port for r in fake.requests]


def test_requests_from_one_process_share_one_kept_alive_connection(viettel):
    ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE).synthesize("Xin chào.")
    ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE).synthesize("Tạm biệt.")

    assert len(set(ports(viettel))) == 1


def speak_once(url: str) -> None:
    ViettelEngine(token=TOKEN, endpoint=url + SYNTHESIZE).synthesize("Từ tiến trình con.")


def test_a_forked_worker_opens_its_own_connection_and_leaves_the_parents_alone(viettel):
    speaker = ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE)
    speaker.synthesize("Trước khi fork.")

    child = multiprocessing.get_context("fork").Process(target=speak_once, args=(viettel.url,))
    child.start()
    child.join(timeout=30)
    speaker.synthesize("Sau khi fork.")

    assert child.exitcode == 0
    before, in_child, after = ports(viettel)
    assert in_child != before  # the copied socket was not used by the child
    assert after == before  # and the parent's connection is still whole and reused


def test_the_session_is_the_same_object_within_a_process():
    assert shared_session() is shared_session()
    assert shared_session().headers["User-Agent"].startswith("Loa/")


def test_an_api_redirect_is_not_followed_so_the_key_stays_home(viettel):
    viettel.then(SYNTHESIZE, Answer(307, b"", {"Location": viettel.url + "/elsewhere"}))

    with pytest.raises(RequestRejected, match="HTTP 307"):
        ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE).synthesize("Xin chào.")
    assert viettel.to("/elsewhere") == []


def test_a_reply_larger_than_accepted_is_refused(viettel):
    with pytest.raises(ServiceError, match="announced a reply of .* bytes, over the 100 accepted"):
        call("POST", viettel.url + SYNTHESIZE, vendor="Viettel AI", timeout=5, json_body={}, max_bytes=100)


def test_a_reply_that_hides_its_size_is_still_cut_off_at_the_limit(viettel):
    viettel.then("/big", Answer(200, b"x" * 5000, {"Transfer-Encoding": "chunked"}))

    with pytest.raises(ServiceError, match="sent a reply over the 1000 bytes accepted"):
        call("GET", viettel.url + "/big", vendor="Viettel AI", timeout=5, max_bytes=1000)


def test_a_vendor_slower_than_the_timeout_is_no_network():
    slow = Slow().start()
    try:
        with pytest.raises(NoNetwork, match=r"did not answer within 0.2 s"):
            call("GET", slow.url + "/", vendor="Slow", timeout=0.2)
    finally:
        slow.stop()


@pytest.mark.parametrize("kwargs, problem", [
    ({"clause_pause": -0.1}, "clause pause cannot be negative"),
    ({"channels": 3}, "channels 1 or 2"),
    ({"sample_rate": 0}, "sample_rate must be positive"),
    ({"timeout": 0}, "timeout must be longer than zero"),
])
def test_impossible_audio_settings_are_refused(kwargs, problem):
    with pytest.raises(ValueError, match=problem):
        ViettelEngine(token=TOKEN, **kwargs)


def test_a_piece_limit_too_small_for_one_character_is_refused():
    with pytest.raises(ValueError, match="below 4"):
        audio.engines.pieces.pieces("Xin chào", 3)


@pytest.mark.parametrize("module", [http, audio.engines.pieces, audio.engines.azure])
def test_doctests_pass(module):
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
