"""A real Anki sync server on localhost with one throw-away user, without importing Anki (the benchmarks' runner reuses it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

USER, PASSWORD = "trainee@example.org", "correct horse battery staple"


def free_port() -> int:
    """A port on localhost that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(base: Path, port: int) -> subprocess.Popen[bytes]:
    """``python -m anki.syncserver`` with one throw-away user, listening on localhost only."""
    env = {
        **os.environ,
        "SYNC_USER1": f"{USER}:{PASSWORD}",
        "SYNC_BASE": str(base),
        "SYNC_PORT": str(port),
        "SYNC_HOST": "127.0.0.1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "anki.syncserver"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("the sync server did not start")


def serving(base: Path) -> Iterator[str]:
    """A server on a free port for as long as the generator is open; yields its address."""
    port = free_port()
    server = start_server(base, port)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)
