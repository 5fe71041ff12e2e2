"""docker-compose.yml cannot run here (no Docker engine): check what it says against the package."""
import re
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


LOA_SERVICES = ("publish-worker", "tts-worker", "audio-worker", "ingest-worker", "beat", "web")


def test_every_loa_service_runs_a_command_that_exists():
    loa_services = {n: s for n, s in COMPOSE["services"].items() if s.get("image", "").startswith("loa")}
    assert set(loa_services) == set(LOA_SERVICES)
    for service in loa_services.values():
        _command_resolves(service["command"])


def test_every_queue_has_its_own_workers_sized_by_where_the_work_is():
    from worker.app import app
    from worker.config import AUDIO_QUEUE, BROADCAST_QUEUE, INGEST_QUEUE, PUBLISH_QUEUE, QUEUES, TTS_QUEUE

    services = COMPOSE["services"]
    consumed = {}
    order = {}
    for name in ("publish-worker", "tts-worker", "audio-worker", "ingest-worker"):
        command = services[name]["command"]
        queues = command[command.index("--queues") + 1].split(",")
        for queue in queues:
            consumed[queue] = int(command[command.index("--concurrency") + 1])
            order[queue] = (name, queues.index(queue))
    assert set(consumed) == set(QUEUES)
    # Publishing has a process of its own; broadcast masters come after podcast masters.
    assert services["publish-worker"]["command"][3] == PUBLISH_QUEUE
    assert order[BROADCAST_QUEUE][0] == order[AUDIO_QUEUE][0] and order[BROADCAST_QUEUE][1] > order[AUDIO_QUEUE][1]
    assert app.conf.broker_transport_options["queue_order_strategy"] == "priority"
    for task, queue in (("loa.publish", PUBLISH_QUEUE), ("loa.rebuild_feed", PUBLISH_QUEUE),
                        ("loa.broadcast", BROADCAST_QUEUE)):
        assert app.conf.task_routes[task]["queue"] == queue
    # Speech waits on the network: more processes than the CPU-bound audio work.
    assert consumed[TTS_QUEUE] > consumed[AUDIO_QUEUE]
    assert app.conf.task_routes["loa.synthesize_sentence"]["queue"] == TTS_QUEUE
    for task in ("loa.fetch_article", "loa.poll_sources", "loa.reconcile"):
        assert app.conf.task_routes[task]["queue"] == INGEST_QUEUE
    assert app.conf.task_default_queue == AUDIO_QUEUE


def test_beat_runs_reconciliation_and_drops_runs_nobody_took():
    from worker.app import app

    entry = app.conf.beat_schedule["reconcile"]
    assert entry["task"] == "loa.reconcile" and entry["schedule"] == 30.0
    assert entry["options"]["expires"] == 30.0
    assert [n for n, s in COMPOSE["services"].items() if s.get("command", [None, None])[1:2] == ["beat"]] == ["beat"]


def test_no_password_is_written_in_the_file():
    services = COMPOSE["services"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert services["redis"]["environment"]["REDIS_PASSWORD"].startswith("${REDIS_PASSWORD:?")
    environment = services["web"]["environment"]
    assert "${POSTGRES_PASSWORD:?" in environment["LOA_DATABASE_URL"]
    assert "${REDIS_PASSWORD:?" in environment["LOA_REDIS_URL"]
    assert "--requirepass" in " ".join(services["redis"]["command"])


def test_the_image_runs_as_an_unprivileged_user_with_a_vietnamese_font():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert "fonts-dejavu-core" in dockerfile
    from feeds.cover import FONT_CANDIDATES

    # The file Debian's fonts-dejavu-core installs is the first font the cover looks for.
    assert FONT_CANDIDATES[0] == "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def test_redis_keeps_queued_messages():
    command = " ".join(COMPOSE["services"]["redis"]["command"])
    assert "--appendonly yes" in command
    assert "--maxmemory-policy noeviction" in command


def test_data_directory_is_a_shared_volume():
    for name in LOA_SERVICES:
        service = COMPOSE["services"][name]
        assert "loa-data:/data" in service["volumes"]
        assert service["environment"]["LOA_DATA_DIR"] == "/data"
    assert "loa-data" in COMPOSE["volumes"]


def test_dockerfile_copies_every_package():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("articles", "vntext", "audio", "feeds", "worker", "web", "loa"):
        assert f"COPY {package} {package}" in dockerfile


SCALE = yaml.safe_load((ROOT / "docker-compose.scale.yml").read_text())


def test_the_scaled_deployment_shares_only_the_bucket_redis_and_the_database():
    services = SCALE["services"]
    loa_services = {n: s for n, s in services.items() if s.get("image", "").startswith("loa")}
    assert set(loa_services) == set(LOA_SERVICES)
    data_volumes = []
    for name, service in loa_services.items():
        _command_resolves(service["command"])
        environment = service["environment"]
        assert environment["LOA_STORAGE_URL"].startswith("s3://"), name
        assert environment["LOA_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert service["depends_on"]["bucket"]["condition"] == "service_completed_successfully"
        [data] = [v.split(":")[0] for v in service["volumes"] if v.endswith(":/data")]
        data_volumes.append(data)
    assert len(set(data_volumes)) == len(data_volumes)  # no two services share a data directory
    consumed = set()
    for name in ("publish-worker", "tts-worker", "audio-worker", "ingest-worker"):
        command = loa_services[name]["command"]
        consumed |= set(command[command.index("--queues") + 1].split(","))
    from worker.config import QUEUES

    assert consumed == set(QUEUES)
    assert "mc mb --ignore-existing" in " ".join(services["bucket"]["entrypoint"])
    assert services["minio"]["environment"]["MINIO_ROOT_PASSWORD"].startswith("${MINIO_PASSWORD:?")


def interpolated(value: str, env: dict[str, str]) -> str:
    """What compose makes of ``${NAME:-default}`` and ``${NAME:?message}`` in ``value`` with ``env`` (an .env)."""
    def one(match: re.Match) -> str:
        name, kind, rest = match[1], match[2], match[3]
        if env.get(name):
            return env[name]
        assert kind == ":-", f"{name} must be set: {rest}"
        return rest

    return re.sub(r"\$\{(\w+)(:-|:\?)([^}]*)\}", one, value)


def test_the_scaled_deployments_settings_are_accepted(monkeypatch):
    from loa.settings import Settings

    dot_env = {"REDIS_PASSWORD": "matkhau1", "POSTGRES_PASSWORD": "matkhau2", "MINIO_USER": "loa",
               "MINIO_PASSWORD": "matkhau3", "LOA_WEBHOOK_SECRET": "bi-mat-cms", "LOA_SECRET_KEY": "khoa-phien"}
    for name, value in SCALE["services"]["audio-worker"]["environment"].items():
        monkeypatch.setenv(name, interpolated(value, dot_env))
    settings = Settings.from_env()
    assert settings.storage_url == "s3://loa/tin-tuc" and settings.drop_folder == "/drop"
    assert settings.s3_endpoint_url == "http://minio:9000" and settings.storage_public_url == ""
