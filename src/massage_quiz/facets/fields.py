"""The fields of each note: an entry's facts as escaped HTML, in the order of its note type.

Content is text, never HTML: every value is escaped here, so ``<b>`` typed
in YAML shows as ``<b>`` on the card and in the drill.
"""

from __future__ import annotations

import html
import re

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.kinds import EntryKind, QuestionType
from massage_quiz.catalogue.records import Acupoint, Contraindication, Question, Technique


def _text(value: str | None) -> str:
    """Content as text on a card: HTML escaped, and Anki's own markup made inert.

    Anki plays ``[sound:...]`` and typesets ``[latex]``, ``[$]`` and
    MathJax's ``\\(`` and ``\\[`` found in a card: a bracket written as an
    entity is no tag, and an empty element between the backslash and the
    bracket is no MathJax delimiter, yet both read as they were written.
    """
    if not value:
        return ""
    # html.escape(value, quote=False), without its call: every field of every note comes here, and `check` makes them all.
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Most texts hold neither: testing first is cheaper than the substitution (every field of every note comes here).
    escaped = _ANKI_MARKUP.sub(_inert, escaped) if "[" in escaped or "\\" in escaped else escaped
    # A phone breaks a line after a hyphen: "B-" at the end of one line and "cun" on the next reads as nothing.
    return escaped.replace("B-cun", _NO_BREAK) if "B-cun" in escaped else escaped


_NO_BREAK = '<span class="nowrap">B-cun</span>'


def _inert(match: re.Match[str]) -> str:
    bracket = "&#91;" if match.group(0).endswith("[") else "("
    return "\\<span></span>" + bracket if match.group(0).startswith("\\") else bracket


_ANKI_MARKUP = re.compile(r"\\([(\[])|\[")


def _list(values: tuple[str, ...]) -> str:
    if len(values) <= 1:
        return _text(values[0] if values else "")
    return "<ul>" + "".join(f"<li>{_text(v)}</li>" for v in values) + "</ul>"


def _numbered(values: tuple[str, ...], right: int | None = None) -> str:
    # The right option carries a class that the card's styling marks once the answer is shown.
    items = (('<li class="right">' if n == right else "<li>") + f"{_text(v)}</li>" for n, v in enumerate(values))
    return "<ol>" + "".join(items) + "</ol>"


def _picture(name: str) -> str:
    return f'<img src="{html.escape(name)}" alt="">'


def force_rhythm(t: Technique) -> str:
    """Force and rhythm in one answer, each labelled."""
    return " ".join(part for part in (f"Force: {t.force}" if t.force else "", f"Rhythm: {t.rhythm}" if t.rhythm else "") if part)


def pressing(a: Acupoint) -> str:
    """How a point is pressed, and what the recipient should feel."""
    return (a.pressing or "") + (f" Sensation sought: {a.sensation}" if a.sensation else "")


def technique_fields(t: Technique, catalogue: Catalogue) -> dict[str, str]:
    """The fields of a technique's note, by name."""
    force = [("Force", t.force)] if t.force else []
    rhythm = [("Rhythm", t.rhythm)] if t.rhythm else []
    points = [catalogue.get(EntryKind.ACUPOINT, i) for i in t.acupoints]
    chinese = " ".join(x for x in (t.chinese, t.pinyin) if x)
    return {
        "Key": _text(f"technique:{t.id}"),
        "Name": _text(t.name),
        "Chinese": _text(chinese),
        "OtherNames": _list(t.other_names),
        "HandPosition": _text(t.hand_position),
        "Direction": _text(t.direction),
        "ForceRhythm": "<br>".join(
            f"<b>{label}:</b> {_text(x)}" for label, x in force + rhythm
        ),  # labelled as the card's other rows
        "Endpoint": _text(t.endpoint),
        "Effects": _list(t.effects),
        "Acupoints": _text(", ".join(p.title for p in points if p is not None)),
        "Tradition": _text(t.tradition),
        "Cautions": _list(t.cautions),
        "Source": _list(t.source),
        "PathPicture": _picture(technique_media_name(t.id)) if t.path else "",
    }


def english_names(a: Acupoint) -> str | None:
    """The point's English name, with the names other translators give it, e.g. ``Residence of the Will (also: Will Chamber)``."""
    if not a.other_english:
        return a.english
    others = "; ".join(a.other_english)
    return f"{a.english} (also: {others})" if a.english else others


