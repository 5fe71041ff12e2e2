"""Real Celery worker processes and the ``loa`` command, for integration tests."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from worker.config import QUEUES

REPO_ROOT = Path(__file__).resolve().parents[2]

# Every key prefix handed out on every Redis URL, so the session can remove exactly its own keys.
PREFIXES_USED: set[tuple[str, str]] = set()


def key_prefix(redis_url: str) -> str:
    """A Redis key prefix of its own (``LOA_KEY_PREFIX``): queues, results, locks and circuits apart
    from every other test's and program's on the same database, which is never flushed."""
    prefix = f"loa-test-{uuid.uuid4().hex[:12]}:"
    PREFIXES_USED.add((redis_url, prefix))
    return prefix


def delete_prefixed_keys(redis_url: str, prefix: str) -> int:
    """Remove the keys under ``prefix`` (and only those) from the database of ``redis_url``."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=2)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start:start + 500])
        return len(keys)
    finally:
        client.close()


def measured(env: dict[str, str]) -> dict[str, str]:
    """``env`` plus what coverage needs to measure the process it starts (when the tests run under it)."""
    return {**{k: v for k, v in os.environ.items() if k.startswith("COVERAGE_")}, **env}


def loa_env(data_dir: Path, redis_url: str, engine: str = "espeak", **extra: str) -> dict[str, str]:
    """Environment for workers and commands: fast redelivery, short time limits, offline engine, and a
    Redis key prefix of its own (give ``LOA_KEY_PREFIX`` to share one between environments)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOA_")}
    env.update({
        "LOA_DATA_DIR": str(data_dir),
        "LOA_REDIS_URL": redis_url,
        "LOA_KEY_PREFIX": extra.pop("LOA_KEY_PREFIX", None) or key_prefix(redis_url),
        "LOA_ENGINE": engine,
        "LOA_PUBLIC_BASE_URL": "https://radio.example.vn/loa",
        # Redelivery of a dead worker's tasks after ~25 s instead of an hour; limits stay below it
        # with room for mastering a long article on a busy machine.
        "LOA_VISIBILITY_TIMEOUT": "25",
        "LOA_UNACKED_RESTORE_INTERVAL": "1",
        "LOA_TASK_TIME_LIMIT": "20",
        "LOA_TASK_SOFT_TIME_LIMIT": "18",
        "LOA_RETRY_DELAY": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    })
    env.update(extra)
    return env


def run_loa(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=REPO_ROOT)


class Worker:
    """``celery -A worker.app worker`` in its own process group, so it can be SIGKILLed whole.

    ``include`` names extra modules the worker imports (test instrumentation, see ``tests.support.pauses``).
    """

    def __init__(self, env: dict[str, str], log_path: Path, queues: str = ",".join(QUEUES), concurrency: int = 2,
                 include: str | None = None):
        self.log_path = log_path
        self._log = open(log_path, "ab")
        args = [sys.executable, "-m", "celery", "-A", "worker.app", "worker", "-Q", queues, "-c", str(concurrency),
                "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-n", f"w{time.time_ns()}@%h"]
        if include:
            args += ["--include", include]
        self.proc = subprocess.Popen(args, env=env, cwd=REPO_ROOT, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: no chance to ack or clean up."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        """Warm shutdown: the main process lets running tasks finish, then the group is gone."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # any pool child left behind
        except ProcessLookupError:
            pass
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


class Beat:
    """``celery -A worker.app beat`` with its schedule file in a folder of the test's."""

    def __init__(self, env: dict[str, str], folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.log_path = folder / "beat.log"
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "worker.app", "beat", "-l", "info",
             "-s", str(folder / "beat-schedule"), "--pidfile", str(folder / "beat.pid")],
            env=env, cwd=REPO_ROOT, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
