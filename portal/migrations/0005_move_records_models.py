"""Source, Citation and ErrorReport now belong to the records app (records 0001 takes them over).

Their rows stay where they are. What names them by app moves with them: their content types (and so their
permissions, the curation groups' grants, admin log entries and django-reversion versions, which all point at a
content type) and the model label written inside each stored version, so that history and recover keep working.
"""

import json

from django.db import migrations

MOVED = ["source", "citation", "errorreport"]


def _relabel(apps, old_app, new_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for model in MOVED:
        if ContentType.objects.filter(app_label=new_app, model=model).exists():
            continue
        ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)
    labels = {f"{old_app}.{model}": f"{new_app}.{model}" for model in MOVED}
    versions = Version.objects.filter(content_type__app_label=new_app, content_type__model__in=MOVED, format="json")
    for version in versions.iterator():
        objects = json.loads(version.serialized_data)
        for obj in objects:
            obj["model"] = labels.get(obj["model"], obj["model"])
        version.serialized_data = json.dumps(objects)
        version.save(update_fields=["serialized_data"])


def forwards(apps, schema_editor):
    _relabel(apps, "portal", "records")


def backwards(apps, schema_editor):
    _relabel(apps, "records", "portal")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_error_reports"),
        ("records", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="errorreport", name="content_type"),
                migrations.RemoveField(model_name="errorreport", name="handled_by"),
                migrations.DeleteModel(name="Citation"),
                migrations.DeleteModel(name="Source"),
                migrations.DeleteModel(name="ErrorReport"),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
