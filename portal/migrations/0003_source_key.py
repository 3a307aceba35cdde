from django.db import migrations, models


def give_existing_sources_a_key(apps, schema_editor):
    # Dataset keys look like S2, so "src-<id>" cannot collide with them; load_dataset --refresh sets the real ones.
    Source = apps.get_model("portal", "Source")
    for source in Source.objects.filter(key__isnull=True):
        source.key = f"src-{source.pk}"
        source.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_curation_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="key",
            field=models.CharField(max_length=20, null=True, verbose_name="reference"),
        ),
        migrations.RunPython(give_existing_sources_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="source",
            name="key",
            field=models.CharField(
                blank=True,
                help_text=(
                    "A short, unique reference that editorial notes can cite, such as S2. Left empty, the next free one."
                ),
                max_length=20,
                unique=True,
                verbose_name="reference",
            ),
        ),
    ]
