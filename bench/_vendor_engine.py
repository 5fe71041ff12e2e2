"""Azure Speech pointed at a benchmark's local stand-in, as a plug-in engine: ``bench._vendor_engine:BenchAzure``.

The worker processes a benchmark starts build it as every plug-in is built (``cls(settings)``);
where the stand-in listens, its key and the requests per second allowed come from the
environment the benchmark gives them (``BENCH_VENDOR_URL``, ``BENCH_VENDOR_KEY``,
``BENCH_VENDOR_RPS``, and ``BENCH_VENDOR_MARGIN`` to try another window margin). The rate limiter is the one every cloud engine uses, shared through the
workers' Redis under their key prefix.

Each request carries the moment the limiter let it go (``X-Bench-Allowed-At``), so the stand-in
can tell how long a request took from the limiter to the vendor's door.
"""
from __future__ import annotations

import os
import threading
import time

from audio.engines.azure import VENDOR, AzureEngine
from audio.engines.http import Reply, call
from audio.engines.ratelimit import TRANSIT_MARGIN, RateLimit, RateLimiter, redis_client

URL_VARIABLE = "BENCH_VENDOR_URL"
KEY_VARIABLE = "BENCH_VENDOR_KEY"
RPS_VARIABLE = "BENCH_VENDOR_RPS"
MARGIN_VARIABLE = "BENCH_VENDOR_MARGIN"  # seconds added to the limiter's window; unset: the limiter's default
SYNTHESIZE_PATH = "/cognitiveservices/v1"
SENT_HEADER = "X-Bench-Allowed-At"  # time.monotonic() when the limiter let the request go (one clock per machine)
MAX_WAIT = 20.0  # seconds a request waits for the shared limit before the task is retried later


class BenchAzure(AzureEngine):
    """Azure Speech on the stand-in at ``$BENCH_VENDOR_URL``, limited to ``$BENCH_VENDOR_RPS`` requests a second."""

    def __init__(self, settings) -> None:
        limit = RateLimit.per_second(float(os.environ[RPS_VARIABLE]))
        margin = os.environ.get(MARGIN_VARIABLE)
        limiter = RateLimiter(redis_client(settings.redis_url), {self.name: limit}, max_wait=MAX_WAIT,
                              prefix=f"{settings.key_prefix}loa:ratelimit",
                              margin=float(margin) if margin else TRANSIT_MARGIN)
        super().__init__(
            key=os.environ[KEY_VARIABLE], clause_pause=settings.pause_clause_ms / 1000,
            sample_rate=settings.sample_rate, channels=settings.channels, timeout=15.0, limiter=limiter,
            endpoint=os.environ[URL_VARIABLE].rstrip("/") + SYNTHESIZE_PATH,
        )

    _allowed = threading.local()

    def fetch(self, text: str) -> tuple[bytes, str]:
        self._allowed.at = time.monotonic()  # fetch is called as soon as the limiter lets the request go
        return super().fetch(text)

    def _post(self, document: bytes) -> Reply:
        """Azure's request with key authentication, marked with the moment the limiter let it go."""
        headers = {"Ocp-Apim-Subscription-Key": self._key, "Content-Type": "application/ssml+xml",
                   "X-Microsoft-OutputFormat": self.output_format,
                   SENT_HEADER: f"{getattr(self._allowed, 'at', time.monotonic()):.6f}"}
        return call("POST", self.endpoint, vendor=VENDOR, timeout=self.timeout, secrets=self._secrets(),
                    headers=headers, data=document)
