"""A record's relationship diagram: the record and what its page links to, laid out for an inline SVG
(templates/includes/relations_diagram.html draws it).

The layout rule: one column, narrow by design, so that one drawing reads on a 390-pixel phone and beside a desktop
page alike. The record sits in a box across the top. A trunk runs down from its left edge. Each kind of relation
("Parties", "Signatories") is a group under its heading; each related record is a box hanging off the trunk by an
elbow edge, the relation ("party", "signed as Acting Commissioner") written over the box. A group shows at most
`CAP` records; past that, a last box "and N more" links to the section of the page that lists them all. A name
(or a relation) longer than its line is cut with an ellipsis, after a whole word; the drawing keeps the whole of it
for a <title>, or for a link's accessible name (a <title> inside a link would count as text it shows, and what a link
shows must be words of its name). Coordinates are viewBox units: the stylesheet scales the drawing to
the column's width.

Nothing here queries the database: the page's view has fetched every record, and the caller passes them in.
"""

from dataclasses import dataclass, field

from django.utils.translation import ngettext

from records.languages import IN_LANGUAGE

# Records a group shows before "and N more".
CAP = 6

WIDTH = 320
CENTRE_HEIGHT = 40
TRUNK_X = 12
BOX_X = 32
HEADING_HEIGHT = 28
LABEL_HEIGHT = 15
LABEL_SIZE = 11
BOX_HEIGHT = 26
ROW_GAP = 6
ROW_HEIGHT = LABEL_HEIGHT + BOX_HEIGHT + ROW_GAP
PADDING = 8
NAME_SIZE = 13
CENTRE_SIZE = 15
# The width of an average character, in ems, of the sans-serif fonts the site uses, regular and bold (the centre):
# enough to cut names before they overflow their box without measuring text on the server.
CHARACTER_WIDTH = 0.58
BOLD_CHARACTER_WIDTH = 0.66


@dataclass(frozen=True)
class Node:
    """A related record: its whole `name`, the `url` the page's text links it to (None for a name without a page,
    such as a signer with no person record), the `relation` written on its edge, and the `language` of the name
    when it is not the page's (for its `lang`)."""

    name: str
    url: str | None
    relation: str = ""
    language: str | None = None

    @property
    def mark(self):
        """What follows a name in another language than the page's: "(in English)"; "" otherwise."""
        return str(IN_LANGUAGE[self.language]) if self.language else ""

    @property
    def marked_name(self):
        """The whole name, followed by its mark when it is in another language (records.languages' rule)."""
        return f"{self.name} {self.mark}" if self.language else self.name


@dataclass
class Group:
    """A kind of relation: its `heading`, the `section` id of the page's list of them all, its `nodes` in the page's
    order, and `total`, how many there are in all when the nodes are the first of more."""

    heading: str
    section: str
    nodes: list[Node]
    total: int | None = None

    @property
    def hidden(self):
        """How many of the group's records the diagram leaves out."""
        return max(self.total or 0, len(self.nodes)) - min(len(self.nodes), CAP)


@dataclass(frozen=True)
class Row:
    """A node placed: the top `y` of its relation's line, the box below it, the `short` name that fits the box with
    its language's mark, and whether it is the "and N more" of its group."""

    node: Node
    y: int
    short: str
    short_relation: str = ""
    more: bool = False

    @property
    def label_y(self):
        return self.y + LABEL_HEIGHT - 4

    @property
    def box_y(self):
        return self.y + LABEL_HEIGHT

    @property
    def text_y(self):
        return self.box_y + BOX_HEIGHT // 2 + NAME_SIZE // 3

    @property
    def edge(self):
        """The elbow's path from the trunk to the box."""
        return f"M{TRUNK_X} {self.box_y + BOX_HEIGHT // 2}H{BOX_X}"

    @property
    def cut(self):
        """Whether the name was cut to fit."""
        return self.short != self.node.name

    @property
    def relation_cut(self):
        """Whether the relation was cut to fit."""
        return self.short_relation != self.node.relation


@dataclass(frozen=True)
class Placed:
    """A group placed: its heading's baseline `y` and its rows, read in that order."""

    heading: str
    y: int
    rows: list[Row]


@dataclass
class Diagram:
    """The laid-out drawing: the `centre` node (the record itself) and its `short_name`, named `label` for assistive
    technology, its placed groups and its height."""

    centre: Node
    short_name: str
    label: str
    groups: list[Placed] = field(default_factory=list)
    height: int = 0

    width = WIDTH
    box_x = BOX_X
    box_width = WIDTH - BOX_X
    box_height = BOX_HEIGHT
    centre_height = CENTRE_HEIGHT
    text_x = BOX_X + PADDING
    label_x = BOX_X + 2

    @property
    def edges(self):
        """One path for every line: the trunk, from the centre's box to the last row, and each row's elbow."""
        trunk = f"M{TRUNK_X} {CENTRE_HEIGHT}V{self.groups[-1].rows[-1].box_y + BOX_HEIGHT // 2}"
        return trunk + "".join(row.edge for group in self.groups for row in group.rows)


def fit(text, width, size, character_width=CHARACTER_WIDTH):
    """`text` cut with an ellipsis to what a line `width` units long holds in a font of `size` units, after a whole
    word where it has room for one and before a bracket it would leave open: what a link shows stays words of its
    accessible name (WCAG 2.5.3)."""
    room = int(width / (size * character_width))
    if len(text) <= room:
        return text
    cut = text[: room - 1]
    if text[room - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    if cut.count("(") > cut.count(")") and cut.rindex("(") > 0:
        cut = cut[: cut.rindex("(")]
    return cut.rstrip() + "…"


def fit_name(node, width, size, character_width=CHARACTER_WIDTH):
    """The node's name cut to leave room on the line for its language's mark, which is never cut."""
    mark_width = (len(node.mark) + 1) * size * character_width if node.language else 0
    return fit(node.name, width - mark_width, size, character_width)


def layout(centre, label, groups):
    """The diagram of the record `centre` (a Node) with its `groups` of related records (empty groups left out),
    named `label` for assistive technology; None when no group has a record: a record without relations has no
    diagram."""
    groups = [group for group in groups if group.nodes]
    if not groups:
        return None
    short_name = fit_name(centre, WIDTH - 2 * PADDING, CENTRE_SIZE, BOLD_CHARACTER_WIDTH)
    diagram = Diagram(centre=centre, short_name=short_name, label=label)
    name_room = WIDTH - BOX_X - 2 * PADDING
    relation_room = WIDTH - BOX_X - 2
    y = CENTRE_HEIGHT
    for group in groups:
        placed = Placed(group.heading, y + HEADING_HEIGHT - 8, [])
        y += HEADING_HEIGHT
        for node in group.nodes[:CAP]:
            short_relation = fit(node.relation, relation_room, LABEL_SIZE)
            placed.rows.append(Row(node, y, fit_name(node, name_room, NAME_SIZE), short_relation))
            y += ROW_HEIGHT
        if group.hidden:
            more = ngettext("and %(count)d more", "and %(count)d more", group.hidden) % {"count": group.hidden}
            placed.rows.append(Row(Node(more, f"#{group.section}"), y, more, more=True))
            y += ROW_HEIGHT
        diagram.groups.append(placed)
    diagram.height = y
    return diagram
