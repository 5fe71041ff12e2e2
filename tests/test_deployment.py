"""docker-compose.yml cannot run here (no Docker engine): check what it says against the package."""
from pathlib import Path

import click
import yaml

from cli.main import main as loa_cli

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command_resolves(argv: list[str]) -> None:
    assert argv[0] == "loa", argv
    ctx = click.Context(loa_cli)
    name, command, rest = loa_cli.resolve_command(ctx, argv[1:])
    assert command is not None, f"loa has no command {argv[1]!r}"
    # Parsing the options proves every option the file passes exists.
    command.make_context(name, list(rest), parent=ctx, resilient_parsing=False)


def test_every_loa_service_runs_a_command_that_exists():
    loa_services = {n: s for n, s in COMPOSE["services"].items() if s.get("image", "").startswith("loa")}
    assert set(loa_services) == {"tts-worker", "audio-worker", "beat", "web"}
    for service in loa_services.values():
        _command_resolves(service["command"])


def test_workers_split_tts_and_audio_queues():
    services = COMPOSE["services"]
    assert services["tts-worker"]["command"][2:4] == ["--queues", "tts"]
    assert services["audio-worker"]["command"][2:4] == ["--queues", "audio"]
    from worker.app import app
    from worker.config import AUDIO_QUEUE, TTS_QUEUE

    assert app.conf.task_routes["loa.synthesize_sentence"]["queue"] == TTS_QUEUE
    assert app.conf.task_default_queue == AUDIO_QUEUE


def test_redis_keeps_queued_messages():
    command = COMPOSE["services"]["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_data_directory_is_a_shared_volume():
    for name in ("tts-worker", "audio-worker", "beat", "web"):
        service = COMPOSE["services"][name]
        assert "loa-data:/data" in service["volumes"]
        assert service["environment"]["LOA_DATA_DIR"] == "/data"
    assert "loa-data" in COMPOSE["volumes"]


def test_dockerfile_copies_every_package():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("articles", "vntext", "audio", "feeds", "worker", "web", "loa"):
        assert f"COPY {package} {package}" in dockerfile
