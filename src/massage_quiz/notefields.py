"""The text of each Anki note: its fields (HTML-escaped) and its tags.

Kept apart from the deck writer so that ``show`` can render a card as text
without loading genanki.
"""

from __future__ import annotations

import html

from massage_quiz.bodymap import acupoint_media_name, technique_media_name
from massage_quiz.catalogue import Catalogue
from massage_quiz.model import Acupoint, Contraindication, Entry, Question, Technique


def _text(value: str | None) -> str:
    return html.escape(value or "", quote=False)


def _list(values: tuple[str, ...]) -> str:
    if len(values) <= 1:
        return _text(values[0] if values else "")
    return "<ul>" + "".join(f"<li>{_text(v)}</li>" for v in values) + "</ul>"


def _technique_fields(t: Technique, catalogue: Catalogue) -> list[str]:
    force = [f"Force: {t.force}"] if t.force else []
    rhythm = [f"Rhythm: {t.rhythm}"] if t.rhythm else []
    points = [catalogue.get("acupoint", i) for i in t.acupoints]
    chinese = " ".join(x for x in (t.chinese, t.pinyin) if x)
    return [
        _text(f"technique:{t.id}"), _text(t.name), _text(chinese), _list(t.other_names), _text(t.hand_position),
        _text(t.direction), "<br>".join(_text(x) for x in force + rhythm), _text(t.endpoint), _list(t.effects),
        _text(", ".join(p.title for p in points if p is not None)), _text(t.tradition), _list(t.cautions),
        _list(t.source), _picture(technique_media_name(t.id)) if t.path else "",
    ]  # fmt: skip


def _acupoint_fields(a: Acupoint) -> list[str]:
    return [
        _text(f"acupoint:{a.id}"), _text(a.pinyin), _text(a.code if a.has_who_code else ""), _text(", ".join(a.code_spellings)),
        _text(a.hanzi), _text(a.english), _text(a.meridian), _text(a.location), _text(a.disputed), _text(a.pressing),
        _text(a.sensation), _list(a.cautions), _list(a.notes), _list(a.source),
        _picture(acupoint_media_name(a.id)) if a.map else "",
    ]  # fmt: skip


def _contraindication_fields(c: Contraindication) -> list[str]:
    return [
        _text(f"contraindication:{c.id}"), _text(c.condition), _text(c.rule_text), _text(c.details),
        _text(c.applies_to), _list(c.signs), _list(c.source),
    ]  # fmt: skip


def _question_fields(q: Question, catalogue: Catalogue) -> list[str]:
    options = q.options()
    if options:
        choices = "<ol>" + "".join(f"<li>{_text(o)}</li>" for o in options) + "</ol>"
    elif q.type == "true-false":
        choices = "True or false?"
    else:
        choices = ""
    if q.type == "order":
        answer = "<ol>" + "".join(f"<li>{_text(step)}</li>" for step in q.answer) + "</ol>"  # type: ignore[union-attr]
    else:
        answer = _text(q.answer_text)
        if q.accept:
            answer += f"<div>Also accepted: {_text(', '.join(q.accept))}</div>"
    about = ""
    if q.about:
        entry = catalogue.get(*q.about)
        about = _text(f"{q.about[0].capitalize()}: {entry.title}") if entry else ""
    return [_text(f"question:{q.id}"), _text(q.prompt), choices, answer, _text(q.explanation), _text(q.type), about, _list(q.source)]


def _picture(name: str) -> str:
    return f'<img src="{html.escape(name)}" alt="">'


def media(catalogue: Catalogue) -> dict[str, str]:
    """The pictures the notes show, by file name: one per mapped acupoint and per technique with a path."""
    from massage_quiz import bodymap

    files = {}
    for point in catalogue.acupoints:
        if point.map is not None:
            files[acupoint_media_name(point.id)] = bodymap.acupoint_svg(point.code, point.pinyin, point.map)
    for technique in catalogue.techniques:
        if technique.path is not None:
            files[technique_media_name(technique.id)] = bodymap.technique_svg(technique.name, technique.path)
    return files


def fields(entry: Entry, catalogue: Catalogue) -> list[str]:
    """The note's fields, in the order of its note type."""
    if isinstance(entry, Technique):
        return _technique_fields(entry, catalogue)
    if isinstance(entry, Acupoint):
        return _acupoint_fields(entry)
    if isinstance(entry, Contraindication):
        return _contraindication_fields(entry)
    return _question_fields(entry, catalogue)


def tags(entry: Entry) -> list[str]:
    """Hierarchical tags (``massage::acupoint::shenshu``) and the entry's own."""
    if isinstance(entry, Contraindication):
        return ["massage::contraindication", f"massage::contraindication::{entry.rule}", *entry.tags]
    if isinstance(entry, Question):
        about = [f"massage::{entry.about[0]}::{entry.about[1]}"] if entry.about else []
        return ["massage::question", *about, *entry.tags]
    return [f"massage::{entry.kind}::{entry.id}", *entry.tags]
