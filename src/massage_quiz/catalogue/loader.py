"""Load every content folder into one validated catalogue, through the cache when nothing changed."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import attrs

from massage_quiz.catalogue import cache, codes, coursefile
from massage_quiz.catalogue.catalogue import Catalogue, from_json, to_json
from massage_quiz.catalogue.entries import Built, build_entry
from massage_quiz.catalogue.fieldvalues import did_you_mean
from massage_quiz.catalogue.folders import Environ, Folder, all_folders, cache_name, content_key, yaml_files
from massage_quiz.catalogue.kinds import FOLDER_TOPICS
from massage_quiz.catalogue.records import Entry
from massage_quiz.catalogue.specs import SPECS, TOPIC_SPECS
from massage_quiz.catalogue.yamlreader import Mapping, Sequence, read_file
from massage_quiz.errors import ContentError, Problem, ProblemCode
from massage_quiz.normalize import normalize_text


def load(options: tuple[str, ...] = (), environ: Environ | None = None) -> Catalogue:
    """Load the bundled content and the instructors' folders; raise ContentError listing every problem.

    Unchanged content comes from the cache; content with errors is never cached.
    """
    return load_cached(all_folders(options, environ))


def load_cached(folders: list[Folder], key: str | None = None) -> Catalogue:
    """The catalogue of ``folders``, from the cache when it is current, else loaded (and cached)."""
    key = content_key(folders) if key is None else key
    name = cache_name("catalogue", folders)
    data = cache.read(name, key)
    if isinstance(data, dict):
        try:
            return from_json(data)
        except (TypeError, ValueError, KeyError):
            pass  # written by another version: load afresh
    loaded = load_folders(folders)
    cache.write(name, key, to_json(loaded))
    return loaded


def load_folders(folders: list[Folder]) -> Catalogue:
    """Load the given folders, in order, into one catalogue."""
    with cache.NoCycleCollection():
        return _load_folders(folders)


# What loading keeps of an entry: its record when it is valid (a Built per valid
# entry, with its empty lists, held a fifth of check's peak memory at 100,000
# entries), else what was read of it.
Loaded = Entry | Built


def _value(item: Loaded, name: str) -> object:
    return item.value(name) if isinstance(item, Built) else getattr(item, name)


def _record(item: Loaded) -> Entry | None:
    return item.record if isinstance(item, Built) else item


def _load_folders(folders: list[Folder]) -> Catalogue:
    problems: list[Problem] = []
    built: list[Loaded] = []
    shared: dict[object, object] = {}  # one copy of each list of text (tags, sources) in all the files
    # The ids read so far of the kinds that entries refer to, by kind: a reference to one of them holds the
    # entry's own id from the start (cards are read before the questions that refer to them), rather than a
    # copy of it until references are resolved (4 MiB at 100,000 entries, when the last file is read).
    known: dict[str, dict[str, str]] = {kind: {} for kind in _REFERRED}
    files = 0
    for folder in folders:
        for sub, topics in FOLDER_TOPICS.items():
            for path in yaml_files(folder, sub):
                files += 1
                built.extend(_load_file(path, folder.display(path), sub, topics, problems, shared, known))
    del known
    problems.extend(coursefile.problems(folders))
    index = _index(built, problems)
    records = _resolve_references(built, index, problems)
    if problems:
        raise ContentError(problems)
    return Catalogue.of_entries(records, files, len(folders))


def _load_file(
    path: Path,
    shown: str,
    sub: str,
    topics: tuple[str, ...],
    problems: list[Problem],
    shared: dict[object, object],
    known: dict[str, dict[str, str]],
) -> list[Loaded]:
    document = read_file(path, shown)
    problems.extend(document.problems)
    root = document.root
    if root is None:
        return []
    listed = " or ".join(f"'{t}:'" for t in topics)
    if not isinstance(root, Mapping):
        problems.append(Problem(shown, root.line, root.col, f"a file in {sub}/ must start with {listed} and a list of entries"))
        return []
    entries: list[Loaded] = []
    for key, value in root.items:
        if key.text not in topics:
            elsewhere = next((f for f, t in FOLDER_TOPICS.items() if key.text in t), None)
            hint = f" ({key.text} belong in {elsewhere}/)" if elsewhere else did_you_mean(key.text, topics)
            problems.append(Problem(shown, key.line, key.col, f"unknown section {key.text!r} in {sub}/: expected {listed}{hint}"))
            continue
        spec = TOPIC_SPECS[key.text]
        if not isinstance(value, Sequence):
            problems.append(
                Problem(
                    shown,
                    value.line,
                    value.col,
                    f"{key.text}: expected a list of entries (each starting with '- id:'), found {value.kind}",
                )
            )
            continue
        for item in value.items:
            result = build_entry(spec, item, shown, shared)
            problems.extend(Problem(shown, p.line, p.col, p.message) for p in result.problems)
            if result.record is None:
                entries.append(result)
                continue
            entries.append(result.record)
            _share_ids(result.record, known)
    return entries


# The fields that refer to another entry, by kind, with the kind they refer to; and the kinds referred to.
_REFERENCES = {kind: [(f.name, f.refers_to) for f in spec.fields if f.refers_to] for kind, spec in SPECS.items()}
_REFERRED = {referred for fields in _REFERENCES.values() for _, referred in fields}


def _share_ids(record: Entry, known: dict[str, dict[str, str]]) -> None:
    """Note the id of ``record`` if others refer to its kind, and make its references to ids read so far hold those ids."""
    ids = known.get(record.kind)
    if ids is not None:
        ids.setdefault(record.id, record.id)
    for name, referred in _REFERENCES[record.kind]:
        value = getattr(record, name)
        same = known[referred].get(value) if isinstance(value, str) else None
        if same is not None and same is not value:
            object.__setattr__(record, name, same)  # the same text: see _resolve_references


Index = dict[str, dict[str, Loaded]]


def _index(built: list[Loaded], problems: list[Problem]) -> Index:
    """Index entries by kind and id, reporting an id defined twice with both places."""
    index: Index = {}
    for item in built:
        entry_id = _value(item, "id")
        if item.origin is None or not isinstance(entry_id, str):
            continue
        of_kind = index.setdefault(item.kind, {})
        first = of_kind.get(entry_id)
        if first is not None and first.origin is not None:
            path, line, col = item.origin.at("id")
            fpath, fline, fcol = first.origin.at("id")
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"duplicate {item.kind} id {entry_id!r}: already defined at {fpath}:{fline}:{fcol}",
                    code=ProblemCode.DUPLICATE_ID,
                    subject=entry_id,
                    related=f"{fpath}:{fline}:{fcol}",
                )
            )
            continue
        of_kind[entry_id] = item
    return index


def _alias_key(text: str) -> str:
    """How a reference is compared with an entry's aliases: a code in its WHO spelling, a name normalised."""
    return codes.canonical(text) or normalize_text(text)


