"""Body maps drawn from the facts: where a point lies, which way a stroke runs.

Positions follow from an entry's ``map`` (acupoints) or ``path`` (techniques)
by B-cun proportions: a point 3 B-cun lateral is drawn twice as far from
the midline as one at 1.5, and points at one vertebral level share one
height. The same geometry is drawn as SVG for the Anki deck and as text for
the terminal (``svg`` and ``text``). The figures are schematic: landmarks
in proportion, not anatomy to scale.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

LEVELS = ("L1", "L2", "L3", "L4", "L5", "S1")


class Region(StrEnum):
    """Where on the body a map is drawn: each region is a figure of its own (the lower back and buttock share one)."""

    LOWER_BACK = "lower-back"
    BUTTOCK = "buttock"
    KNEE = "knee"
    ANKLE = "ankle"


REGIONS = tuple(region.value for region in Region)  # plain words: they reach the schema and messages
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
# Knee and ankle, each a figure of its own.
KNEE_HEIGHT = 300.0
KNEE_CREASE = (MID_X, 150.0)
ANKLE_HEIGHT = 300.0
ANKLE_MALLEOLUS = (MID_X - 40.0, 170.0)
ANKLE_TENDON_X = MID_X + 50.0
ANKLE_POINT = ((ANKLE_MALLEOLUS[0] + ANKLE_TENDON_X) / 2, ANKLE_MALLEOLUS[1])


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
        return self.region != Region.LOWER_BACK or self.lateral > 0


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
    if spot.region == Region.LOWER_BACK:
        return MID_X + spot.lateral * CUN, level_y(spot.level or "L1")
    if spot.region == Region.BUTTOCK:
        tx, ty = MID_X + TROCHANTER_DX, TROCHANTER_Y
        hx, hy = HIATUS  # one third of the way from the trochanter to the hiatus
        return tx + (hx - tx) / 3, ty + (hy - ty) / 3
    if spot.region == Region.KNEE:
        return KNEE_CREASE
    return ANKLE_POINT


def runs_down(path: StrokePath) -> bool:
    """Whether the strokes run down the back (towards the sacrum)."""
    return LEVELS.index(path.end) > LEVELS.index(path.start)
