"""Body maps as SVG, for the Anki deck and ``show --picture``."""

from __future__ import annotations

from html import escape  # quotes too: the title also stands in an attribute

from massage_quiz.bodymap import (
    ANKLE_HEIGHT,
    ANKLE_MALLEOLUS,
    ANKLE_TENDON_X,
    CUN,
    HEIGHT,
    HIATUS,
    KNEE_CREASE,
    KNEE_HEIGHT,
    LEVELS,
    MID_X,
    SACRUM_BOTTOM,
    TOP,
    TROCHANTER_DX,
    TROCHANTER_Y,
    VERTEBRA,
    WIDTH,
    PointMap,
    Region,
    StrokePath,
    level_y,
    point_position,
    runs_down,
)

CREST_Y = level_y("L4") - VERTEBRA + 12  # across the L4 spinous process, above the "L4" written on it

_STYLE = (
    "<style>"
    ".paper{fill:#fbfaf7;stroke:#c9c4b8}"
    ".bone{fill:#ece7dc;stroke:#8a8170;stroke-width:1.5}"
    ".line{stroke:#8a8170;stroke-width:1.2;fill:none}"
    ".guide{stroke:#7a8fa6;stroke-width:1;stroke-dasharray:5 4;fill:none}"
    ".crest{stroke:#b07d2b;stroke-width:1.5;stroke-dasharray:8 4;fill:none}"
    ".point{fill:#c0392b;stroke:#fff;stroke-width:2}"
    # A disputed range: a bar between two end ticks, solid enough to read as a range at phone size, not a smudge.
    ".range{stroke:#c0392b;stroke-opacity:.55;stroke-width:6;stroke-linecap:butt}"
    ".range-end{stroke:#c0392b;stroke-width:2.5}"
    ".arrow{stroke:#1f6fb2;stroke-width:4;fill:none;marker-end:url(#head)}"
    # A 460-unit figure is drawn about 340 px wide on a 360 px phone: 15 units make 11 px there.
    "text{font-family:Helvetica,Arial,'Noto Sans',sans-serif;fill:#3d3a33;font-size:16px}"
    ".label{font-size:19px;font-weight:bold;fill:#8e2a1f}"
    ".small{font-size:15px;fill:#5b5547}"
    ".leader{stroke:#8e2a1f;stroke-width:1.2}"
    "</style>"
)


# Marks a picture as massage-quiz's own, so `show --picture` may replace it and nothing else.
MADE_BY = 'data-made-by="massage-quiz"'


def _svg(body: list[str], title: str, height: float = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {MADE_BY} viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title)}">'
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
    parts.append(
        f'<path class="bone" d="M{MID_X - 60:.1f},{s_top + 4:.1f} L{MID_X + 60:.1f},{s_top + 4:.1f} '
        f'L{MID_X + 14:.1f},{SACRUM_BOTTOM:.1f} L{MID_X - 14:.1f},{SACRUM_BOTTOM:.1f} Z"/>'
    )
    parts.append(f'<text x="{MID_X:.1f}" y="{s_top + 45:.1f}" text-anchor="middle" class="small">sacrum</text>')
    parts.append(f'<line class="line" x1="{MID_X:.1f}" y1="{TOP - 30:.1f}" x2="{MID_X:.1f}" y2="{TOP - 4:.1f}"/>')
    parts.append(f'<text x="{MID_X:.1f}" y="{TOP - 36:.1f}" text-anchor="middle" class="small">posterior midline</text>')
    for cun in (1.5, 3.0):
        for sign in (-1, 1):
            x = MID_X + sign * cun * CUN
            parts.append(f'<line class="guide" x1="{x:.1f}" y1="{TOP - 10:.1f}" x2="{x:.1f}" y2="{s_top:.1f}"/>')
        parts.append(f'<text x="{MID_X + cun * CUN:.1f}" y="{TOP - 14:.1f}" text-anchor="middle" class="small">{cun:g}</text>')
    parts.append(f'<text x="{MID_X + 4.2 * CUN:.1f}" y="{TOP - 14:.1f}" class="small">B-cun</text>')
    # The line joining the highest points of the iliac crests: horizontal, across the L4 spinous process.
    parts.append(f'<line class="crest" x1="{MID_X - 200:.1f}" y1="{CREST_Y:.1f}" x2="{MID_X + 200:.1f}" y2="{CREST_Y:.1f}"/>')
    parts.append(f'<text x="8" y="{CREST_Y - 6:.1f}" class="small">iliac crest ≈ L4</text>')
    return parts


