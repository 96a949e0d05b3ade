"""The sync key: the one secret kept, in the user's data folder, readable by its owner only; never the password."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from massage_quiz import atomicfile
from massage_quiz.sync.engine import SyncError

ANKIWEB = "AnkiWeb"
OWNER_ONLY = 0o600


class Key(NamedTuple):
    """What the server returned at login (its host key), where the server is (None: AnkiWeb), and who logged in."""

    hkey: str
    endpoint: str | None
    username: str

    @property
    def server(self) -> str:
        """The server's name as the trainee knows it."""
        return self.endpoint or ANKIWEB


def server_address(text: str) -> str:
    """A sync server's address as Anki takes it (http or https, with a host), or a one-line error saying how to write it."""
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SyncError(
            f"{text!r} is not a sync server's address: write it in full, starting with https://, "
            "such as https://anki.example-school.org/"
        )
    return text.strip()


def save(path: Path, key: Key) -> None:
    """Write the key file, owner-only from its first byte."""
    data = json.dumps({"hkey": key.hkey, "endpoint": key.endpoint, "username": key.username}, indent=1)
    try:
        atomicfile.write_bytes(path, data.encode("utf-8"), mode=OWNER_ONLY)
    except OSError as exc:
        raise SyncError(f"cannot save the sync key to {path}: {exc.strerror or exc}") from None


def load(path: Path) -> Key:
    """Read the key file, or say how to log in."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Key(str(data["hkey"]), data["endpoint"], str(data["username"]))
    except FileNotFoundError:
        raise SyncError("not logged in to a sync server yet: run massage-quiz sync --login first") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SyncError(f"the sync key {path} cannot be read ({exc}): run massage-quiz sync --login again") from None