def _resolve_references(built: list[Loaded], index: Index, problems: list[Problem]) -> list[Entry]:
    """The records with every reference turned into the id it names (by id, code or name); report what names nothing."""
    referred = {field.refers_to for spec in SPECS.values() for field in spec.fields if field.refers_to}
    aliases: dict[str, dict[str, str]] = {kind: {} for kind in referred}
    for kind in referred:
        for entry_id, item in index.get(kind, {}).items():
            for alias in getattr(_record(item), "aliases", ()):
                aliases[kind].setdefault(_alias_key(alias), entry_id)
    records = []
    for item in built:
        record = _record(item)
        if record is None or item.origin is None:
            continue
        changes: dict[str, Any] = {}
        for field in SPECS[item.kind].fields:
            value = getattr(record, field.name)
            if field.refers_to is None or value is None:
                continue
            refs = (value,) if isinstance(value, str) else value if isinstance(value, tuple) else ()
            resolved = []
            targets = index.get(field.refers_to, {})
            for ref in refs:
                target = targets.get(ref)
                # By id: the entry's own id, so that the reference holds no copy of its text.
                found = _value(target, "id") if target is not None else aliases[field.refers_to].get(_alias_key(ref))
                if found is None:
                    path, line, col = item.origin.at(field.name)
                    problems.append(
                        Problem(
                            path,
                            line,
                            col,
                            f"{field.name}: {_unknown(field.refers_to, ref, index)}",
                            code=ProblemCode.UNKNOWN_REFERENCE,
                        )
                    )
                resolved.append(found or ref)
            new = resolved[0] if isinstance(value, str) else tuple(resolved)
            if new != value:
                changes[field.name] = new
            elif new is not value and isinstance(new, str):
                # The same text, held once: an equal value, so the record is unchanged but for holding no
                # copy of the id (one per question at 100,000 entries: 4 MiB of `check`'s peak). A new
                # record instead would hold both records until loading ends.
                object.__setattr__(record, field.name, new)
        records.append(attrs.evolve(record, **changes) if changes else record)
    return records


def _unknown(kind: str, ref: str, index: Index) -> str:
    """Say that no entry of ``kind`` is called ``ref``, with the closest one as id and title."""
    candidates = index.get(kind, {})
    names = {
        alias: entry_id for entry_id, item in candidates.items() for alias in (entry_id, *getattr(_record(item), "aliases", ()))
    }
    close = difflib.get_close_matches(ref, list(names), n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(ref.lower(), [n.lower() for n in names], n=1, cutoff=0.6)
        close = [next(n for n in names if n.lower() == close[0])] if close else []
    hint = ""
    if close:
        entry_id = names[close[0]]
        record = _record(candidates[entry_id])
        hint = f" (did you mean {entry_id!r}, {record.title}?)" if record is not None else f" (did you mean {entry_id!r}?)"
    return f"no {kind} has the id, code or name {ref!r}{hint}"
