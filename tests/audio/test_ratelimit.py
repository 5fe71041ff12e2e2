"""The Redis-shared rate limiter: several worker processes against one real Redis and one counting vendor."""
from __future__ import annotations

import doctest
import logging
import multiprocessing
import socket
import time
import uuid

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

import audio.engines.backoff as backoff
import audio.engines.ratelimit as ratelimit
from audio.engines.http import Throttled
from audio.engines.ratelimit import (
    MAX_PUSH_BACK,
    PACE_AHEAD,
    TRANSIT_MARGIN,
    RateLimit,
    RateLimiter,
    redis_client,
)
from audio.engines.viettel import ViettelEngine
from audio.errors import RateLimited
from tests.audio.fakes.server import Answer, speech_audio
from tests.audio.fakes.viettel import SYNTHESIZE, FakeViettel

TOKEN = "rate-limit-test-token-0123456789"
FORK = multiprocessing.get_context("fork")


@pytest.fixture(scope="module")
def viettel():
    speech_audio()  # made before any fork, so children do not each make it
    fake = FakeViettel(speech_audio(), TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def fresh(viettel):
    viettel.reset()


@pytest.fixture
def make_limiter(redis_url):
    """Limiters on the test Redis, each test under its own key prefix."""
    prefix = f"loa:test:{uuid.uuid4().hex}"

    def make(limits: dict[str, RateLimit], max_wait: float = 20.0) -> RateLimiter:
        return RateLimiter(redis_client(redis_url), limits, max_wait=max_wait, prefix=prefix)

    return make


def most_in_any_window(times: list[float], window: float) -> int:
    """The largest number of ``times`` inside any half-open window of ``window`` seconds."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times))


def speak_in_a_child(url: str, make_limiter, limits: dict[str, RateLimit], sentences: int) -> None:
    """One worker process: its own engine and limiter, saying ``sentences`` sentences, retrying when told to wait."""
    limiter = make_limiter(limits)
    speaker = ViettelEngine(token=TOKEN, endpoint=url + SYNTHESIZE, limiter=limiter)
    said = 0
    while said < sentences:
        try:
            speaker.synthesize(f"Câu số {said}.")
            said += 1
        except Throttled:
            continue


def run_workers(count: int, target, *args) -> None:
    workers = [FORK.Process(target=target, args=args) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0] * count


def test_three_workers_together_never_exceed_the_requests_per_second(viettel, make_limiter):
    limits = {"viettel": RateLimit(requests=5, per_seconds=1.0)}

    run_workers(3, speak_in_a_child, viettel.url, make_limiter, limits, 4)

    arrivals = [r.received_at for r in viettel.to(SYNTHESIZE)]
    assert len(arrivals) == 12
    # Counted at the vendor's door over whole seconds: the window's margin covers the time on the way.
    assert most_in_any_window(arrivals, 1.0) <= 5
    assert most_in_any_window(arrivals, 1.0 + 2 * TRANSIT_MARGIN) >= 5  # and the limit is used, not starved


def test_a_vendors_retry_after_holds_back_every_worker(viettel, make_limiter):
    limits: dict[str, RateLimit] = {}
    refusal = Answer.json(429, {"code": 429, "message": "Too many requests"}, {"Retry-After": "1"})
    viettel.then(SYNTHESIZE, *[refusal] * (1 + ViettelEngine.throttle_retries))
    parent = ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE, limiter=make_limiter(limits))

    with pytest.raises(Throttled):
        parent.synthesize("Câu đầu.")  # refused, retried after the wait twice, refused again: back to the worker
    refusals = [r.received_at for r in viettel.to(SYNTHESIZE)]
    assert len(refusals) == 1 + ViettelEngine.throttle_retries
    assert all(later - earlier >= 0.99 for earlier, later in zip(refusals, refusals[1:], strict=False))
    refused_at = refusals[-1]
    assert 0 < parent.limiter.blocked_for("viettel") <= 1.0

    run_workers(2, speak_in_a_child, viettel.url, make_limiter, limits, 1)

    later = [r.received_at for r in viettel.to(SYNTHESIZE)[len(refusals):]]
    assert len(later) == 2
    assert min(later) - refused_at >= 0.95  # nobody spoke to the vendor before it said it would listen


def test_a_429_without_retry_after_still_holds_everyone_back_briefly(viettel, make_limiter):
    viettel.then(SYNTHESIZE, *[Answer(429)] * (1 + ViettelEngine.throttle_retries))
    limiter = make_limiter({})
    speaker = ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE, limiter=limiter)

    with pytest.raises(RateLimited):
        speaker.synthesize("Xin chào.")

    assert 0 < limiter.blocked_for("viettel") <= 1.0


def test_when_the_next_slot_is_further_than_max_wait_acquire_says_how_long(make_limiter):
    limiter = make_limiter({"azure": RateLimit(requests=2, per_seconds=1.0)}, max_wait=0)
    limiter.acquire("azure", 10)
    limiter.acquire("azure", 10)

    with pytest.raises(Throttled, match="next request in") as caught:
        limiter.acquire("azure", 10)

    assert isinstance(caught.value, RateLimited)
    assert 1.0 < caught.value.retry_after <= 1.0 + TRANSIT_MARGIN  # the window and its margin


def test_acquire_waits_for_a_slot_within_max_wait(make_limiter):
    limiter = make_limiter({"fpt": RateLimit(requests=1, per_seconds=0.3)}, max_wait=2)

    assert limiter.acquire("fpt", 10) == pytest.approx(0, abs=0.05)
    assert limiter.acquire("fpt", 10) >= 0.25


def test_characters_per_minute_count_every_request_in_the_last_minute(make_limiter):
    limiter = make_limiter({"google-cloud": RateLimit(chars_per_minute=100)}, max_wait=0)
    limiter.acquire("google-cloud", 60)

    with pytest.raises(Throttled) as caught:
        limiter.acquire("google-cloud", 60)
    assert 58 < caught.value.retry_after <= 60

    limiter.acquire("google-cloud", 40)  # still fits: 60 + 40
    with pytest.raises(Throttled):
        limiter.acquire("google-cloud", 1)


def test_one_request_over_the_whole_minute_budget_goes_alone_when_the_minute_is_empty(make_limiter):
    limiter = make_limiter({"viettel": RateLimit(chars_per_minute=100)}, max_wait=0)

    limiter.acquire("viettel", 500)
    with pytest.raises(Throttled):
        limiter.acquire("viettel", 1)


def test_engines_have_separate_windows(make_limiter):
    limiter = make_limiter({"azure": RateLimit(requests=1), "fpt": RateLimit(requests=1)}, max_wait=0)
    limiter.acquire("azure", 1)

    limiter.acquire("fpt", 1)
    limiter.push_back("fpt", 30)
    with pytest.raises(Throttled):
        limiter.acquire("azure", 1)
    assert limiter.blocked_for("azure") == 0


def test_a_push_back_is_never_shortened_and_is_capped(make_limiter):
    limiter = make_limiter({})

    assert limiter.push_back("azure", 20) == pytest.approx(20, abs=0.01)
    assert limiter.push_back("azure", 1) == pytest.approx(20, abs=0.05)
    assert limiter.push_back("azure", 10 ** 7) == pytest.approx(MAX_PUSH_BACK, abs=0.01)


def test_without_redis_requests_go_through_with_a_warning(caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))
    limiter = RateLimiter(client, {"azure": RateLimit(requests=1)}, max_wait=0)
    caplog.set_level(logging.WARNING, logger="loa.audio")

    limiter.acquire("azure", 10)
    limiter.acquire("azure", 10)  # over the limit, had Redis counted; not even asked again for a while
    limiter.push_back("azure", 5)

    assert [r.getMessage() for r in caplog.records] == [
        "azure: rate limits not shared for 30 s, Redis is unreachable (ConnectionError)"
    ]


@pytest.mark.parametrize("bad", [
    {"requests": -1}, {"chars_per_minute": -5}, {"per_seconds": 0},
])
def test_impossible_limits_are_refused(bad):
    with pytest.raises(ValueError):
        RateLimit(**bad)


def test_a_short_retry_after_is_waited_out_with_jitter_within_the_request(viettel, make_limiter):
    viettel.then(SYNTHESIZE, Answer.json(429, {"code": 429, "message": "Too many requests"}, {"Retry-After": "1"}))
    limiter = make_limiter({})
    speaker = ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE, limiter=limiter)

    speaker.synthesize("Câu đầu.")  # the vendor's second answer is the speech

    refused, spoken = (r.received_at for r in viettel.to(SYNTHESIZE))
    assert 1.0 <= spoken - refused <= 1.0 + 0.25 + 0.2  # the wait asked for, its jitter, the way there


def test_a_long_retry_after_goes_back_to_the_worker_at_once(viettel, make_limiter):
    viettel.then(SYNTHESIZE, Answer.json(429, {"code": 429, "message": "Quota exceeded"}, {"Retry-After": "30"}))
    limiter = make_limiter({})
    speaker = ViettelEngine(token=TOKEN, endpoint=viettel.url + SYNTHESIZE, limiter=limiter)

    with pytest.raises(Throttled) as caught:
        speaker.synthesize("Câu đầu.")

    assert caught.value.retry_after == 30.0 and len(viettel.to(SYNTHESIZE)) == 1
    assert 29 < limiter.blocked_for("viettel") <= 30


def test_the_request_window_is_a_margin_longer_than_the_vendors(make_limiter):
    limiter = make_limiter({"azure": RateLimit(requests=1, per_seconds=0.2)}, max_wait=2)

    limiter.acquire("azure", 10)
    assert 0.2 + TRANSIT_MARGIN - 0.01 <= limiter.acquire("azure", 10) <= 0.2 + TRANSIT_MARGIN + 0.1


def test_a_per_second_limit_is_paced_one_slot_at_a_time_after_a_short_head_start(make_limiter):
    limiter = make_limiter({"azure": RateLimit(requests=10, per_seconds=1.0)}, max_wait=5)
    slot = (1.0 + TRANSIT_MARGIN) / 10

    started = time.monotonic()
    let_go = []
    for _ in range(8):
        limiter.acquire("azure", 10)
        let_go.append(time.monotonic() - started)

    head_start = 1 + PACE_AHEAD  # its own slot and the ones it may take early
    assert let_go[head_start - 1] < 0.05  # after a quiet spell, a few go at once
    # then one a slot: request k never before slot k - PACE_AHEAD, and late ones are caught up
    assert all(let_go[k] >= (k - PACE_AHEAD) * slot - 0.01 for k in range(8)), let_go
    assert let_go[-1] <= (7 - PACE_AHEAD) * slot + 0.1, let_go


def test_a_per_minute_quota_may_be_spent_at_once(make_limiter):
    limiter = make_limiter({"azure": RateLimit(requests=20, per_seconds=60.0)}, max_wait=0)

    for _ in range(20):
        limiter.acquire("azure", 10)
    with pytest.raises(Throttled):
        limiter.acquire("azure", 10)


def test_jittered_backoff_spreads_workers_refused_together():
    waits = [backoff.retry_wait(1.0, 0, 0.25, 4.0) for _ in range(200)]

    assert all(1.0 <= w <= 1.25 for w in waits)
    assert max(waits) - min(waits) > 0.15  # not all at the same instant
    assert backoff.retry_wait(None, 20, 0.25, 4.0) <= 4.0  # capped however many times it was refused
    with pytest.raises(ValueError):
        backoff.jittered(-1, 0.25, 4.0)


@pytest.mark.parametrize("module", [ratelimit, backoff])
def test_doctests_pass(module):
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted >= 3
