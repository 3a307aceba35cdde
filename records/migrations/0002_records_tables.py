"""The tables, index and constraint names of the moved models follow their new app: records_<model>_<meaning>."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('records', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='errorreport',
            name='portal_errorreport_status_valid',
        ),
        migrations.RemoveConstraint(
            model_name='source',
            name='portal_source_reliability_valid',
        ),
        migrations.RenameIndex(
            model_name='citation',
            new_name='records_citation_record_idx',
            old_name='portal_citation_record_idx',
        ),
        migrations.RenameIndex(
            model_name='errorreport',
            new_name='records_errorreport_status_idx',
            old_name='portal_errorreport_status_idx',
        ),
        migrations.AddConstraint(
            model_name='errorreport',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['open', 'closed'])), name='records_errorreport_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('reliability__in', ['primary', 'secondary', 'tertiary'])), name='records_source_reliability_valid'),
        ),
        migrations.AlterModelTable(
            name='citation',
            table=None,
        ),
        migrations.AlterModelTable(
            name='errorreport',
            table=None,
        ),
        migrations.AlterModelTable(
            name='source',
            table=None,
        ),
    ]