def _mark(x: float, y: float, label: str, both: bool, region: str = "knee", reach: float = 0.0) -> list[str]:
    xs = [x, 2 * MID_X - x] if both and abs(x - MID_X) > 0.5 else [x]
    parts = [f'<circle class="point" cx="{px:.1f}" cy="{y:.1f}" r="7"/>' for px in xs]
    # The label stands where no line of the figure runs: on the back and the buttock to the
    # right of the outer B-cun guide, at the ankle beyond the tendon, clear of the crest line,
    # joined to its point by a leader where it stands apart.
    right = max(xs)
    tx = max(right, reach) + 14  # beyond the point, and beyond a disputed range drawn from it
    ty = y
    if region in (Region.LOWER_BACK, Region.BUTTOCK):
        tx = max(tx, MID_X + 3 * CUN + 12)
        if abs(ty - CREST_Y) < 20:
            ty = CREST_Y + 26
        if region == Region.BUTTOCK:
            ty = y - 24
    elif region == Region.ANKLE:
        tx = ANKLE_TENDON_X + 30
    else:  # the knee: above the crease line
        ty = y - 20
    if tx - right > 20 or abs(ty - y) > 20:
        parts.append(f'<line class="leader" x1="{right + 8:.1f}" y1="{y:.1f}" x2="{tx - 4:.1f}" y2="{ty:.1f}"/>')
    parts.append(f'<text class="label" x="{tx:.1f}" y="{ty + 7:.1f}">{escape(label)}</text>')
    return parts


def acupoint_svg(code: str, name: str, spot: PointMap) -> str:
    """The figure for one acupoint, the point marked and labelled."""
    title = f"{name} ({code})"
    if spot.region == Region.KNEE:
        return _svg(_knee() + _mark(*point_position(spot), code, False, "knee"), title, KNEE_HEIGHT)
    if spot.region == Region.ANKLE:
        return _svg(_ankle() + _mark(*point_position(spot), code, False, "ankle"), title, ANKLE_HEIGHT)
    body = _lower_back()
    if spot.region == Region.BUTTOCK:
        body += _buttock()
    x, y = point_position(spot)
    if spot.lateral_to is not None:
        for sign in (-1, 1):
            a, b = MID_X + sign * spot.lateral * CUN, MID_X + sign * spot.lateral_to * CUN
            body.append(f'<line class="range" x1="{a:.1f}" y1="{y:.1f}" x2="{b:.1f}" y2="{y:.1f}"/>')
            body += [f'<line class="range-end" x1="{e:.1f}" y1="{y - 10:.1f}" x2="{e:.1f}" y2="{y + 10:.1f}"/>' for e in (a, b)]
        body.append(
            # Below the sacrum, where no guide line runs.
            f'<text x="{WIDTH - 12:.1f}" y="{HEIGHT - 16:.1f}" text-anchor="end" class="small">sources differ: '
            f"{spot.lateral:g}–{spot.lateral_to:g} B-cun</text>"
        )
    reach = MID_X + spot.lateral_to * CUN + 6 if spot.lateral_to is not None else 0.0
    body += _mark(x, y, code, spot.bilateral, spot.region, reach)
    return _svg(body, title)


REGION_TITLES = {
    "lower-back": "Lower back",
    "buttock": "Lower back and buttock",
    "knee": "Back of the knee",
    "ankle": "Outer ankle",
}


def blank_svg(region: str) -> str:
    """The figure of a region with no point marked, for a trainee to mark the point on."""
    title = REGION_TITLES[region]
    if region == Region.KNEE:
        return _svg(_knee(), title, KNEE_HEIGHT)
    if region == Region.ANKLE:
        return _svg(_ankle(), title, ANKLE_HEIGHT)
    return _svg(_lower_back() + (_buttock() if region == Region.BUTTOCK else []), title)


