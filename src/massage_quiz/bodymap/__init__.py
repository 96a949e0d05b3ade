"""Body maps drawn from the facts: where a point lies, which way a stroke runs.

Positions follow from an entry's ``map`` (acupoints) or ``path`` (techniques)
by B-cun proportions: a point 3 B-cun lateral is drawn twice as far from
the midline as one at 1.5, and points at one vertebral level share one
height. The same geometry is drawn as SVG for the Anki deck and as text for
the terminal. The figures are schematic: landmarks in proportion, not
anatomy to scale.
"""

from __future__ import annotations

from typing import NamedTuple
from xml.sax.saxutils import escape

LEVELS = ("L1", "L2", "L3", "L4", "L5", "S1")
REGIONS = ("lower-back", "buttock", "knee", "ankle")
LANDMARKS = {
    "knee": ("popliteal-crease-midpoint",),
    "ankle": ("between-lateral-malleolus-and-calcaneal-tendon",),
    "buttock": ("lateral-third-trochanter-to-sacral-hiatus",),
}

# Lower back, in SVG units.
MID_X = 230.0
CUN = 28.0  # one B-cun, horizontally
TOP = 70.0  # top of L1
VERTEBRA = 46.0  # height of one lumbar vertebra
SACRUM_BOTTOM = TOP + 5 * VERTEBRA + 110.0
HIATUS = (MID_X, SACRUM_BOTTOM - 12.0)
TROCHANTER_DX = 5.5 * CUN  # schematic: the greater trochanters, either side
TROCHANTER_Y = SACRUM_BOTTOM + 34.0
WIDTH, HEIGHT = 460.0, SACRUM_BOTTOM + 84.0


class PointMap(NamedTuple):
    """Where an acupoint is, in terms a drawing can use."""

    region: str
    level: str | None = None  # lower back: level of the lower border of this spinous process
    lateral: float = 0.0  # B-cun from the posterior midline
    lateral_to: float | None = None  # the far end of a disputed distance
    landmark: str | None = None  # knee, ankle, buttock: the landmark the point is found by

    @property
    def bilateral(self) -> bool:
        """Off the midline, a point exists on both sides."""
        return self.region != "lower-back" or self.lateral > 0


class StrokePath(NamedTuple):
    """Where a stroke runs on the lower back."""

    start: str  # a level in LEVELS
    end: str
    lateral: float  # B-cun from the midline where the strokes are drawn
    both_sides: bool = True


def level_y(level: str) -> float:
    """The height of the lower border of a vertebra's spinous process."""
    return TOP + (LEVELS.index(level) + 1) * VERTEBRA


def point_position(spot: PointMap) -> tuple[float, float]:
    """The point's position on its figure (the right-hand one, for a point on both sides)."""
    if spot.region == "lower-back":
        return MID_X + spot.lateral * CUN, level_y(spot.level or "L1")
    if spot.region == "buttock":
        tx, ty = MID_X + TROCHANTER_DX, TROCHANTER_Y
        hx, hy = HIATUS  # one third of the way from the trochanter to the hiatus
        return tx + (hx - tx) / 3, ty + (hy - ty) / 3
    if spot.region == "knee":
        return KNEE_CREASE
    return ANKLE_POINT


# --- SVG ---------------------------------------------------------------

_STYLE = (
    "<style>"
    ".paper{fill:#fbfaf7;stroke:#c9c4b8}"
    ".bone{fill:#ece7dc;stroke:#8a8170;stroke-width:1.5}"
    ".line{stroke:#8a8170;stroke-width:1.2;fill:none}"
    ".guide{stroke:#7a8fa6;stroke-width:1;stroke-dasharray:5 4;fill:none}"
    ".crest{stroke:#b07d2b;stroke-width:1.5;stroke-dasharray:8 4;fill:none}"
    ".point{fill:#c0392b;stroke:#fff;stroke-width:2}"
    ".range{stroke:#c0392b;stroke-opacity:.35;stroke-width:10;stroke-linecap:round}"
    ".arrow{stroke:#1f6fb2;stroke-width:4;fill:none;marker-end:url(#head)}"
    "text{font-family:Helvetica,Arial,'Noto Sans',sans-serif;fill:#3d3a33;font-size:13px}"
    ".label{font-size:15px;font-weight:bold;fill:#8e2a1f}"
    ".small{font-size:11px;fill:#6b6557}"
    "</style>"
)