def acupoint_fields(a: Acupoint) -> dict[str, str]:
    """The fields of an acupoint's note, by name."""
    return {
        "Key": _text(f"acupoint:{a.id}"),
        "Name": _text(a.pinyin),
        "Code": _text(a.code if a.has_who_code else ""),
        "CodeSpellings": _text(", ".join(a.code_spellings)),
        "Hanzi": _text(a.hanzi),
        "English": _text(english_names(a)),
        "Meridian": _text(a.meridian),
        "Location": _text(a.location),
        "Disputed": _text(a.disputed),
        "Pressing": _text(a.pressing),
        "Sensation": _text(a.sensation),
        "Cautions": _list(a.cautions),
        "Notes": _list(a.notes),
        "Source": _list(a.source),
        "LocationPicture": _picture(acupoint_media_name(a.id)) if a.map else "",
    }


def contraindication_fields(c: Contraindication) -> dict[str, str]:
    """The fields of a contraindication's note, by name."""
    return {
        "Key": _text(f"contraindication:{c.id}"),
        "Condition": _text(c.condition),
        "Rule": rule(c),
        "Details": _text(c.details),
        "AppliesTo": _text(c.applies_to),
        "Signs": client(c),
        "Source": _list(c.source),
    }


def rule(c: Contraindication) -> str:
    """What to do, as the answer's panel shows it: for a red flag, with how urgently and to whom the client is sent."""
    if "red-flag" not in c.tags or not c.details:
        return _text(c.rule_text)
    # A trainee checks their answer against the panel: "refer" alone would pass "refer to a GP" for an emergency.
    return f'{_text(c.rule_text)}<div class="urgent">{_text(c.details)}</div>'


def client(c: Contraindication) -> str:
    """What the trainee sees of the client: the situation, then the signs (the note type's Signs field).

    The field keeps its name (a contract with every collection, see docs/deck.md)
    and holds the whole of the client's picture, so that the card asks from a
    real situation, as a trainee meets it.
    """
    if not c.recognise:
        # The client has told the trainee what it is: "What may this be?" would ask the front's own words,
        # and "what do you do" is the rule card's question. An empty field makes no card (as Anki does).
        return ""
    situation = f'<div class="situation">{_text(c.situation)}</div>' if c.situation else ""
    if not c.signs:
        return situation
    return situation + "<div><b>Signs:</b></div>" + _list(c.signs) if situation else _list(c.signs)


def question_fields(q: Question, catalogue: Catalogue) -> dict[str, str]:
    """The fields of an instructor question's note, by name."""
    options = q.options()
    right = options.index(q.answer_text) if q.type == QuestionType.CHOICE and q.answer_text in options else None
    choices = _numbered(options, right) if options else "True or false?" if q.type == QuestionType.TRUE_FALSE else ""
    if isinstance(q.answer, tuple):
        answer = _numbered(q.answer)
    elif right is not None:
        # The back says which numbered option was right, as well as its text.
        answer = f'<span class="option">{right + 1}.</span> {_text(q.answer_text)}'
    else:
        answer = _text(q.answer_text)
        if q.accept:
            answer += f'<div class="accepted">Also accepted: {_text(", ".join(q.accept))}</div>'
    about = ""
    if q.about:
        entry = catalogue.get(*q.about)
        about = _text(f"{q.about[0].capitalize()}: {entry.title}") if entry else ""
    return {
        "Key": _text(f"question:{q.id}"),
        "Prompt": _text(q.prompt),
        "Choices": choices,
        "Answer": answer,
        "Explanation": _text(q.explanation) + _why_not(q),
        "Type": _text(q.type),
        "About": about,
        "Source": _list(q.source),
    }


WHY_NOT = re.compile(r'<div class="whynot">.*?</div>', re.S)  # one explained option, as _why_not writes it


def _why_not(q: Question) -> str:
    """Why each explained wrong option is wrong, by its text (the drill shuffles the numbers), with its source."""
    return "".join(
        f'<div class="whynot">Why not “{_text(w.option)}”: {_text(w.why)} <span class="whysource">(Source: {_text(w.source)})</span></div>'
        for w in q.why_not
    )


def acupoint_media_name(entry_id: str) -> str:
    """The media file name of an acupoint's picture: fixed by its id, so a re-import replaces it."""
    return f"massage-quiz-acupoint-{entry_id}.svg"


def technique_media_name(entry_id: str) -> str:
    """The media file name of a technique's picture."""
    return f"massage-quiz-technique-{entry_id}.svg"


def acupoint_picture(a: Acupoint) -> tuple[str, str] | None:
    """An acupoint's map as (media name, SVG), if it has one."""
    from massage_quiz.bodymap import svg

    if a.map is None:
        return None
    return acupoint_media_name(a.id), svg.acupoint_svg(a.code, a.pinyin, a.map)


def technique_picture(t: Technique) -> tuple[str, str] | None:
    """A technique's strokes as (media name, SVG), if it has a path."""
    from massage_quiz.bodymap import svg

    if t.path is None:
        return None
    return technique_media_name(t.id), svg.technique_svg(t.name, t.path)