def _buttock() -> list[str]:
    parts = []
    for sign in (-1, 1):
        tx = MID_X + sign * TROCHANTER_DX
        parts.append(f'<circle class="bone" cx="{tx:.1f}" cy="{TROCHANTER_Y:.1f}" r="13"/>')
        parts.append(f'<line class="guide" x1="{tx:.1f}" y1="{TROCHANTER_Y:.1f}" x2="{HIATUS[0]:.1f}" y2="{HIATUS[1]:.1f}"/>')
    parts.append(
        f'<text x="{MID_X + TROCHANTER_DX + 14:.1f}" y="{TROCHANTER_Y + 32:.1f}" text-anchor="end" class="small">greater trochanter</text>'
    )
    parts.append(f'<text x="{HIATUS[0]:.1f}" y="{HIATUS[1] + 40:.1f}" text-anchor="middle" class="small">sacral hiatus</text>')
    return parts


def _knee() -> list[str]:
    x, y = KNEE_CREASE
    return [
        f'<path class="line" d="M{x - 80:.1f},20 C{x - 86:.1f},110 {x - 70:.1f},190 {x - 55:.1f},280"/>',
        f'<path class="line" d="M{x + 80:.1f},20 C{x + 86:.1f},110 {x + 70:.1f},190 {x + 55:.1f},280"/>',
        f'<path class="crest" d="M{x - 78:.1f},{y:.1f} Q{x:.1f},{y + 10:.1f} {x + 78:.1f},{y:.1f}"/>',
        f'<text x="{x:.1f}" y="{y + 36:.1f}" text-anchor="middle" class="small">popliteal crease</text>',
        f'<text x="{x:.1f}" y="44" text-anchor="middle" class="small">back of the knee</text>',
        f'<text x="{x:.1f}" y="270" text-anchor="middle" class="small">calf</text>',
    ]


def _ankle() -> list[str]:
    mx, my = ANKLE_MALLEOLUS
    return [
        f'<path class="line" d="M{mx - 40:.1f},20 L{mx - 45:.1f},200 Q{mx - 60:.1f},260 {mx - 150:.1f},270 L{mx - 150:.1f},290"/>',
        f'<path class="line" d="M{ANKLE_TENDON_X + 10:.1f},20 L{ANKLE_TENDON_X + 14:.1f},230 Q{ANKLE_TENDON_X + 20:.1f},280 {mx:.1f},288"/>',
        f'<circle class="bone" cx="{mx:.1f}" cy="{my:.1f}" r="20"/>',
        f'<line class="crest" x1="{ANKLE_TENDON_X:.1f}" y1="60" x2="{ANKLE_TENDON_X:.1f}" y2="250"/>',
        f'<text x="{mx + 10:.1f}" y="{my + 76:.1f}" text-anchor="middle" class="small">lateral malleolus</text>',
        f'<text x="{ANKLE_TENDON_X + 20:.1f}" y="80" class="small">calcaneal tendon</text>',
        f'<text x="{(mx - 40 + ANKLE_TENDON_X + 10) / 2:.1f}" y="40" text-anchor="middle" class="small">outer ankle</text>',
    ]


def technique_svg(name: str, path: StrokePath) -> str:
    """The figure for a technique: its strokes drawn as arrows."""
    body = _lower_back()
    # From the start vertebra's far edge to the end vertebra's near edge, so an
    # upward stroke is drawn over the same levels as a downward one, arrow first.
    if runs_down(path):
        y1, y2 = level_y(path.start) - VERTEBRA + 8, level_y(path.end) - 8
    else:
        y1, y2 = level_y(path.start) - 8, level_y(path.end) - VERTEBRA + 8
    sides = (-1, 1) if path.both_sides else (1,)
    for sign in sides:
        x = MID_X + sign * path.lateral * CUN
        body.append(f'<line class="arrow" x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}"/>')
    # Below the sacrum, where no line runs.
    body.append(f'<text class="label" x="{MID_X:.1f}" y="{HEIGHT - 30:.1f}" text-anchor="middle">{escape(name)}</text>')
    return _svg(body, name)
