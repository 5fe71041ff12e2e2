"""A full disk or a read-only data directory, made for one command in its own mount namespace.

``unshare --user --map-root-user --mount`` gives a process a private mount table, so a tiny tmpfs
(filled to the brim) or a read-only bind mount can sit over a directory for that process only, with
no root and nothing left behind. Where the kernel refuses user namespaces the tests that need this
are skipped.
"""
from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from tests.support.workers import REPO_ROOT, measured


@cache
def namespaces_available() -> str | None:
    """None when mount namespaces can be had here, else why not."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return "unshare is not installed"
    tried = subprocess.run([unshare, "--user", "--map-root-user", "--mount", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True, text=True, timeout=30)
    if tried.returncode != 0:
        return f"mount namespaces are not available: {tried.stderr.strip()}"
    return None


def run_loa_on(how: str, seed: Path, out: Path, args: list[str], env: dict[str, str], free_kb: int = 0,
               timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``loa ARGS`` with its data directory a copy of ``seed`` on a ``how`` file system, then copy
    what the data directory holds afterwards to ``out`` for the test to inspect.

    ``how``: ``full`` (a tmpfs filled until ``free_kb`` KiB are left), ``read-only`` (a read-only
    bind mount), or ``read-only-parent`` (the data directory is missing under a read-only parent).
    """
    mount_point = out / "mnt"
    copy = out / "copy"
    kept = out / "var"
    for directory in (mount_point, copy, kept):
        directory.mkdir(parents=True)
    data_dir = mount_point / "var" if how == "read-only-parent" else mount_point
    prepare = {
        "full": f"""mount -t tmpfs -o size=8m tmpfs {mount_point}
cp -a {seed}/. {mount_point}/
dd if=/dev/zero of={mount_point}/.filler bs=4k 2>/dev/null || true
truncate -s -{free_kb}K {mount_point}/.filler""",
        "read-only": f"""cp -a {seed}/. {copy}/
mount --bind {copy} {mount_point}
mount -o remount,bind,ro {mount_point}""",
        "read-only-parent": f"mount -t tmpfs -o ro tmpfs {mount_point}",
    }[how]
    command = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "cli", *args])
    script = f"""set -eu
{prepare}
set +e
{command}
status=$?
rm -f {mount_point}/.filler
[ -d {data_dir} ] && cp -a {data_dir}/. {kept}/
exit $status
"""
    full_env = measured({**env, "LOA_DATA_DIR": str(data_dir),
                         "PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"})
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "bash", "-c", script],
                          env=full_env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout)
