"""The sync key: the one secret kept, in the user's data folder, readable by its owner only; never the password."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import NamedTuple

from massage_quiz import atomicfile
from massage_quiz.errors import SyncError

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

    def wrong(why: str = "") -> SyncError:
        shown = repr(text) if len(text) <= 80 else repr(text[:60] + "…")
        return SyncError(
            f"{shown} is not a sync server's address{why}: write it in full, starting with https://, "
            "such as https://anki.example-school.org/"
        )

    try:
        parts = urlsplit(text.strip())
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError as exc:  # an unclosed [ of an IPv6 address, a port such as 99999
        raise wrong(f" ({exc})") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise wrong()
    host = parts.hostname.rstrip(".")
    # A name of at most 253 characters in labels of at most 63 (RFC 1035); an IPv6 address has no dots.
    if len(host) > 253 or any(len(label) > 63 for label in host.split(".")):
        raise wrong(" (the server's name is too long)")
    if not all(host.split(".")):
        raise wrong(" (the server's name has an empty part)")
    if port == 0:
        raise wrong(" (port 0)")
    return text.strip()


def save(path: Path, key: Key) -> None:
    """Write the key file, owner-only from its first byte."""
    data = json.dumps({"hkey": key.hkey, "endpoint": key.endpoint, "username": key.username}, indent=1)
    try:
        atomicfile.write_bytes(path, data.encode("utf-8"), mode=OWNER_ONLY)
    except OSError as exc:
        raise SyncError(f"cannot save the sync key to {path}: {exc.strerror or exc}") from None


def load(path: Path) -> Key:
    """Read the key file, or say how to log in; a key readable by others (restored from a backup, say) is made owner-only first."""
    try:
        _owner_only(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        return Key(str(data["hkey"]), data["endpoint"], str(data["username"]))
    except FileNotFoundError:
        raise SyncError("not logged in to a sync server yet: run massage-quiz sync --login first") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SyncError(f"the sync key {path} cannot be read ({exc}): run massage-quiz sync --login again") from None


def _owner_only(path: Path) -> None:
    """Take away others' access to the key file (as ssh insists on for its keys), or say why it cannot be."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):  # a folder or a pipe (which would be read forever) holds no key
        raise SyncError(f"the sync key {path} is not a regular file: remove it, then run massage-quiz sync --login again")
    if stat.S_IMODE(mode) & 0o077 == 0:
        return
    try:
        os.chmod(path, stat.S_IMODE(mode) & 0o700)
    except OSError as exc:
        raise SyncError(
            f"the sync key {path} can be read by others and cannot be made private ({exc.strerror or exc}): "
            f"make it readable by you alone (chmod 600), or run massage-quiz sync --login again"
        ) from None
