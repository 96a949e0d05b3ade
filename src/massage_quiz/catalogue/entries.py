"""One entry's mapping checked against its kind's spec and built into its record, with every problem found.

Each key is read by its field's check (``fieldvalues``); then the checks
across the entry's fields (``crosschecks``) run on what was read.
"""

from __future__ import annotations

import attrs

from massage_quiz.catalogue.crosschecks import FieldProblem, kind_checks
from massage_quiz.catalogue.fieldvalues import Invalid, did_you_mean
from massage_quiz.catalogue.records import Entry, Origin
from massage_quiz.catalogue.specs import SPECS, Field, Spec
from massage_quiz.catalogue.yamlreader import Mapping, Node

_FIELD_INDEX: dict[str, dict[str, Field]] = {s.kind: {f.name: f for f in s.fields} for s in SPECS.values()}
_REQUIRED: dict[str, tuple[str, ...]] = {s.kind: tuple(f.name for f in s.fields if f.required) for s in SPECS.values()}


@attrs.frozen
class Built:
    """The outcome of checking one entry: its record if it is valid, and what was read either way."""

    kind: str
    record: Entry | None
    problems: list[FieldProblem]
    values: dict[str, object]  # what was read, kept only when there is no record to hold it
    origin: Origin | None

    def value(self, name: str) -> object:
        """The value read for field ``name``, or None."""
        return self.values.get(name) if self.record is None else getattr(self.record, name)


def build_entry(spec: Spec, node: Node, path: str, shared: dict[object, object] | None = None) -> Built:
    """Check one entry's mapping against ``spec`` and build its record; collect every problem.

    Lists of text equal to one in ``shared`` (tags, sources: they repeat from
    entry to entry) are kept as that one copy; new ones are added to it.
    """
    if not isinstance(node, Mapping):
        message = f"each {spec.kind} must be a mapping of keys and values, found {node.kind}"
        return Built(spec.kind, None, [FieldProblem(node.line, node.col, message)], {}, None)
    problems: list[FieldProblem] = []
    values: dict[str, object] = {}
    marks: dict[str, tuple[int, int]] = {}
    index = _FIELD_INDEX[spec.kind]
    for key, value in node.items:
        field = index.get(key.text)
        if field is None:
            names = list(index)
            problems.append(
                FieldProblem(key.line, key.col, f"unknown key {key.text!r} in a {spec.kind}{did_you_mean(key.text, names)}")
            )
            continue
        marks[field.name] = (value.line, value.col)
        try:
            values[field.name] = _one_copy(field.check(value), shared)
        except Invalid as exc:
            problems.append(FieldProblem(exc.node.line, exc.node.col, f"{field.name}: {exc.message}"))
    for name in _REQUIRED[spec.kind]:
        if name not in marks:
            label = f" {values['id']!r}" if "id" in values else ""
            problems.append(FieldProblem(node.line, node.col, f"{spec.kind}{label} is missing required key {name!r}"))
    problems.extend(kind_checks(spec.kind, values, marks, node))
    origin = Origin.of(path, node.line, node.col, marks)
    record = None if problems else spec.record(**values, origin=origin)
    # A valid entry's values live on in its record: keeping the dictionary too held
    # another copy of every entry's fields until loading ended.
    return Built(spec.kind, record, problems, values if record is None else {}, origin)


def _one_copy(value: object, shared: dict[object, object] | None) -> object:
    """The copy in ``shared`` of a list of texts equal to ``value`` (added if new); any other value as it is."""
    if shared is None or type(value) is not tuple or not all(type(item) is str for item in value):
        return value
    return shared.setdefault(value, value)
