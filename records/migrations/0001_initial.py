"""Source, Citation and ErrorReport move here from the portal app, their tables and rows untouched.

On a database made before the move the tables exist already (portal's migrations made them): this migration only
takes the models over in Django's state, and portal 0005 lets go of them. 0002 then renames the tables.
"""

import django.db.models.deletion
import records.dates
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0004_error_reports"),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Source',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(blank=True, help_text='A short, unique reference that editorial notes can cite, such as S2. Left empty, the next free one.', max_length=20, unique=True, verbose_name='reference')),
                        ('title', models.CharField(max_length=400, verbose_name='title')),
                        ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                        ('url', models.URLField(max_length=600, unique=True, verbose_name='URL')),
                        ('published', records.dates.PartialDateField(blank=True, default='', help_text='YYYY-MM-DD, YYYY-MM or YYYY: only as precise as the sources are.', verbose_name='published')),
                        ('language', models.CharField(default='en', help_text='ISO 639-1 code of the text: en, es…', max_length=8, verbose_name='language')),
                        ('reliability', models.CharField(choices=[('primary', 'Primary (the body concerned)'), ('secondary', 'Secondary (news, analysis)'), ('tertiary', 'Tertiary (reference works)')], default='secondary', max_length=10, verbose_name='reliability')),
                        ('reliability_note', models.CharField(blank=True, help_text='What a reader should know: a mirror, a partial copy, an advocacy source…', max_length=400, verbose_name='reliability note')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ],
                    options={
                        'verbose_name': 'source',
                        'verbose_name_plural': 'sources',
                        'db_table': 'portal_source',
                        'ordering': ['-published', 'title'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('reliability__in', ['primary', 'secondary', 'tertiary'])), name='portal_source_reliability_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='ErrorReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='record id')),
                        ('page_url', models.CharField(help_text='The public page the reader reported from.', max_length=600, verbose_name='page')),
                        ('message', models.TextField(max_length=2000, verbose_name='message')),
                        ('email', models.EmailField(blank=True, help_text='Given by the reader; never published.', max_length=254, verbose_name='email address')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='reported at')),
                        ('status', models.CharField(choices=[('open', 'Not yet handled'), ('closed', 'Handled')], default='open', max_length=10, verbose_name='status')),
                        ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='handled at')),
                        ('curator_note', models.TextField(blank=True, help_text='What was done about it; seen by curators only.', verbose_name='curator note')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='record type')),
                        ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
                    ],
                    options={
                        'verbose_name': 'reader report',
                        'verbose_name_plural': 'reader reports',
                        'db_table': 'portal_errorreport',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['status', 'created_at'], name='portal_errorreport_status_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['open', 'closed'])), name='portal_errorreport_status_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='Citation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('excerpt', models.TextField(blank=True, help_text='The passage quoted from the source, verbatim.', verbose_name='excerpt')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='citations', to='records.source', verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'citation',
                        'verbose_name_plural': 'citations',
                        'db_table': 'portal_citation',
                        'ordering': ['position', 'id'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='portal_citation_record_idx')],
                    },
                ),
    
            ],
        ),
    ]
