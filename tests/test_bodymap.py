"""Body maps: positions follow from the facts, and the pictures reach the deck and the terminal."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_quiz import bodymap
from massage_quiz.anki.package import media
from massage_quiz.bodymap import CUN, MID_X, PointMap, StrokePath, point_position
from massage_quiz.bodymap import svg as bodysvg
from massage_quiz.bodymap import text as bodytext
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.loader import load
from massage_quiz.cli import main
from massage_quiz.facets.table import TABLE

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load()


def test_b_cun_proportions() -> None:
    one_and_a_half = point_position(PointMap("lower-back", "L2", 1.5))[0] - MID_X
    three = point_position(PointMap("lower-back", "L2", 3.0))[0] - MID_X
    assert one_and_a_half == 1.5 * CUN
    assert three == 2 * one_and_a_half
    assert point_position(PointMap("lower-back", "L2", 0))[0] == MID_X


def test_points_at_one_level_line_up(catalogue: Catalogue) -> None:
    y = {a.code: point_position(a.map)[1] for a in catalogue.acupoints if a.map and a.map.region == "lower-back"}
    assert y["BL23"] == y["GV4"] == y["BL52"]
    assert y["BL25"] == y["GV3"] == y["EX-B7"]
    assert y["BL25"] > y["BL23"]  # L4 is drawn below L2


def test_buttock_point_is_a_third_of_the_way_from_the_trochanter() -> None:
    x, y = point_position(PointMap("buttock", landmark="lateral-third-trochanter-to-sacral-hiatus"))
    tx, ty = MID_X + bodymap.TROCHANTER_DX, bodymap.TROCHANTER_Y
    hx, hy = bodymap.HIATUS
    assert (x - tx) / (hx - tx) == pytest.approx(1 / 3)
    assert (y - ty) / (hy - ty) == pytest.approx(1 / 3)


def test_every_picture_is_well_formed_and_marks_its_point(catalogue: Catalogue) -> None:
    pictures = media(catalogue)
    assert sorted(pictures) == sorted(
        [f"massage-quiz-acupoint-{a.id}.svg" for a in catalogue.acupoints if a.id != "ashi"]
        + ["massage-quiz-technique-palm-pushing.svg"]
    )
    for point in catalogue.acupoints:
        if point.map is None:
            continue
        root = ET.fromstring(pictures[f"massage-quiz-acupoint-{point.id}.svg"])
        assert root.tag == f"{SVG}svg"
        circles = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle") if c.get("class") == "point"]
        x, y = point_position(point.map)
        assert (round(x, 1), round(y, 1)) in circles
        if point.map.region == "lower-back" and point.map.lateral:
            assert (round(2 * MID_X - x, 1), round(y, 1)) in circles  # and its twin on the other side
        labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
        assert labels == [point.code]
    arrows = [
        e
        for e in ET.fromstring(pictures["massage-quiz-technique-palm-pushing.svg"]).iter(f"{SVG}line")
        if e.get("class") == "arrow"
    ]
    assert len(arrows) == 2 and all(float(a.get("y2")) > float(a.get("y1")) for a in arrows)  # both sides, downward


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert (Debian's librsvg2-bin) is not installed")
def test_pictures_render_to_png(catalogue: Catalogue, tmp_path: Path) -> None:
    for name, svg in media(catalogue).items():
        source = tmp_path / name
        source.write_text(svg, encoding="utf-8")
        subprocess.run(["rsvg-convert", "-w", "460", str(source), "-o", str(source.with_suffix(".png"))], check=True)
        assert source.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pictures_ship_as_media_referenced_by_their_cards(tmp_path: Path, catalogue: Catalogue) -> None:
    from anki.collection import Collection
    from test_deck import T0, build_to, import_apkg

    col = Collection(str(tmp_path / "c.anki2"))
    try:
        import_apkg(col, build_to(catalogue, tmp_path / "a.apkg", T0))
        media_dir = Path(col.media.dir())
        names = sorted(p.name for p in media_dir.iterdir())
        assert names == sorted(media(catalogue))
        (cid,) = col.find_cards('"Key:acupoint:shenshu" "card:Location"')
        card = col.get_card(cid)
        assert '<img src="massage-quiz-acupoint-shenshu.svg"' in card.answer()
        assert "<img" not in card.question()  # the picture would give the answer away
        (cid,) = col.find_cards('"Key:technique:palm-pushing" "card:Direction"')
        assert '<img src="massage-quiz-technique-palm-pushing.svg"' in col.get_card(cid).answer()
        import_apkg(col, build_to(catalogue, tmp_path / "b.apkg", T0 + 60, tmp_path / "a.apkg"))
        assert sorted(p.name for p in media_dir.iterdir()) == names  # replaced, not multiplied
    finally:
        col.close()


BAD_MAPS = [
    ("map: {region: lower-back, level: L3, lateral: 1.5}", "map: level L3 is not in the location text"),
    ("map: {region: lower-back, level: L2, lateral: 3}", "map: lateral 3 is not in the location text (as '3 B-cun')"),
    ("map: {region: lower-back, level: L2, lateral: 0}", "map: lateral 0 (on the midline) but the location does not say midline"),
    ("map: {region: lower-back, lateral: 1.5}", "map: a point on the lower back needs 'level' (L1 to L5, or S1)"),
    ("map: {region: knee}", "map: a point on the knee needs 'landmark: popliteal-crease-midpoint'"),
    ("map: {region: lower-back, level: L2, lateral: 1.5, lateral_to: 1}", "map: 'lateral_to' must be farther out than 'lateral'"),
    ("map: {region: lower-back, level: L9, lateral: 1.5}", "map: level: 'L9' is not one of: L1, L2, L3, L4, L5, S1"),
    ("map: {region: lower-back, level: L2, lateral: wide}", "expected a distance in B-cun, such as 1.5"),
    ("map: {region: lower-back, level: L2, lateral: 1.5, side: left}", "unknown key 'side' in map"),
]


@pytest.mark.parametrize(("line", "message"), BAD_MAPS)
def test_check_validates_maps_against_the_location(make_folder, line: str, message: str) -> None:
    folder = make_folder(
        {
            "cards/p.yaml": (
                "acupoints:\n  - id: test-point\n    code: BL23\n    pinyin: Test\n"
                "    location: Level with the lower border of the spinous process of L2, 1.5 B-cun lateral.\n"
                f"    {line}\n    source: test\n"
            )
        }
    )
    result = CliRunner().invoke(main, ["check", "--content", folder])
    assert result.exit_code == 1
    assert message in result.output
    assert f"{folder}/cards/p.yaml:6:" in result.output


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("{start: L5, end: L1, lateral: 1.5, both_sides: true}", "path: runs up but the direction says otherwise"),
        (
            "{start: L1, end: L5, lateral: 1.5, both_sides: false}",
            "path: both_sides must match whether the direction says 'both sides'",
        ),
        ("{start: L1, lateral: 1.5}", "path needs 'end'"),
    ],
)
def test_check_validates_paths_against_the_direction(make_folder, path: str, message: str) -> None:
    folder = make_folder(
        {
            "cards/t.yaml": (
                "techniques:\n  - id: test-stroke\n    name: Test stroke\n    hand_position: Palms.\n"
                f"    direction: From the upper waist downward along both sides of the spine.\n    path: {path}\n    source: test\n"
            )
        }
    )
    result = CliRunner().invoke(main, ["check", "--content", folder])
    assert result.exit_code == 1
    assert message in result.output


def test_terminal_pictures_fit_80_columns_and_fall_back_to_ascii(catalogue: Catalogue) -> None:
    for point in catalogue.acupoints:
        for unicode in (True, False):
            for marked in (True, False):
                text = bodytext.acupoint_text(point.code, point.pinyin, point.map, unicode, marked)
                assert max(len(line) for line in text.splitlines()) <= 80
                if not unicode:  # the drawing is plain ASCII; only the point's own name may not be
                    assert text.replace(point.pinyin, "").isascii(), point.id
    plain = bodytext.technique_text("Palm pushing", catalogue.get("technique", "palm-pushing").path, unicode=False)
    assert plain.isascii() and "v Palm pushing: downward, both sides" in plain and "L1 down" not in plain


def test_text_map_marks_the_point_at_its_level_and_distance() -> None:
    lines = bodytext.acupoint_text("BL52", "Zhìshì", PointMap("lower-back", "L2", 3.0), unicode=False).splitlines()
    (row,) = [line for line in lines if "BL52" in line]
    assert row.index("*") == bodytext._TEXT_MID - 12 and row.rindex("*", 0, 40) == bodytext._TEXT_MID + 12
    assert "L2" in lines[lines.index(row) - 1]  # the row just below the L2 label


def test_drill_shows_the_frame_and_after_a_wrong_answer_the_point(isolated_user_state: Path) -> None:
    # Interleaving asks each point's code and name first: answer those earlier, so locations come next.
    from massage_quiz.drill.progress import Store
    from massage_quiz.drill.scheduling import scheduler_for
    from massage_quiz.items.load import load_items

    with Store(isolated_user_state) as store:
        for item in load_items():
            if item.id.endswith(("/code", "/name")):
                store.record(item.id, datetime.now(UTC), 3, True, "right", scheduler_for())
    result = CliRunner().invoke(
        main, ["drill", "--topic", "acupoints", "--tag", "lumbar", "--new-per-day", "40"], input="\n" * 20
    )
    before, after = result.output.split("Shènshū 肾俞\nBL23\nWhere is it?\n", 1)
    frame = before.rsplit("Acupoints\n", 1)[1]  # drawn above the question, so the question stays by the answer line
    assert frame.startswith("Lower back, seen from behind:")
    assert "BL23" not in frame and "BL23" not in after.split("Number or text >", 1)[0]  # the point is not given away
    feedback = result.output.split("Shènshū 肾俞\nBL23\nWhere is it?\n", 1)[1].split("✗ Not quite.", 1)[1].split("[", 1)[0]
    assert "● BL23 Shènshū: L2, 1.5 B-cun out" in feedback


def test_show_picture_writes_the_svg(tmp_path: Path) -> None:
    target = tmp_path / "bl23.svg"
    result = CliRunner().invoke(main, ["show", "shenshu", "--picture", str(target)])
    assert result.exit_code == 0
    assert result.output == f"Wrote the picture of acupoint 'shenshu' to {target}\n"
    assert ET.fromstring(target.read_text()).tag == f"{SVG}svg"
    missing = CliRunner().invoke(main, ["show", "ashi", "--picture", str(tmp_path / "x.svg")])
    assert missing.exit_code == 1
    assert missing.output == "Error: acupoint 'ashi' has no map or path to draw\n"


def test_an_upward_stroke_is_drawn_with_an_arrow_and_said_to_go_up() -> None:
    up = StrokePath("L5", "L1", 1.5, both_sides=False)
    plain = bodytext.technique_text("Lifting", up, unicode=False)
    assert "^ Lifting: upward, one side" in plain and "L5 up" not in plain
    assert plain.count("^") >= 10 and "v" not in plain.replace("vertebra", "")  # arrows on every row it covers
    arrow = ET.fromstring(bodysvg.technique_svg("Lifting", up)).find(f".//{SVG}line[@class='arrow']")
    assert arrow is not None
    y1, y2 = float(arrow.get("y1")), float(arrow.get("y2"))
    down = ET.fromstring(bodysvg.technique_svg("Pushing", StrokePath("L1", "L5", 1.5, both_sides=False))).find(
        f".//{SVG}line[@class='arrow']"
    )
    assert y1 > y2  # drawn from the lower level up, so the arrowhead points up
    assert sorted((y1, y2)) == sorted((float(down.get("y1")), float(down.get("y2"))))  # over the same levels


def test_an_upward_path_passes_check_only_with_an_upward_direction(make_folder) -> None:
    technique = (
        "techniques:\n  - id: lifting\n    name: Lifting\n    hand_position: Palms.\n"
        "    direction: {direction}\n    path: {{start: L5, end: L1, lateral: 1.5}}\n    source: test\n"
    )
    good = make_folder({"cards/t.yaml": technique.format(direction="From the sacrum upward along both sides of the spine.")})
    assert CliRunner().invoke(main, ["check", "--content", good]).exit_code == 0
    bad = make_folder(
        {"cards/t.yaml": technique.format(direction="From the upper waist downward along both sides of the spine.")}
    )
    result = CliRunner().invoke(main, ["check", "--content", bad])
    assert result.exit_code == 1 and "path: runs up but the direction says otherwise" in result.output


def test_the_map_with_a_location_question_is_the_same_neutral_frame_for_every_point() -> None:
    from massage_quiz.drill.asking import figure_text
    from massage_quiz.items.load import load_items

    located = [i for i in load_items() if i.id.endswith("/location") and i.figure]
    frames = {figure_text(item, marked=False) for item in located}
    assert len(located) > 3 and len(frames) == 1  # nothing in it tells one point from another
    frame = frames.pop()
    for region in ("knee", "ankle", "Buttock", "popliteal", "malleolus", "trochanter"):
        assert region not in frame


@pytest.mark.parametrize("width", [60, 50, 44, 30, 1])
def test_narrow_maps_wrap_labels_at_spaces_only(width: int) -> None:
    spot = bodymap.PointMap("lower-back", "L2", 1.5)
    drawn = bodytext.acupoint_text("BL23", "Shènshū", spot, unicode=True, marked=True, width=width)
    words = ["●", "BL23", "Shènshū:", "L2,", "1.5", "B-cun", "out"]
    assert [w for line in drawn.splitlines() for w in line.split() if w in words or w.rstrip(":,") in words][
        -len(words) :
    ] == words
    if width >= 44:
        assert max(len(line) for line in drawn.splitlines()) <= width
    knee = bodytext.acupoint_text("BL40", "Wěizhōng", bodymap.PointMap("knee", None, 0.0), unicode=True, marked=True, width=width)
    assert "Wěizhōng:" in knee.split() and "midpoint" in knee.split()


def _path_points(d: str) -> list[tuple[float, float]]:
    """Points every unit or so along an SVG path of absolute M, L, Q, C and Z commands (all the maps use)."""
    import re

    tokens = re.findall(r"[MLQCZ]|-?[\d.]+", d)
    points: list[tuple[float, float]] = []
    start = current = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        command = tokens[i]
        i += 1
        count = {"M": 1, "L": 1, "Q": 2, "C": 3, "Z": 0}[command]
        controls = [(float(tokens[i + 2 * k]), float(tokens[i + 2 * k + 1])) for k in range(count)]
        i += 2 * count
        if command == "M":
            start = current = controls[0]
            continue
        ends = [current, *controls] if command != "Z" else [current, start]
        for step in range(201):
            t = step / 200
            # De Casteljau: the point at t on the segment or curve through these control points.
            level = ends
            while len(level) > 1:
                level = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in itertools.pairwise(level)]
            points.append(level[0])
        current = ends[-1]
    return points


def _text_box(element: ET.Element) -> tuple[float, float, float, float]:
    """A generous box around a text: Helvetica's letters average under 0.6 em wide."""
    size = {"label": 19.0, "small": 15.0}.get(element.get("class", ""), 16.0)
    width = len(element.text or "") * size * (0.62 if element.get("class") == "label" else 0.56)
    x, y = float(element.get("x")), float(element.get("y"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[element.get("text-anchor", "start")]
    return left, y - 0.75 * size, left + width, y + 0.2 * size


@pytest.mark.parametrize(
    "entry",
    ["shenshu", "dachangshu", "mingmen", "yaoyangguan", "yaoyan", "zhishi", "huantiao", "weizhong", "kunlun", "palm-pushing"],
)
def test_no_label_is_crossed_by_a_line(catalogue: Catalogue, entry: str) -> None:
    found = [e for e in catalogue.entries() if e.id == entry]
    (picture,) = [p for e in found if (p := TABLE[e.kind].picture(e))]
    root = ET.fromstring(picture[1])
    points: list[tuple[float, float]] = []
    for element in root.iter():
        if element.tag == f"{SVG}line":
            x1, y1, x2, y2 = (float(element.get(k)) for k in ("x1", "y1", "x2", "y2"))
            points += [(x1 + (x2 - x1) * s / 400, y1 + (y2 - y1) * s / 400) for s in range(401)]
        elif element.tag == f"{SVG}path":
            points += _path_points(element.get("d"))
    for text in root.iter(f"{SVG}text"):
        left, top, right, bottom = _text_box(text)
        crossing = [p for p in points if left <= p[0] <= right and top <= p[1] <= bottom]
        assert not crossing, (entry, text.text, crossing[:3])


def test_the_iliac_crest_line_is_horizontal(catalogue: Catalogue) -> None:
    (shenshu,) = [a for a in catalogue.acupoints if a.id == "shenshu"]
    root = ET.fromstring(bodysvg.acupoint_svg(shenshu.code, shenshu.pinyin, shenshu.map))
    (crest,) = [e for e in root.iter(f"{SVG}line") if e.get("class") == "crest"]
    assert crest.get("y1") == crest.get("y2")
    l4 = bodymap.TOP + 3 * bodymap.VERTEBRA
    assert l4 < float(crest.get("y1")) < bodymap.level_y("L4")  # across the L4 spinous process


@pytest.mark.parametrize("region", bodymap.REGIONS)
def test_a_blank_map_is_the_points_figure_without_the_point(catalogue: Catalogue, region: str) -> None:
    """What a printed sheet gives trainees to mark a point on: every line of the figure, no mark and no label."""
    blank = ET.fromstring(bodysvg.blank_svg(region))
    assert [e for e in blank.iter() if e.get("class") in ("point", "label", "leader", "range")] == []
    points = [a for a in catalogue.acupoints if a.map is not None and a.map.region == region]
    assert points, region
    marked = ET.fromstring(bodysvg.acupoint_svg(points[0].code, points[0].pinyin, points[0].map))

    def drawing(root: ET.Element) -> list[tuple[str, str]]:
        return sorted(
            (e.tag, str(sorted(e.attrib.items())))
            for e in root.iter()
            if e.get("class") in ("bone", "line", "guide", "crest", "small")
        )

    assert drawing(blank) == drawing(marked)
    assert blank.get("viewBox") == marked.get("viewBox")
