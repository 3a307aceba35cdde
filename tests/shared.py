"""Records built once for the tests that use them, instead of once per test.

`@shared_records` turns a function that builds records into a fixture. Before the first test that uses it, the
records are built in a transaction of their own; each test then runs in a savepoint inside it (pytest-django's usual
per-test transaction), so what a test writes is rolled back before the next one; after the last test that uses them,
the transaction is rolled back too, and no other test sees the records. The fixture gives each test its own copies of
the model instances the function returned, read again from the database, so that a test that changes an instance in
memory leaves the next one the records as built.

Collection puts the tests that use the same records next to each other: across the session for scope="session" (the
dataset), within their module otherwise. A test that runs outside a transaction (transaction=True) cannot share:
the fixture builds the records for it alone. tests/conftest.py holds the hooks that open and close the transactions.
"""

import pytest
from django.db import models, transaction

_open = {}  # fixture name: the SharedTransaction open for it (one at a time)


def shared_records(build=None, *, scope="module"):
    """Decorate a function that builds records: the fixture of the same name gives them to tests, built once."""
    if build is None:
        return lambda build: shared_records(build, scope=scope)
    name = build.__name__

    def fixture(db):
        shared = _open.get(name)
        return build() if shared is None else fresh(shared.value)

    fixture.__doc__ = build.__doc__
    fixture.shared_build = build, scope
    return pytest.fixture(name=name)(fixture)


def fresh(value):
    """`value` with each model instance in it read again from the database."""
    if isinstance(value, models.Model):
        return type(value)._base_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {key: fresh(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(fresh(item) for item in value)
    return value


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


def _shared_build(item):
    """(fixture name, build, scope) of the shared records `item` uses; None for none, or for a test that runs
    outside a transaction."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None or _transactional(item):
        return None
    for name, definitions in info.name2fixturedefs.items():
        found = getattr(definitions[-1].func, "shared_build", None)
        if found is not None:
            return (name, *found)
    return None


def group(item):
    """The tests that one build of the shared records serves: all of the session's, or those of one module, as
    (fixture name,) or (fixture name, module)."""
    found = _shared_build(item)
    if found is None:
        return None
    name, _, scope = found
    return (name,) if scope == "session" else (name, str(item.path))


def order(items):
    """`items` with the tests of each group moved up to the first of them (the session's groups first of all);
    everything else keeps its order."""
    first = {}
    for index, item in enumerate(items):
        key = group(item)
        if key is not None:
            first.setdefault(key, -1 if len(key) == 1 else index)
    keyed = [
        ((first[group(item)] if group(item) is not None else index), index, item) for index, item in enumerate(items)
    ]
    return [item for _, _, item in sorted(keyed, key=lambda entry: entry[:2])]


class SharedTransaction:
    """The transaction that holds one build of shared records, for one group of tests."""

    def __init__(self, key, build, blocker):
        self.key, self.blocker = key, blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.value = build()
            except BaseException as error:
                self.atomic.__exit__(type(error), error, error.__traceback__)
                raise

    def close(self):
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)


def open_for(item, blocker):
    """Before `item`'s own transaction: make sure its group's shared records, and only those, are open."""
    close_unless_used_by(item)
    key = group(item)
    if key is not None and key[0] not in _open:
        _open[key[0]] = SharedTransaction(key, _shared_build(item)[1], blocker)


def close_unless_used_by(item):
    """Roll back the shared records open unless `item` (the next test, or None at the end) is of their group."""
    for name, shared in list(_open.items()):
        if item is None or group(item) != shared.key:
            del _open[name]
            shared.close()
