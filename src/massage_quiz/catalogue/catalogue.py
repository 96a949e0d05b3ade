"""The catalogue: every entry of every kind, found by kind and id."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from massage_quiz.catalogue.cache import NoCycleCollection
from massage_quiz.catalogue.kinds import KINDS
from massage_quiz.catalogue.records import Entry, Layout, Origin, shared_layout
from massage_quiz.errors import MassageQuizError

TOPIC_KIND = {kind.topic: kind.name for kind in KINDS}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@attrs.frozen
class Catalogue:
    """Every entry of every kind, in the order written, bundled content first."""

    by_kind: Mapping[str, tuple[Entry, ...]]
    files: int = 0
    folders: int = 0
    # By kind, then id: a dictionary keyed on (kind, id) pairs held a tuple per entry.
    _index: dict[str, dict[str, Entry]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index = {kind: {entry.id: entry for entry in entries} for kind, entries in self.by_kind.items()}
        object.__setattr__(self, "_index", index)

    @classmethod
    def of_entries(cls, entries: list[Entry], files: int = 0, folders: int = 0) -> Catalogue:
        """A catalogue of ``entries`` (in order), grouped by kind."""
        by_kind: dict[str, list[Entry]] = {kind.name: [] for kind in KINDS}
        for entry in entries:
            by_kind[entry.kind].append(entry)
        return cls({kind: tuple(found) for kind, found in by_kind.items()}, files, folders)

    def __getattr__(self, topic: str) -> tuple[Entry, ...]:
        """The entries listed under a YAML section, e.g. ``catalogue.acupoints``."""
        kind = TOPIC_KIND.get(topic)
        if kind is None:
            raise AttributeError(topic)
        return self.of(kind)

    def of(self, kind: str) -> tuple[Entry, ...]:
        """The entries of one kind."""
        return self.by_kind.get(kind, ())

    def get(self, kind: str, entry_id: str) -> Entry | None:
        """The entry of ``kind`` with ``entry_id``, or None."""
        found = self._index.get(kind)
        return None if found is None else found.get(entry_id)

    def entries(self) -> Iterator[Entry]:
        """All entries, kind by kind."""
        for kind in KINDS:
            yield from self.of(kind.name)

    def summary(self) -> str:
        """One line saying what was loaded."""
        kinds = ", ".join(_plural(len(self.of(kind.name)), kind.name) for kind in KINDS)
        return f"{kinds} from {_plural(self.files, 'file')} in {_plural(self.folders, 'folder')}"


def resolve(catalogue: Catalogue, wanted: str) -> Entry:
    """Find an entry by ``kind:id``, by item id (``acupoint/shenshu/code``), or by an id only one entry has."""
    from massage_quiz.catalogue.fieldvalues import did_you_mean

    text = wanted.strip()
    if "/" in text or ":" in text:
        kind, _, entry_id = text.partition("/") if "/" in text else text.partition(":")
        entry_id = entry_id.split("/")[0]
        entry = catalogue.get(kind, entry_id)
        if entry is None:
            raise MassageQuizError(f"no {kind} has the id {entry_id!r}; massage-quiz list shows them all")
        return entry
    matches = [e for e in catalogue.entries() if e.id == text]
    if len(matches) == 1:
        return matches[0]
    if matches:
        kinds = ", ".join(f"{e.kind}:{e.id}" for e in matches)
        raise MassageQuizError(f"{text!r} is the id of more than one entry; say which: {kinds}")
    ids = [e.id for e in catalogue.entries()]
    raise MassageQuizError(f"no entry has the id {text!r}{did_you_mean(text, ids)}; massage-quiz list shows them all")


def to_json(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as data for ``cache.write`` (for the cache), no larger than the YAML it came from.

    Field names and paths are written once and referred to by number; an entry
    holds only the values that differ from the defaults, and refers to the layout
    of its fields (each field's place relative to the entry's), which entries
    written alike share: at 100,000 entries, written out in full, the cache was
    1.8 times the size of the YAML. The lists are iterators, made as the cache
    writes them, in order (the entries first: they number the names, paths and
    layouts): made whole before writing, they added 16 MiB to `check`'s peak.
    """
    names: dict[str, int] = {}
    paths: dict[str, int] = {}
    layouts: dict[Layout, int] = {}

    def entry(e: Entry) -> list[Any]:
        values: list[Any] = []
        for a in attrs.fields(type(e)):
            value = getattr(e, a.name)
            if a.name != "origin" and value != a.default:
                values += (names.setdefault(a.name, len(names)), value)
        o = e.origin
        return [e.kind, values, paths.setdefault(o.path, len(paths)), o.line, o.col, layouts.setdefault(o.layout, len(layouts))]

    def flat() -> Iterator[list[Any]]:
        for layout in layouts:
            yield [n for name, down, right in layout for n in (names.setdefault(name, len(names)), down, right)]

    def later(numbered: dict[Any, int]) -> Iterator[Any]:
        yield from numbered  # only once what comes before has numbered them all

    return {
        "entries": (entry(e) for e in catalogue.entries()),
        "layouts": flat(),
        "names": later(names),
        "paths": later(paths),
        "files": catalogue.files,
        "folders": catalogue.folders,
    }


def from_json(data: dict[str, Any]) -> Catalogue:
    """The catalogue back from ``to_json`` data."""
    from massage_quiz.bodymap import PointMap, StrokePath
    from massage_quiz.catalogue.records import WhyNot
    from massage_quiz.catalogue.specs import SPECS

    nested: dict[str, Any] = {"map": PointMap, "path": StrokePath, "why_not": lambda *rows: tuple(WhyNot(*r) for r in rows)}
    names, paths = data["names"], data["paths"]
    layouts = [
        shared_layout(tuple((names[places[n]], places[n + 1], places[n + 2]) for n in range(0, len(places), 3)))
        for places in data["layouts"]
    ]
    entries = []
    with NoCycleCollection():
        for kind, flat, path, line, col, layout in data["entries"]:
            values = {}
            for n in range(0, len(flat), 2):
                name, value = names[flat[n]], flat[n + 1]
                values[name] = nested[name](*value) if name in nested else tuple(value) if isinstance(value, list) else value
            entries.append(SPECS[kind].record(**values, origin=Origin(paths[path], line, col, layouts[layout])))
        return Catalogue.of_entries(entries, data["files"], data["folders"])
