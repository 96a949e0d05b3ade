"""Load every content folder into one validated catalogue of study entries."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from massage_quiz.compiled import NoCycleCollection
from massage_quiz.content import Folder, all_folders, yaml_files
from massage_quiz.errors import ContentError, Problem
from massage_quiz.model import Acupoint, Contraindication, Entry, Origin, Question, Technique
from massage_quiz.schema import FOLDER_TOPICS, SPECS, TOPIC_SPECS, Built, build_entry, did_you_mean
from massage_quiz.yamlsource import Mapping, Sequence, read_file


@attrs.frozen
class Catalogue:
    """Every entry of every kind, in the order written, bundled content first."""

    techniques: tuple[Technique, ...] = ()
    acupoints: tuple[Acupoint, ...] = ()
    contraindications: tuple[Contraindication, ...] = ()
    questions: tuple[Question, ...] = ()
    files: int = 0
    folders: int = 0
    _index: dict[tuple[str, str], Entry] = attrs.field(factory=dict, eq=False, repr=False, alias="index")

    def get(self, kind: str, entry_id: str) -> Entry | None:
        """The entry of ``kind`` with ``entry_id``, or None."""
        return self._index.get((kind, entry_id))

    def entries(self) -> Iterable[Entry]:
        """All entries, kind by kind."""
        yield from self.techniques
        yield from self.acupoints
        yield from self.contraindications
        yield from self.questions

    def summary(self) -> str:
        """One line saying what was loaded."""
        def n(count: int, word: str) -> str:
            return f"{count} {word}" if count == 1 else f"{count} {word}s"

        return (
            f"{n(len(self.techniques), 'technique')}, {n(len(self.acupoints), 'acupoint')}, "
            f"{n(len(self.contraindications), 'contraindication')}, {n(len(self.questions), 'question')} "
            f"from {n(self.files, 'file')} in {n(self.folders, 'folder')}"
        )


def load(options: tuple[str, ...] = (), environ: dict[str, str] | None = None) -> Catalogue:
    """Load the bundled content and the instructors' folders; raise ContentError listing every problem.

    Unchanged content comes from the compiled cache (see ``compiled``).
    """
    from massage_quiz import compiled

    return compiled.load_catalogue(options, all_folders(options, environ))  # type: ignore[no-any-return]


def to_json(catalogue: Catalogue) -> dict:
    """The catalogue as JSON-ready data (for the cache)."""
    def entry(e: Entry) -> list:
        # Only what differs from the defaults: a smaller file, read and written faster.
        values = {a.name: v for a in attrs.fields(type(e)) if a.name != "origin" for v in (getattr(e, a.name),) if v != a.default}
        o = e.origin
        return [e.kind, values, [o.path, o.line, o.col, o.fields]]

    return {"entries": [entry(e) for e in catalogue.entries()], "files": catalogue.files, "folders": catalogue.folders}


def from_json(data: dict) -> Catalogue:
    """The catalogue back from ``to_json`` data."""
    with NoCycleCollection():
        return _from_json(data)


def _from_json(data: dict) -> Catalogue:
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in SPECS}
    index: dict[tuple[str, str], Entry] = {}
    from massage_quiz.bodymap import PointMap, StrokePath

    nested = {"map": PointMap, "path": StrokePath}
    for kind, values, (path, line, col, fields) in data["entries"]:
        values = {k: nested[k](*v) if k in nested else tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        origin = Origin(path, line, col, {k: tuple(v) for k, v in fields.items()})
        record = SPECS[kind].record(**values, origin=origin)
        by_kind[kind].append(record)
        index[(kind, record.id)] = record
    return Catalogue(
        techniques=tuple(by_kind["technique"]), acupoints=tuple(by_kind["acupoint"]),  # type: ignore[arg-type]
        contraindications=tuple(by_kind["contraindication"]), questions=tuple(by_kind["question"]),  # type: ignore[arg-type]
        files=data["files"], folders=data["folders"], index=index,
    )


def load_folders(folders: list[Folder]) -> Catalogue:
    """Load the given folders, in order, into one catalogue."""
    with NoCycleCollection():
        return _load_folders(folders)


def _load_folders(folders: list[Folder]) -> Catalogue:
    problems: list[Problem] = []
    built: list[Built] = []
    files = 0
    for folder in folders:
        for sub, topics in FOLDER_TOPICS.items():
            for path in yaml_files(folder, sub):
                files += 1
                built.extend(_load_file(path, folder.display(path), sub, topics, problems))
    index = _index(built, problems)
    problems.extend(_reference_problems(built, index))
    if problems:
        raise ContentError(problems)
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in SPECS}
    for item in built:
        by_kind[item.kind].append(item.record)  # type: ignore[arg-type]
    return Catalogue(
        techniques=tuple(by_kind["technique"]),  # type: ignore[arg-type]
        acupoints=tuple(by_kind["acupoint"]),  # type: ignore[arg-type]
        contraindications=tuple(by_kind["contraindication"]),  # type: ignore[arg-type]
        questions=tuple(by_kind["question"]),  # type: ignore[arg-type]
        files=files,
        folders=len(folders),
        index={key: item.record for key, item in index.items()},
    )


def _load_file(path, shown: str, sub: str, topics: tuple[str, ...], problems: list[Problem]) -> list[Built]:
    document = read_file(path, shown)
    problems.extend(document.problems)
    root = document.root
    if root is None:
        return []
    listed = " or ".join(f"'{t}:'" for t in topics)
    if not isinstance(root, Mapping):
        problems.append(Problem(shown, root.line, root.col, f"a file in {sub}/ must start with {listed} and a list of entries"))
        return []
    entries: list[Built] = []
    for key, value in root.items:
        if key.text not in topics:
            elsewhere = next((f for f, t in FOLDER_TOPICS.items() if key.text in t), None)
            hint = f" ({key.text} belong in {elsewhere}/)" if elsewhere else did_you_mean(key.text, topics)
            problems.append(Problem(shown, key.line, key.col, f"unknown section {key.text!r} in {sub}/: expected {listed}{hint}"))
            continue
        spec = TOPIC_SPECS[key.text]
        if not isinstance(value, Sequence):
            problems.append(Problem(shown, value.line, value.col, f"{key.text}: expected a list of entries (each starting with '- id:'), found {value.kind}"))
            continue
        for item in value.items:
            result = build_entry(spec, item, shown)
            problems.extend(Problem(shown, p.line, p.col, p.message) for p in result.problems)
            entries.append(result)
    return entries


def _index(built: list[Built], problems: list[Problem]) -> dict[tuple[str, str], Built]:
    """Index entries by (kind, id), reporting an id defined twice with both places."""
    index: dict[tuple[str, str], Built] = {}
    for item in built:
        entry_id = item.values.get("id")
        if item.origin is None or not isinstance(entry_id, str):
            continue
        first = index.get((item.kind, entry_id))
        if first is not None and first.origin is not None:
            path, line, col = item.origin.at("id")
            fpath, fline, fcol = first.origin.at("id")
            problems.append(Problem(path, line, col, f"duplicate {item.kind} id {entry_id!r}: already defined at {fpath}:{fline}:{fcol}"))
            continue
        index[(item.kind, entry_id)] = item
    return index


def _reference_problems(built: list[Built], index: dict[tuple[str, str], Built]) -> list[Problem]:
    """Report every reference to an id that no entry of that kind has."""
    problems = []
    for item in built:
        if item.origin is None:
            continue
        for field in SPECS[item.kind].fields:
            value = item.values.get(field.name)
            if field.refers_to is None or value is None:
                continue
            for ref in (value,) if isinstance(value, str) else value:  # type: ignore[union-attr]
                if (field.refers_to, ref) not in index:
                    known = [i for (k, i) in index if k == field.refers_to]
                    path, line, col = item.origin.at(field.name)
                    problems.append(Problem(path, line, col, f"{field.name}: no {field.refers_to} has the id {ref!r}{did_you_mean(ref, known)}"))
    return problems