def _svg(body: list[str], title: str, height: float = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title>{_STYLE}"
        '<defs><marker id="head" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="4" markerHeight="4" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#1f6fb2"/></marker></defs>'
        f'<rect class="paper" x="1" y="1" width="{WIDTH - 2:.0f}" height="{height - 2:.0f}" rx="12"/>'
        + "".join(body)
        + "</svg>\n"
    )


def _lower_back() -> list[str]:
    """The frame every lower-back figure shares: spine, sacrum, iliac crest line, B-cun lines."""
    parts = []
    for n, level in enumerate(LEVELS[:5]):
        top = TOP + n * VERTEBRA
        parts.append(f'<rect class="bone" x="{MID_X - 22:.1f}" y="{top + 4:.1f}" width="44" height="{VERTEBRA - 8:.1f}" rx="7"/>')
        parts.append(f'<text x="{MID_X:.1f}" y="{top + VERTEBRA / 2 + 5:.1f}" text-anchor="middle">{level}</text>')
    s_top = TOP + 5 * VERTEBRA
    parts.append(f'<path class="bone" d="M{MID_X - 60:.1f},{s_top + 4:.1f} L{MID_X + 60:.1f},{s_top + 4:.1f} '
                 f'L{MID_X + 14:.1f},{SACRUM_BOTTOM:.1f} L{MID_X - 14:.1f},{SACRUM_BOTTOM:.1f} Z"/>')
    parts.append(f'<text x="{MID_X:.1f}" y="{s_top + 45:.1f}" text-anchor="middle" class="small">sacrum</text>')
    parts.append(f'<line class="line" x1="{MID_X:.1f}" y1="{TOP - 30:.1f}" x2="{MID_X:.1f}" y2="{TOP - 4:.1f}"/>')
    parts.append(f'<text x="{MID_X:.1f}" y="{TOP - 36:.1f}" text-anchor="middle" class="small">posterior midline</text>')
    for cun in (1.5, 3.0):
        for sign in (-1, 1):
            x = MID_X + sign * cun * CUN
            parts.append(f'<line class="guide" x1="{x:.1f}" y1="{TOP - 10:.1f}" x2="{x:.1f}" y2="{s_top:.1f}"/>')
        parts.append(f'<text x="{MID_X + cun * CUN:.1f}" y="{TOP - 14:.1f}" text-anchor="middle" class="small">{cun:g}</text>')
    parts.append(f'<text x="{MID_X + 4.2 * CUN:.1f}" y="{TOP - 14:.1f}" class="small">B-cun</text>')
    crest = level_y("L4") - 10  # the line crosses the L4 spinous process
    parts.append(f'<path class="crest" d="M{MID_X - 200:.1f},{crest + 40:.1f} Q{MID_X - 120:.1f},{crest - 6:.1f} {MID_X:.1f},{crest:.1f} '
                 f'Q{MID_X + 120:.1f},{crest - 6:.1f} {MID_X + 200:.1f},{crest + 40:.1f}"/>')
    parts.append(f'<text x="14" y="{crest + 62:.1f}" class="small">iliac crest line (L4)</text>')
    return parts


