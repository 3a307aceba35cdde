"""A world map of countries as SVG paths, drawn once per process from the vendored Natural Earth geometry.

The geometry is world-atlas's countries-110m.json (static/vendor/world-atlas/, see its README): TopoJSON, whose
shared borders ("arcs") are delta-encoded integers on a grid given by its `transform`. Each country becomes one SVG
path in an equirectangular projection, in whole units of a WIDTH-wide box, with relative moves ("l1 2-3 0"), each
border simplified to within TOLERANCE: the paths of every country weigh about 21 KB. Antarctica is left out, and
with it the bottom of the frame.
"""

import json
import math
from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django_countries import countries

from records.labels import country_name

GEOMETRY = "vendor/world-atlas/countries-110m.json"
# The fill of a country without records, and of each step of the scale, lightest first: one hue, each step at least
# 3:1 against white and against NO_RECORDS (#4a7fc1: 4.1:1 and 3.3:1; the others more).
NO_RECORDS = "#e4e7eb"
STEPS = ("#4a7fc1", "#2a5d9f", "#17477f", "#0b2d4a")
# ISO 3166 numeric code of Antarctica, which is not drawn.
ANTARCTICA = "010"
# The box the map is drawn in: longitude -180..180 across WIDTH units, latitude NORTH..SOUTH down.
WIDTH = 960
NORTH, SOUTH = 84, -57
SCALE = WIDTH / 360
HEIGHT = round((NORTH - SOUTH) * SCALE)
# How far (in units of the box) a point may stray from the simplified border: under one pixel at the map's width.
TOLERANCE = 0.8


@dataclass(frozen=True)
class Shape:
    """One country of the map: its ISO 3166 alpha-2 code ("" for the few lands without one) and its SVG path."""

    code: str
    path: str


def _projected_arcs(topology):
    """Every arc of the topology as projected points (x, y), simplified: the deltas summed, the grid scaled back to
    degrees and then to the map's box."""
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            longitude, latitude = x * scale_x + translate_x, y * scale_y + translate_y
            points.append(((longitude + 180) * SCALE, (NORTH - latitude) * SCALE))
        arcs.append(_simplified(points))
    return arcs


def _simplified(points):
    """`points` without those within TOLERANCE of the line through their neighbours kept (Douglas–Peucker). The
    ends stay, so that neighbouring countries still share their border."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        length = math.hypot(x1 - x0, y1 - y0)
        farthest, distance = None, TOLERANCE
        for index in range(first + 1, last):
            x, y = points[index]
            # Distance to the chord, or to its first point when the chord is a point (a closed arc).
            away = abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length if length else math.hypot(x - x0, y - y0)
            if away > distance:
                farthest, distance = index, away
        if farthest is not None:
            keep.add(farthest)
            stack.extend([(first, farthest), (farthest, last)])
    return [points[index] for index in sorted(keep)]


def _ring(arcs, indexes):
    """The points of a ring made of arcs: a negative index ~i is arc i backwards; consecutive arcs share a point."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _path(rings):
    """An SVG path of projected rings, in whole units and relative moves: repeated points dropped, and a move in the
    same direction as the one before merged into it."""
    parts = []
    for ring in rings:
        points = _unwrapped([(round(x), round(y)) for x, y in ring])
        moves = []
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            dx, dy = x1 - x0, y1 - y0
            if (dx, dy) == (0, 0):
                continue
            if moves and _same_direction(moves[-1], (dx, dy)):
                moves[-1] = (moves[-1][0] + dx, moves[-1][1] + dy)
            else:
                moves.append((dx, dy))
        # A ring that rounds to a point or a line is too small to see at this scale.
        if len(moves) > 2:
            steps = " ".join(f"{dx} {dy}" for dx, dy in moves).replace(" -", "-")
            xs = [x for x, _y in points]
            # A ring across the antimeridian runs out of the box on one side: drawn again a world away, the part
            # that ran out shows on the other side (the box clips the rest).
            shifts = [0] + ([WIDTH] if min(xs) < 0 else []) + ([-WIDTH] if max(xs) > WIDTH else [])
            parts.extend(f"M{points[0][0] + shift} {points[0][1]}l{steps}z" for shift in shifts)
    return "".join(parts)


