"""Sign-in benchmark: how fast the API answers while 30 staff sign in at once.

Usage: python bench/sign_in.py [--concurrency 30] [--seconds 8] [--redis URL]

Serves the app with uvicorn in a process of its own (temporary data directory, one staff account,
Redis from ``--redis``, ``LOA_REDIS_URL`` or a throwaway ``redis-server``), twice:

* ``on the loop``: argon2 checked on the event loop, as Loa did before the password pool;
* ``pool``: argon2 on the app's bounded password pool (``web.workpool``), as Loa does now.

For each it measures ``GET /api/segments`` one request after another, first with nothing else
going on, then while ``--concurrency`` clients sign in (form, then the right password) over and
over. Prints a table and writes ``bench/results/sign_in.json``. The target: with the pool, the
API's 95th percentile under load stays under 250 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import httpx  # noqa: E402

from bench._redis import free_port, redis_for_bench  # noqa: E402
from bench._results import write_results  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "sign_in.json"
MODES = ("on the loop", "pool")
TARGET_P95_MS = 250.0
USERNAME, PASSWORD = "bien-tap", "mat-khau-do-tai-1"
PROBE = "/api/segments"


# The server side ------------------------------------------------------------------------------

class OnTheLoop:
    """Stands in for the password pool and runs the check right on the event loop (the old way)."""

    async def run(self, function: Callable[..., Any], *args: object) -> Any:
        return function(*args)

    def close(self) -> None:
        pass


def serve(mode: str, port: int) -> None:
    import uvicorn

    from web.app import create_app

    app = create_app()
    if mode == "on the loop":
        app.state.password_pool = OnTheLoop()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", proxy_headers=False)


# The client side ------------------------------------------------------------------------------

def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"sign_in: {what} did not come up in {seconds:g} s")
        time.sleep(0.1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def probe(base_url: str, stop: threading.Event, latencies: list[float], limit: int | None = None) -> None:
    """Ask the API one request after another, 20 ms apart, until told to stop (or ``limit`` answers)."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        while not stop.is_set() and (limit is None or len(latencies) < limit):
            started = time.perf_counter()
            response = client.get(PROBE)
            latencies.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
            time.sleep(0.02)


async def sign_in_loop(base_url: str, stop: threading.Event, counts: list[int]) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        while not stop.is_set():
            form = await client.get("/dang-nhap")
            token = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert token, form.text
            answer = await client.post("/dang-nhap", data={"csrf": token.group(1), "username": USERNAME,
                                                           "password": PASSWORD, "next": "/"})
            if answer.status_code != 303:
                raise SystemExit(f"sign_in: sign-in answered {answer.status_code}")
            counts.append(1)
            client.cookies.clear()


def measure(mode: str, env: dict[str, str], concurrency: int, seconds: float, log: Path) -> dict[str, Any]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log, "ab") as out:
        server = subprocess.Popen([sys.executable, __file__, "--serve", mode, "--port", str(port)], env=env,
                                  cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        def up() -> bool:
            try:
                return httpx.get(base_url + PROBE, timeout=1).status_code == 200
            except httpx.HTTPError:
                return server.poll() is not None

        wait_until(up, 60, "the web server")
        if server.poll() is not None:
            raise SystemExit(f"sign_in: the server stopped: {log.read_text(errors='replace')[-2000:]}")
        idle: list[float] = []
        probe(base_url, threading.Event(), idle, limit=60)

        stop, loaded, counts = threading.Event(), [], []

        async def load() -> None:
            await asyncio.gather(*(sign_in_loop(base_url, stop, counts) for _ in range(concurrency)))

        loader = threading.Thread(target=lambda: asyncio.run(load()))
        loader.start()
        wait_until(lambda: len(counts) >= min(concurrency, 5), 120, "the first sign-ins")
        signed_before, started = len(counts), time.perf_counter()
        prober = threading.Thread(target=probe, args=(base_url, stop, loaded))
        prober.start()
        time.sleep(seconds)
        stop.set()
        elapsed = time.perf_counter() - started
        signed = len(counts) - signed_before
        prober.join()
        loader.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "mode": mode, "idle_p50_ms": statistics.median(idle), "idle_p95_ms": percentile(idle, 0.95),
        "loaded_p50_ms": statistics.median(loaded), "loaded_p95_ms": percentile(loaded, 0.95),
        "loaded_max_ms": max(loaded), "api_requests": len(loaded), "sign_ins_per_second": signed / elapsed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=8.0, help="length of the loaded measurement per mode")
    parser.add_argument("--redis", default=os.environ.get("LOA_REDIS_URL", ""))
    parser.add_argument("--serve", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0

    with tempfile.TemporaryDirectory(prefix="loa-bench-sign-in-") as tmp:
        root = Path(tmp)
        stack = contextlib.ExitStack()
        redis_url = stack.enter_context(redis_for_bench(args.redis, "sign_in"))
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("LOA_")},
               "LOA_DATA_DIR": str(root / "var"), "LOA_REDIS_URL": redis_url,
               "LOA_KEY_PREFIX": f"loa-bench-{uuid.uuid4().hex[:12]}:", "LOA_SECRET_KEY": "bench-" + "k" * 32,
               "PYTHONPATH": str(REPO_ROOT)}
        added = subprocess.run([sys.executable, "-m", "cli", "user", "add", USERNAME, "--password-stdin"],
                               input=PASSWORD + "\n", env=env, cwd=REPO_ROOT, capture_output=True, text=True)
        if added.returncode != 0:
            print(added.stderr, file=sys.stderr)
            stack.close()
            return 2
        with stack:
            rows = [measure(mode, env, args.concurrency, args.seconds, root / "server.log") for mode in MODES]

    print(f"GET {PROBE} while {args.concurrency} clients sign in ({args.seconds:g} s per mode, "
          f"{os.cpu_count()} cores)")
    header = f"{'argon2':<12} {'idle p50':>9} {'idle p95':>9} {'load p50':>9} {'load p95':>9} {'load max':>9} " \
             f"{'sign-ins/s':>11}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['mode']:<12} {row['idle_p50_ms']:>7.1f}ms {row['idle_p95_ms']:>7.1f}ms "
              f"{row['loaded_p50_ms']:>7.1f}ms {row['loaded_p95_ms']:>7.1f}ms {row['loaded_max_ms']:>7.1f}ms "
              f"{row['sign_ins_per_second']:>11.1f}")
    pool = rows[-1]
    met = pool["loaded_p95_ms"] < TARGET_P95_MS
    print(f"target: API p95 under load with the pool < {TARGET_P95_MS:g} ms: {'met' if met else 'MISSED'}")
    write_results(RESULTS, {
        "benchmark": "sign_in", "concurrency": args.concurrency, "seconds": args.seconds, "probe": PROBE,
        "cpu_count": os.cpu_count(), "python": platform.python_version(), "rows": rows,
        "target_p95_ms": TARGET_P95_MS, "target_met": met,
    })
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
