"""Synthetic records at any size, for trying Pacta with as many records as a successful portal would hold.

`generate(agreements)` writes published, cited demo records in the proportions of issue 9 (for 100,000 agreements:
about 2,000 organizations, 5,000 people with their posts, 60 topics, 10,000 programs, 20,000 events), skewed like
real data; `delete()` removes them. Demo records are recognisable by their slug (sources: their key) starting with
"demo-", and are never mixed into a database holding other records unless asked (`force`).

Rows are inserted in batches in one transaction, with the ids given: no model signals (so no page-cache
invalidation per row, one `content_changed()` at the end) and no django-reversion revisions, which would take an
hour at this size.
"""

import operator
from collections import Counter
from itertools import chain

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from agreements.models import Agreement, AgreementRelation, Event, ParticipantCountry, Signatory, Topic, TrainingProgram
from people.models import Organization, Person, Position
from portal.demo_data.generator import NUMBERED, PREFIX, DemoData, counts_for
from records.cache import content_changed
from records.languages import column, translated_fields
from records.models import Citation, Source
from records.search import rebuild_index

__all__ = ["PREFIX", "DemoDataError", "counts_for", "delete", "generate", "real_records"]

BATCH_SIZE = 2000
# Demo records by their slug, children before parents: what delete() removes, in that order.
SLUGGED = [Agreement, Event, TrainingProgram, Person, Organization, Topic]


class DemoDataError(Exception):
    pass


def _demo(model):
    return model._base_manager.filter(slug__startswith=PREFIX)


def real_records():
    """How many records that the generator did not make the database holds, by model (those with any)."""
    querysets = {model: model._base_manager.exclude(slug__startswith=PREFIX) for model in SLUGGED}
    querysets[Source] = Source.objects.exclude(key__startswith=PREFIX)
    counts = {model: queryset.count() for model, queryset in querysets.items()}
    return {model: count for model, count in counts.items() if count}


def generate(agreements, *, seed=1, force=False):
    """Write demo records for `agreements` agreements, replacing any demo records already there; return the rows
    written by model. Refuses (DemoDataError) when the database holds other records, unless `force`."""
    if agreements < 1:
        raise DemoDataError("Give at least one agreement.")
    real = real_records()
    if real and not force:
        found = ", ".join(f"{count} {model._meta.verbose_name_plural}" for model, count in real.items())
        raise DemoDataError(
            f"The database holds records that are not demo records ({found}); demo records are never mixed into "
            "real data. Use an empty database (DATABASE_URL=sqlite:////tmp/demo.sqlite3), or --force."
        )
    with transaction.atomic():
        delete()
        first_ids = {model: (model._base_manager.aggregate(last=Max("pk"))["last"] or 0) + 1 for model in NUMBERED}
        written = _write(DemoData(agreements, seed=seed, first_ids=first_ids).records())
        _reset_sequences(NUMBERED)
        # Rows written in bulk send no signal: index them for search in one pass.
        rebuild_index()
    with connection.cursor() as cursor:
        # Fresh statistics, so that the planner chooses the indexes for tables that just grew a hundredfold.
        cursor.execute("ANALYZE")
    content_changed()
    return written


class _Table:
    """How rows of one model are written: its columns, the default of each column a row leaves out, one INSERT."""

    def __init__(self, model, with_id):
        fields = [field for field in model._meta.concrete_fields if with_id or not field.primary_key]
        now = timezone.now()
        self.defaults = {field.attname: now if _stamped(field) else field.get_default() for field in fields}
        self.timestamps = [field.attname for field in fields if isinstance(field, models.DateTimeField)]
        self.adapted = {None: None}
        # Demo texts are English: each translated field's English column holds what the row gives the field.
        self.english = [(name, column(name, "en")) for name in translated_fields(model) if name in self.defaults]
        self.columns = operator.itemgetter(*self.defaults)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Names from the models' _meta, quoted; values are parameters.
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608

    def values(self, fields):
        row = {**self.defaults, **fields}
        for name, english in self.english:
            row[english] = row[name]
        for name in self.timestamps:
            # A run stamps every row with the same few times: each is adapted for the database once.
            value = row[name]
            if value not in self.adapted:
                self.adapted[value] = connection.ops.adapt_datetimefield_value(value)
            row[name] = self.adapted[value]
        return self.columns(row)


def _stamped(field):
    """Whether the model fills the field with the time of saving (created_at, updated_at)."""
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _write(rows):
    """Insert `rows` (of any models, in any order: foreign keys are checked at commit), a batch at a time.

    Plain INSERTs through executemany: bulk_create's compilation of every value took two thirds of the time at
    100,000 agreements, and sends no signal either.
    """
    tables, pending, written = {}, {}, Counter()
    with connection.cursor() as cursor:
        for model, fields in rows:
            table = tables.get(model) or tables.setdefault(model, _Table(model, with_id="id" in fields))
            batch = pending.setdefault(model, [])
            batch.append(table.values(fields))
            if len(batch) == BATCH_SIZE:
                cursor.executemany(table.sql, batch)
                written[model] += len(batch)
                batch.clear()
        for model, batch in pending.items():
            if batch:
                cursor.executemany(tables[model].sql, batch)
                written[model] += len(batch)
    return dict(written)


def _reset_sequences(models):
    """Move PostgreSQL's id sequences past the explicit ids given (nothing to do on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def delete():
    """Delete every demo record with its rows and citations; return the rows deleted by model.

    Table by table, without loading the rows or sending a signal per row (Django's cascade would do both, for a
    million rows); demo sources that a real record still cites are kept.
    """
    demo = {model: _demo(model) for model in SLUGGED}
    cited = [Organization, Person, Position, TrainingProgram, Event, Agreement]
    demo_posts = Position.objects.filter(person__in=demo[Person])
    rows = [
        *(
            Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=(demo_posts if model is Position else demo[model]).values("pk"),
            )
            for model in cited
        ),
        *(
            field.remote_field.through._base_manager.filter(**{f"{field.m2m_field_name()}__in": demo[model]})
            for model in (Agreement, TrainingProgram, Event)
            for field in model._meta.many_to_many
        ),
        Signatory.objects.filter(agreement__in=demo[Agreement]),
        AgreementRelation.objects.filter(Q(source__in=demo[Agreement]) | Q(target__in=demo[Agreement])),
        ParticipantCountry.objects.filter(program__in=demo[TrainingProgram]),
        demo_posts,
    ]
    sources = Source.objects.filter(key__startswith=PREFIX).exclude(pk__in=Citation.objects.values("source"))
    deleted = Counter()
    with transaction.atomic():
        for queryset in chain(rows, demo.values(), [sources]):
            # _raw_delete: one DELETE statement, no collector, no signals; the rows' own rows are deleted before.
            deleted[queryset.model] += queryset._raw_delete(queryset.db)
    if any(deleted.values()):
        content_changed()
    return {model: count for model, count in deleted.items() if count}