def _mark(x: float, y: float, label: str, both: bool) -> list[str]:
    xs = [x, 2 * MID_X - x] if both and abs(x - MID_X) > 0.5 else [x]
    parts = [f'<circle class="point" cx="{px:.1f}" cy="{y:.1f}" r="7"/>' for px in xs]
    # The label sits above and to the right of the right-hand point, inside the figure.
    right = max(xs)
    anchor = "start" if right + 12 < WIDTH - 70 else "end"
    tx = right + 12 if anchor == "start" else right + 8
    parts.append(f'<text class="label" x="{tx:.1f}" y="{y - 12:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
    return parts


def acupoint_svg(code: str, name: str, spot: PointMap) -> str:
    """The figure for one acupoint, the point marked and labelled."""
    title = f"{name} ({code})"
    if spot.region == "knee":
        return _svg(_knee() + _mark(*point_position(spot), code, False), title, KNEE_HEIGHT)
    if spot.region == "ankle":
        return _svg(_ankle() + _mark(*point_position(spot), code, False), title, ANKLE_HEIGHT)
    body = _lower_back()
    if spot.region == "buttock":
        body += _buttock()
    x, y = point_position(spot)
    if spot.lateral_to is not None:
        for sign in (-1, 1):
            a, b = MID_X + sign * spot.lateral * CUN, MID_X + sign * spot.lateral_to * CUN
            body.append(f'<line class="range" x1="{a:.1f}" y1="{y:.1f}" x2="{b:.1f}" y2="{y:.1f}"/>')
        body.append(f'<text x="{WIDTH - 12:.1f}" y="{y + 28:.1f}" text-anchor="end" class="small">sources differ: '
                    f"{spot.lateral:g}–{spot.lateral_to:g} B-cun</text>")
    body += _mark(x, y, code, spot.bilateral)
    return _svg(body, title)


def _buttock() -> list[str]:
    parts = []
    for sign in (-1, 1):
        tx = MID_X + sign * TROCHANTER_DX
        parts.append(f'<circle class="bone" cx="{tx:.1f}" cy="{TROCHANTER_Y:.1f}" r="13"/>')
        parts.append(f'<line class="guide" x1="{tx:.1f}" y1="{TROCHANTER_Y:.1f}" x2="{HIATUS[0]:.1f}" y2="{HIATUS[1]:.1f}"/>')
    parts.append(f'<text x="{MID_X + TROCHANTER_DX + 14:.1f}" y="{TROCHANTER_Y + 32:.1f}" text-anchor="end" class="small">greater trochanter</text>')
    parts.append(f'<text x="{HIATUS[0]:.1f}" y="{HIATUS[1] + 40:.1f}" text-anchor="middle" class="small">sacral hiatus</text>')
    return parts


KNEE_HEIGHT = 300.0
KNEE_CREASE = (MID_X, 150.0)


def _knee() -> list[str]:
    x, y = KNEE_CREASE
    return [
        f'<path class="line" d="M{x - 80:.1f},20 C{x - 86:.1f},110 {x - 70:.1f},190 {x - 55:.1f},280"/>',
        f'<path class="line" d="M{x + 80:.1f},20 C{x + 86:.1f},110 {x + 70:.1f},190 {x + 55:.1f},280"/>',
        f'<path class="crest" d="M{x - 78:.1f},{y:.1f} Q{x:.1f},{y + 10:.1f} {x + 78:.1f},{y:.1f}"/>',
        f'<text x="{x - 76:.1f}" y="{y + 30:.1f}" class="small">popliteal crease</text>',
        f'<text x="{x:.1f}" y="44" text-anchor="middle" class="small">back of the knee</text>',
        f'<text x="{x:.1f}" y="270" text-anchor="middle" class="small">calf</text>',
    ]


ANKLE_HEIGHT = 300.0
ANKLE_MALLEOLUS = (MID_X - 40.0, 170.0)
ANKLE_TENDON_X = MID_X + 50.0
ANKLE_POINT = ((ANKLE_MALLEOLUS[0] + ANKLE_TENDON_X) / 2, ANKLE_MALLEOLUS[1])


def _ankle() -> list[str]:
    mx, my = ANKLE_MALLEOLUS
    return [
        f'<path class="line" d="M{mx - 40:.1f},20 L{mx - 45:.1f},200 Q{mx - 60:.1f},260 {mx - 150:.1f},270 L{mx - 150:.1f},290"/>',
        f'<path class="line" d="M{ANKLE_TENDON_X + 10:.1f},20 L{ANKLE_TENDON_X + 14:.1f},230 Q{ANKLE_TENDON_X + 20:.1f},280 {mx:.1f},288"/>',
        f'<circle class="bone" cx="{mx:.1f}" cy="{my:.1f}" r="20"/>',
        f'<line class="crest" x1="{ANKLE_TENDON_X:.1f}" y1="60" x2="{ANKLE_TENDON_X:.1f}" y2="250"/>',
        f'<text x="{mx - 20:.1f}" y="{my + 44:.1f}" text-anchor="end" class="small">lateral malleolus</text>',
        f'<text x="{ANKLE_TENDON_X + 20:.1f}" y="80" class="small">calcaneal tendon</text>',
        f'<text x="{MID_X:.1f}" y="40" text-anchor="middle" class="small">outer side of the ankle</text>',
    ]


def technique_svg(name: str, path: StrokePath) -> str:
    """The figure for a technique: its strokes drawn as arrows."""
    body = _lower_back()
    y1, y2 = level_y(path.start) - VERTEBRA + 8, level_y(path.end) - 8
    sides = (-1, 1) if path.both_sides else (1,)
    for sign in sides:
        x = MID_X + sign * path.lateral * CUN
        body.append(f'<line class="arrow" x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}"/>')
    body.append(f'<text class="label" x="{MID_X + path.lateral * CUN + 14:.1f}" y="{y1 + 10:.1f}">{escape(name)}</text>')
    return _svg(body, name)


def acupoint_media_name(entry_id: str) -> str:
    """The picture's file name in Anki's media folder: stable, from the id."""
    return f"massage-quiz-acupoint-{entry_id}.svg"


def technique_media_name(entry_id: str) -> str:
    """The picture's file name in Anki's media folder: stable, from the id."""
    return f"massage-quiz-technique-{entry_id}.svg"


# --- text ----------------------------------------------------------------

TEXT_COLUMNS = 40  # the figure (4 B-cun either side); labels take the rest of 80 columns
TEXT_WIDTH = 80
_TEXT_MID = 20
_TEXT_CUN = 4  # columns per B-cun
_UNICODE = {"mid": "│", "guide": "┊", "crest": "┄", "point": "●", "down": "↓", "bone": "▒"}
_PLAIN = {"mid": "|", "guide": ":", "crest": "-", "point": "*", "down": "v", "bone": "#"}


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
        row[_TEXT_MID - 1:_TEXT_MID + 1] = list(level)
    crest = rows[2 * 3]  # the iliac crest line crosses the L4 spinous process
    for col in range(TEXT_COLUMNS):
        if crest[col] == " ":
            crest[col] = chars["crest"]
    rows[10][_TEXT_MID - 2:_TEXT_MID + 3] = list(chars["bone"] * 5)
    rows[11][_TEXT_MID - 1:_TEXT_MID + 2] = list(chars["bone"] * 3)
    return rows


def _text_level_row(level: str) -> int:
    return 2 * LEVELS.index(level) + 1


def _labels(extra: dict[int, str], chars: dict[str, str]) -> dict[int, str]:
    labels = {6: f"{chars['crest'] * 2} iliac crest line (L4)", 10: "sacrum"}
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
        row[start:start + len(text)] = list(text)
    return ("".join(row).rstrip() + "  B-cun")


def _join(rows: list[list[str]], labels: dict[int, str], header: str, chars: dict[str, str]) -> str:
    lines = [header, _scale_row()]
    for index, row in enumerate(rows):
        label = labels.get(index, "")
        lines.append(_fit(("".join(row) + "  " + label).rstrip()))
    return "\n".join(lines)


def _fit(line: str) -> str:
    return line if len(line) <= TEXT_WIDTH else line[: TEXT_WIDTH - 1] + "…"


def acupoint_text(code: str, name: str, spot: PointMap | None, unicode: bool = True, marked: bool = True) -> str:
    """The map as text, at most 80 columns; ``marked`` False draws only the frame (for the question)."""
    chars = _UNICODE if unicode else _PLAIN
    if spot is None or spot.region != "lower-back":
        return _small_figure(code, name, spot, chars, marked)
    rows = _frame_rows(chars)
    labels: dict[int, str] = {}
    if marked:
        row = _text_level_row(spot.level or "L1")
        columns = {_TEXT_MID + int(round(spot.lateral * _TEXT_CUN))}
        if spot.lateral:
            columns.add(_TEXT_MID - int(round(spot.lateral * _TEXT_CUN)))
        for col in columns:
            rows[row][col] = chars["point"]
        dash = "–" if unicode else "-"
        distance = "on the midline" if not spot.lateral else f"{spot.lateral:g}" + (
            f"{dash}{spot.lateral_to:g}" if spot.lateral_to else "") + " B-cun out"
        labels[row] = f"{chars['point']} {code} {name}: {spot.level}, {distance}"
    return _join(rows, _labels(labels, chars), "Lower back, seen from behind:", chars)


def _small_figure(code: str, name: str, spot: PointMap | None, chars: dict[str, str], marked: bool) -> str:
    point = chars["point"] if marked else " "
    if spot is not None and spot.region == "knee":
        return _fit_all([
            "Back of the knee:",
            f"   {chars['mid']}        {chars['mid']}",
            f"   {chars['mid']}  thigh {chars['mid']}",
            f"   {chars['crest'] * 4}{point}{chars['crest'] * 4}   popliteal crease" + (f"  {point} {code} {name}: its midpoint" if marked else ""),
            f"   {chars['mid']}  calf  {chars['mid']}",
        ])
    if spot is not None and spot.region == "ankle":
        return _fit_all([
            "Outer side of the ankle:",
            f"   {chars['mid']}       {chars['mid']}",
            f"   ( )  {point}  {chars['mid']}   lateral malleolus ( ), calcaneal tendon {chars['mid']}",
            f"   {chars['mid']}       {chars['mid']}" + (f"   {point} {code} {name}: in the depression between them" if marked else ""),
        ])
    if spot is not None and spot.region == "buttock":
        return _fit_all([
            "Buttock, seen from behind:",
            f"   (o){chars['crest'] * 4}{point}{chars['crest'] * 8}{chars['bone']}   greater trochanter (o) to sacral hiatus {chars['bone']}",
            "" if not marked else f"        {point} {code} {name}: a third of the way in from the trochanter",
        ]).rstrip()
    return f"{code} {name}: no fixed site to draw"


def _fit_all(lines: list[str]) -> str:
    return "\n".join(_fit(line) for line in lines)


def technique_text(name: str, path: StrokePath | None, unicode: bool = True, marked: bool = True) -> str:
    """A technique's strokes as text arrows on the lower back (frame only when ``marked`` is False)."""
    chars = _UNICODE if unicode else _PLAIN
    rows = _frame_rows(chars)
    labels: dict[int, str] = {}
    if path is not None and marked:
        start, end = _text_level_row(path.start) - 1, _text_level_row(path.end)
        columns = [_TEXT_MID + int(path.lateral * _TEXT_CUN)]
        if path.both_sides:
            columns.append(_TEXT_MID - int(path.lateral * _TEXT_CUN))
        for row in range(start, end + 1):
            for col in columns:
                rows[row][col] = chars["down"]
        labels[start] = f"{chars['down']} {name}: {path.start} down to {path.end}"
    return _join(rows, _labels(labels, chars), "Lower back, seen from behind:", chars)


def terminal_can_draw_unicode() -> bool:
    """Whether standard output can show the box-drawing characters and arrows."""
    import sys

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "".join(_UNICODE.values()).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
