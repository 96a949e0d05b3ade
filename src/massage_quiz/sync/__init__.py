"""One memory across phone, desktop and terminal, carried by Anki's own sync (after drill/ and anki/)."""
