"""Reading the data files: JSON records checked for shape, with messages that say where and what is wrong."""

import json
from contextlib import contextmanager


class DataError(Exception):
    """A problem in the data files; the message says where and what."""


@contextmanager
def within(place):
    """Prefix the message of a DataError raised inside with the place it happened."""
    try:
        yield
    except DataError as error:
        raise DataError(f"{place}: {error}") from None


class Index(dict):
    """The records of one file by file key, so that other records can refer to them."""

    def __init__(self, noun, file):
        super().__init__()
        self.noun = noun
        self.file = file


class Entry:
    """One JSON object from a data file, read with checks that name the key at fault."""

    def __init__(self, data, keys, key_field=None, parent=None):
        if not isinstance(data, dict):
            raise DataError(f"expected a JSON object, got {data!r}")
        unknown = data.keys() - keys
        if unknown:
            raise DataError(f"unknown key(s): {', '.join(sorted(unknown))}")
        self.data = data
        self.parent = parent  # the entry that lists this one (a record, for a participant or a post)
        self.key = None
        if key_field:
            self.key = data.get(key_field)
            if not isinstance(self.key, str) or not self.key:
                raise DataError(f"{key_field}: missing or not a string")

    def text(self, key):
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise DataError(f"{key}: expected a string, got {value!r}")
        return value

    def flag(self, key, default):
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, bool):
            raise DataError(f"{key}: expected true, false or null, got {value!r}")
        return value

    def items(self, key):
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise DataError(f"{key}: expected a list, got {value!r}")
        return value

    def read_each(self, name, label, keys, read):
        """read(number, item) for each object of the list `name`, read as an Entry with `keys`; a problem in one is
        reported as "<label> <number>"."""
        results = []
        for number, data in enumerate(self.items(name), start=1):
            with within(f"{label} {number}"):
                results.append(read(number, Entry(data, keys, parent=self)))
        return results

    def texts(self, key):
        values = self.items(key)
        for value in values:
            if not isinstance(value, str):
                raise DataError(f"{key}: expected strings, got {value!r}")
        return values

    def ref(self, key, index):
        return resolve(self.data.get(key), key, index)

    def refs(self, key, index):
        return [resolve(value, key, index) for value in self.items(key)]


def resolve(value, key, index):
    if value is None:
        return None
    if not isinstance(value, str) or value not in index:
        raise DataError(f"{key}: no {index.noun} {value!r} in {index.file}")
    return index[value]


def read_file(directory, name, keys, key_field):
    """The records of `<name>.json` as (place, Entry) pairs, each record checked for shape and a unique key."""
    path = directory / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise DataError(f"{name}.json: not valid JSON: {error.msg} at {where}") from None
    if not isinstance(data, list):
        raise DataError(f"{name}.json: expected a list of records")
    entries, places = [], {}
    for number, record in enumerate(data, start=1):
        place = f"{name}.json, record {number}"
        with within(place):
            entry = Entry(record, keys, key_field)
        place = f"{place} ({entry.key})"
        if entry.key in places:
            raise DataError(f"{place}: {key_field} {entry.key!r} already used by {places[entry.key]}")
        places[entry.key] = place
        entries.append((place, entry))
    return entries


def parents_first(entries, parent, index):
    """The file's records ordered so that every record's `parent` is stored before it."""
    by_key = {entry.key: (place, entry) for place, entry in entries}
    ordered, placed = [], set()
    for item in entries:
        chain, seen = [], set()
        while item[1].key not in placed:
            place, entry = item
            if entry.key in seen:
                raise DataError(f"{place}: {parent}: {entry.key!r} is its own ancestor")
            seen.add(entry.key)
            chain.append(item)
            value = entry.data.get(parent)
            if value is None:
                break
            if not isinstance(value, str) or value not in by_key:
                raise DataError(f"{place}: {parent}: no {index.noun} {value!r} in {index.file}")
            item = by_key[value]
        for place, entry in reversed(chain):
            placed.add(entry.key)
            ordered.append((place, entry))
    return ordered