def _unwrapped(points):
    """The points of a ring with no jump across the antimeridian: topojson stitches the rings that Natural Earth cut
    there (Fiji, the far east of Russia), so one step may go from 180° to -180°; it is taken a world away instead."""
    unwrapped, offset = points[:1], 0
    for (x0, _y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x1 - x0 > WIDTH / 2:
            offset -= WIDTH
        elif x0 - x1 > WIDTH / 2:
            offset += WIDTH
        unwrapped.append((x1 + offset, y1))
    return unwrapped


def _same_direction(a, b):
    """Whether the moves a and b point the same way (parallel, not opposite)."""
    return a[0] * b[1] == a[1] * b[0] and a[0] * b[0] + a[1] * b[1] > 0


@cache
def world_shapes():
    """Every country of the map as a Shape, in the geometry's order. Reads and projects the file once per process."""
    with open(finders.find(GEOMETRY), encoding="utf-8") as file:
        topology = json.load(file)
    arcs = _projected_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        number = geometry.get("id")
        if number == ANTARCTICA:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = _path(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        if path:
            shapes.append(Shape(countries.alpha2(number) if number else "", path))
    return tuple(shapes)


@dataclass(frozen=True)
class MapCountry:
    """A country with records: its name, count, link and accessible name ("El Salvador: 7 agreements"), its fill
    and its path ("" when the map is too coarse to draw it: it is then in the table only)."""

    code: str
    name: str
    count: int
    url: str
    label: str
    fill: str
    path: str


@dataclass(frozen=True)
class WorldMap:
    """A laid-out map: the countries with records (by name), the paths of those without, and the legend's steps as
    (fill, "1–4")."""

    title: str
    countries: list
    blank: list
    legend: list
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def drawn(self):
        """(fill, the countries with records drawn in it) for each step of the scale that has some."""
        return [
            (fill, group)
            for fill, _counts in self.legend
            if (group := [country for country in self.countries if country.path and country.fill == fill])
        ]


def thresholds(top):
    """The lowest count of each step of the scale for counts up to `top`: 1, then even steps of the fourth root
    (1, 2, 3, 5 for 7; 1, 6, 32, 178 for 1,000), fewer steps when the counts are too few to fill them."""
    lows = sorted({math.ceil(top ** (step / len(STEPS))) for step in range(len(STEPS))})
    return [low for low in lows if low <= top]


def world_map(title, counts, link, count_text):
    """The WorldMap `title` of `counts` ({alpha-2 code: records}), each country with records linking to `link(code)` and
    named "<country>: <count_text(count)>"; None when no country has records."""
    counts = {code: count for code, count in counts.items() if count}
    if not counts:
        return None
    lows = thresholds(max(counts.values()))
    fills = dict(zip(lows, STEPS, strict=False))
    paths = {shape.code: shape.path for shape in world_shapes() if shape.code}
    shaded = []
    for code, count in counts.items():
        name = country_name(code)
        fill = fills[max(low for low in lows if low <= count)]
        label = f"{name}: {count_text(count)}"
        shaded.append(MapCountry(code, name, count, link(code), label, fill, paths.get(code, "")))
    shaded.sort(key=lambda country: country.name)
    blank = [shape.path for shape in world_shapes() if shape.code not in counts]
    highs = [low - 1 for low in lows[1:]] + [max(counts.values())]
    legend = [(fills[low], str(low) if low == high else f"{low}–{high}") for low, high in zip(lows, highs, strict=True)]
    return WorldMap(title, shaded, blank, legend)
