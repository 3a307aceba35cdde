"""Random draws shaped like real data: skewed choices, and dates over decades at mixed precision."""

import datetime
import itertools

from records.dates import PartialDate

EARLIEST = datetime.date(1950, 1, 1)
# A fixed last day rather than today: the same seed gives the same records whenever it runs, and every date is past.
LATEST = datetime.date(2024, 12, 31)
# Day, month and year precision (the length of the ISO string), as often as sources give them.
PRECISIONS = (10, 7, 4)
PRECISION_WEIGHTS = (6, 3, 1)


class Skewed:
    """Draws from `items` with Zipf-like weights (1, 1/2, 1/3…): the first few often, the long tail rarely."""

    def __init__(self, rng, items):
        self.rng = rng
        self.items = list(items)
        self.cum_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(self.items) + 1)))

    def one(self):
        return self.rng.choices(self.items, cum_weights=self.cum_weights)[0]

    def distinct(self, count):
        """`count` different items (all of them if there are fewer)."""
        chosen = []
        while len(chosen) < min(count, len(self.items)):
            item = self.one()
            if item not in chosen:
                chosen.append(item)
        return chosen


class Dates:
    """Partial dates ("2005", "2005-03", "2005-03-14") between EARLIEST and LATEST."""

    def __init__(self, rng):
        self.rng = rng
        self.span = (LATEST - EARLIEST).days

    def day(self):
        """A day, recent ones likelier: each decade records more cooperation than the one before."""
        return LATEST - datetime.timedelta(days=int(self.rng.triangular(0, self.span, 0)))

    def partial(self, day=None):
        """`day` (a random one if None) at a random precision."""
        precision = self.rng.choices(PRECISIONS, weights=PRECISION_WEIGHTS)[0]
        return (day or self.day()).isoformat()[:precision]

    def after(self, partial, within_days):
        """A partial date wholly after `partial`, within `within_days` of its end; "" when that would pass LATEST.

        Whatever the two precisions, the pair satisfies the models' "end after start" constraints.
        """
        day = PartialDate(partial).upper + datetime.timedelta(days=self.rng.randint(1, within_days))
        return self.partial(day) if day <= LATEST else ""
