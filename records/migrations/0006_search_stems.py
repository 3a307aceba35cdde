"""The search index learns stems: each entry's texts get the Spanish and English stems of their words, and on
PostgreSQL its tsvector is parsed by the `spanish` and `english` text search configurations next to `simple`.

The entries already hold their records' folded texts, so they are rewritten from themselves, without reading the
records (whose tables later migrations may change). On SQLite the FTS5 triggers follow the updates.
"""

from django.db import migrations
from django.db.models import F

from records.search import BATCH_SIZE, COLUMNS, weighted_document, with_stems


def add_stems(apps, schema_editor):
    """Batches by id, each read in full before it is written (SQLite does not isolate a read from the writes of its
    own connection); one UPDATE a row, as bulk_update()'s CASE over thousands of rows is slow."""
    entries = apps.get_model("records", "SearchEntry").objects.order_by("pk")
    columns = list(COLUMNS.values())
    update = f"UPDATE records_searchentry SET {', '.join(f'{column} = %s' for column in columns)} WHERE id = %s"
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while batch := list(entries.filter(pk__gt=last).values_list(*columns, "pk")[:BATCH_SIZE]):
            cursor.executemany(update, [[*map(with_stems, texts), pk] for *texts, pk in batch])
            last = batch[-1][-1]
    if schema_editor.connection.vendor == "postgresql":
        entries.update(document=weighted_document(F))


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0005_publisher_in_each_language'),
    ]

    operations = [
        # Backwards, the stems stay: searches without them still find what they found before.
        migrations.RunPython(add_stems, migrations.RunPython.noop),
    ]
