"""What the generator hands to the writer, what it remembers of an organization, and where demo links point."""

from typing import NamedTuple

# Where demo URLs point: a domain reserved for examples, so no link leads to a real site.
DEMO_URL = "https://demo.example.org"


class Row(NamedTuple):
    """A row to write: its model and its column values by attribute name (`parent_id`, not `parent`)."""

    model: type
    fields: dict

    @classmethod
    def of(cls, model, **fields):
        return cls(model, fields)

    @property
    def id(self):
        return self.fields["id"]


class Org(NamedTuple):
    id: int
    country: str
    label: str
