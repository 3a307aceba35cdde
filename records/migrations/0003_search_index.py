"""The search index: one entry per record, and the database's own index over the entries.

SQLite: an FTS5 table over the entries (external content), kept in step by triggers, with prefix indexes for
words of one to three letters (every word of a search is a prefix). PostgreSQL: a GIN index on the entries'
tsvector. Existing records get their entries from `manage.py rebuild_search_index` (the dataset loader runs it).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

COLUMNS = "names, texts, details"
NEW = "new.id, new.names, new.texts, new.details"
OLD = "'delete', old.id, old.names, old.texts, old.details"
SQLITE = [
    f"""CREATE VIRTUAL TABLE records_searchentry_fts USING fts5(
        {COLUMNS}, content='records_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
        prefix='1 2 3'
    )""",
    f"""CREATE TRIGGER records_searchentry_fts_insert AFTER INSERT ON records_searchentry BEGIN
        INSERT INTO records_searchentry_fts(rowid, {COLUMNS}) VALUES ({NEW});
    END""",
    f"""CREATE TRIGGER records_searchentry_fts_delete AFTER DELETE ON records_searchentry BEGIN
        INSERT INTO records_searchentry_fts(records_searchentry_fts, rowid, {COLUMNS}) VALUES ({OLD});
    END""",
    f"""CREATE TRIGGER records_searchentry_fts_update AFTER UPDATE ON records_searchentry BEGIN
        INSERT INTO records_searchentry_fts(records_searchentry_fts, rowid, {COLUMNS}) VALUES ({OLD});
        INSERT INTO records_searchentry_fts(rowid, {COLUMNS}) VALUES ({NEW});
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER records_searchentry_fts_insert",
    "DROP TRIGGER records_searchentry_fts_delete",
    "DROP TRIGGER records_searchentry_fts_update",
    "DROP TABLE records_searchentry_fts",
]
# The search page and the lists' words filter: `document @@ query`.
POSTGRESQL = ["CREATE INDEX records_searchentry_document_idx ON records_searchentry USING gin (document)"]
POSTGRESQL_REVERSE = ["DROP INDEX records_searchentry_document_idx"]


def create_database_index(apps, schema_editor):
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_database_index(apps, schema_editor):
    for statement in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('records', '0002_records_tables'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('names', models.TextField(blank=True)),
                ('texts', models.TextField(blank=True)),
                ('details', models.TextField(blank=True)),
                ('document', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
            ],
            options={
                'ordering': ['content_type', 'object_id'],
            },
        ),
        migrations.CreateModel(
            name='SearchIndex',
            fields=[
                ('entry', models.OneToOneField(db_column='rowid', on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='index', serialize=False, to='records.searchentry')),
                ('query', models.TextField(db_column='records_searchentry_fts')),
            ],
            options={
                'db_table': 'records_searchentry_fts',
                'managed': False,
            },
        ),
        migrations.AddConstraint(
            model_name='searchentry',
            constraint=models.UniqueConstraint(fields=('content_type', 'object_id'), name='records_searchentry_one_per_record'),
        ),
        migrations.RunPython(create_database_index, drop_database_index),
    ]
