"""Body maps as text for the terminal: at most 80 columns, with a plain-ASCII fallback."""

from __future__ import annotations

import textwrap

from massage_quiz.bodymap import LEVELS, PointMap, Region, StrokePath, runs_down

TEXT_COLUMNS = 40  # the figure (4 B-cun either side); labels take the rest of 80 columns
TEXT_WIDTH = 80
_TEXT_MID = 20
_TEXT_CUN = 4  # columns per B-cun
_UNICODE = {"mid": "│", "guide": "┊", "crest": "┄", "point": "●", "down": "↓", "up": "↑", "bone": "▒"}
_PLAIN = {"mid": "|", "guide": ":", "crest": "-", "point": "*", "down": "v", "up": "^", "bone": "#"}


def _frame_rows(chars: dict[str, str]) -> list[list[str]]:
    """The lower back as text: two rows per vertebra, the second at the level of its lower border."""
    rows = [list(" " * TEXT_COLUMNS) for _ in range(12)]
    for row in rows:
        row[_TEXT_MID] = chars["mid"]
        for cun in (1.5, 3.0):
            for sign in (-1, 1):
                row[_TEXT_MID + sign * int(cun * _TEXT_CUN)] = chars["guide"]
    for n, level in enumerate(LEVELS[:5]):
        row = rows[2 * n]
        row[_TEXT_MID - 1 : _TEXT_MID + 1] = list(level)
    crest = rows[2 * 3]  # the iliac crest line crosses the L4 spinous process
    for col in range(TEXT_COLUMNS):
        if crest[col] == " ":
            crest[col] = chars["crest"]
    rows[10][_TEXT_MID - 2 : _TEXT_MID + 3] = list(chars["bone"] * 5)
    rows[11][_TEXT_MID - 1 : _TEXT_MID + 2] = list(chars["bone"] * 3)
    return rows


def _text_level_row(level: str) -> int:
    return 2 * LEVELS.index(level) + 1


def _labels(extra: dict[int, str], chars: dict[str, str]) -> dict[int, str]:
    labels = {6: f"{chars['crest'] * 2} iliac crest line (about L4)", 10: "sacrum"}
    labels.update(extra)
    return labels


def _scale_row() -> str:
    """The B-cun scale above the figure, each number over its line."""
    row = list(" " * (TEXT_COLUMNS + 8))
    marks = {_TEXT_MID: "midline"}
    for cun in (1.5, 3.0):
        for sign in (-1, 1):
            marks[_TEXT_MID + sign * int(cun * _TEXT_CUN)] = f"{cun:g}"
    for col, text in marks.items():
        start = col - len(text) // 2
        row[start : start + len(text)] = list(text)
    return "".join(row).rstrip() + "  B-cun"


def _join(rows: list[list[str]], labels: dict[int, str], header: str, width: int = TEXT_WIDTH) -> str:
    """The figure with each label beside its row; on a narrow terminal, the labels as a legend below it."""
    if width >= TEXT_WIDTH:
        lines = [header, _scale_row()]
        lines.extend(_fit(("".join(row) + "  " + labels.get(index, "")).rstrip()) for index, row in enumerate(rows))
        return "\n".join(lines)
    lines = _wrapped(header, width)
    if width >= len(_scale_row()):
        lines.append(_scale_row())
        lines.extend("".join(row).rstrip() for row in rows)
    for index in sorted(labels):
        lines.extend(_wrapped(labels[index], width, "  "))
    return "\n".join(lines)


def _wrapped(text: str, width: int, hanging: str = "") -> list[str]:
    """Lines of at most ``width`` columns where words allow, never breaking a word or a label such as "BL23"."""
    return textwrap.wrap(text, max(width, 1), subsequent_indent=hanging, break_long_words=False, break_on_hyphens=False) or [""]


def _fit(line: str, width: int = TEXT_WIDTH) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def acupoint_text(
    code: str, name: str, spot: PointMap | None, unicode: bool = True, marked: bool = True, width: int = TEXT_WIDTH
) -> str:
    """The map as text, wrapped to ``width``; ``marked`` False draws only the lower back's frame.

    With the question, every point gets the same neutral frame: a figure of
    the knee or the ankle, or a gap where the point goes, would give the
    answer away.
    """
    chars = _UNICODE if unicode else _PLAIN
    if not marked:
        return _join(_frame_rows(chars), _labels({}, chars), "Lower back, seen from behind:", width)
    if spot is None or spot.region != Region.LOWER_BACK:
        return _small_figure(code, name, spot, chars, width)
    rows = _frame_rows(chars)
    labels: dict[int, str] = {}
    row = _text_level_row(spot.level or "L1")
    columns = {_TEXT_MID + round(spot.lateral * _TEXT_CUN)}
    if spot.lateral:
        columns.add(_TEXT_MID - round(spot.lateral * _TEXT_CUN))
    for col in columns:
        rows[row][col] = chars["point"]
    dash = "–" if unicode else "-"
    distance = (
        "on the midline"
        if not spot.lateral
        else f"{spot.lateral:g}" + (f"{dash}{spot.lateral_to:g}" if spot.lateral_to else "") + " B-cun out"
    )
    labels[row] = f"{chars['point']} {code} {name}: {spot.level}, {distance}"
    return _join(rows, _labels(labels, chars), "Lower back, seen from behind:", width)


def _small_figure(code: str, name: str, spot: PointMap | None, chars: dict[str, str], width: int) -> str:
    """A marked point away from the lower back: the knee, the ankle or the buttock."""
    point = chars["point"]
    if spot is not None and spot.region == Region.KNEE:
        return _fit_all(
            [
                "Back of the knee:",
                f"   {chars['mid']}        {chars['mid']}",
                f"   {chars['mid']}  thigh {chars['mid']}",
                f"   {chars['crest'] * 4}{point}{chars['crest'] * 4}   popliteal crease"
                + f"  {point} {code} {name}: its midpoint",
                f"   {chars['mid']}  calf  {chars['mid']}",
            ],
            width,
        )
    if spot is not None and spot.region == Region.ANKLE:
        return _fit_all(
            [
                "Outer side of the ankle:",
                f"   {chars['mid']}       {chars['mid']}",
                f"   ( )  {point}  {chars['mid']}   lateral malleolus ( ), calcaneal tendon {chars['mid']}",
                f"   {chars['mid']}       {chars['mid']}" + f"   {point} {code} {name}: in the depression between them",
            ],
            width,
        )
    if spot is not None and spot.region == Region.BUTTOCK:
        return _fit_all(
            [
                "Buttock, seen from behind:",
                f"   (o){chars['crest'] * 4}{point}{chars['crest'] * 8}{chars['bone']}   greater trochanter (o) to sacral hiatus {chars['bone']}",
                f"        {point} {code} {name}: a third of the way in from the trochanter",
            ],
            width,
        ).rstrip()
    return f"{code} {name}: no fixed site to draw"


def _fit_all(lines: list[str], width: int = TEXT_WIDTH) -> str:
    if width >= TEXT_WIDTH:
        return "\n".join(_fit(line) for line in lines)
    return "\n".join(part for line in lines for part in _wrapped(line, width, "   "))


def technique_text(name: str, path: StrokePath | None, unicode: bool = True, marked: bool = True, width: int = TEXT_WIDTH) -> str:
    """A technique's strokes as text arrows on the lower back (frame only when ``marked`` is False)."""
    chars = _UNICODE if unicode else _PLAIN
    rows = _frame_rows(chars)
    labels: dict[int, str] = {}
    if path is not None and marked:
        down = runs_down(path)
        arrow = chars["down" if down else "up"]
        top, bottom = sorted((path.start, path.end), key=LEVELS.index)
        first, last = _text_level_row(top) - 1, _text_level_row(bottom)
        columns = [_TEXT_MID + int(path.lateral * _TEXT_CUN)]
        if path.both_sides:
            columns.append(_TEXT_MID - int(path.lateral * _TEXT_CUN))
        for row in range(first, last + 1):
            for col in columns:
                rows[row][col] = arrow
        # The levels the strokes are drawn between are a drawing choice (the sources say "from the upper
        # waist downward"), so the label names only the direction and the side of the spine.
        side = "both sides" if path.both_sides else "one side"
        labels[first] = f"{arrow} {name}: {'downward' if down else 'upward'}, {side}"
    return _join(rows, _labels(labels, chars), "Lower back, seen from behind:", width)


def terminal_can_draw_unicode() -> bool:
    """Whether standard output can show the box-drawing characters and arrows."""
    import sys

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "".join(_UNICODE.values()).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
