"""The two curation roles, Editors and Publishers, with the permissions each may use.

Permissions are created here rather than left to the post_migrate signal, which runs only after every
migration: on a fresh database the groups would otherwise be granted permissions that do not exist yet.
"""

from django.db import migrations

# Records with a publication status: editors submit them for review, publishers publish and delete them.
RECORDS = {
    "people": ["organization", "person", "position"],
    "agreements": ["topic", "agreement", "trainingprogram", "event"],
}
# Rows that belong to a record and are edited inline on it; removing one is part of editing the record.
ROWS = {
    "portal": ["citation"],
    "agreements": ["agreementparty", "signatory", "agreementrelation", "participantcountry"],
}
SOURCES = {"portal": ["source"]}

CUSTOM_NAMES = {
    "submit": "Can submit %s for review",
    "publish": "Can publish or withdraw %s",
}

EDITOR_GRANTS = [
    (RECORDS, ["add", "change", "view", "submit"]),
    (ROWS, ["add", "change", "delete", "view"]),
    (SOURCES, ["add", "change", "view"]),
]
PUBLISHER_GRANTS = [
    (RECORDS, ["add", "change", "delete", "view", "submit", "publish"]),
    (ROWS, ["add", "change", "delete", "view"]),
    (SOURCES, ["add", "change", "delete", "view"]),
]


def _permissions(apps, grants):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for models_by_app, actions in grants:
        for app_label, model_names in models_by_app.items():
            for model_name in model_names:
                content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
                verbose_name = apps.get_model(app_label, model_name)._meta.verbose_name_raw
                for action in actions:
                    name = CUSTOM_NAMES.get(action, f"Can {action} %s") % verbose_name
                    permission, _ = Permission.objects.get_or_create(
                        content_type=content_type, codename=f"{action}_{model_name}", defaults={"name": name}
                    )
                    yield permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, grants in [("Editors", EDITOR_GRANTS), ("Publishers", PUBLISHER_GRANTS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, grants))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Publishers"]).delete()
    apps.get_model("auth", "Permission").objects.filter(codename__regex=r"^(submit|publish)_").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_published_by_and_at"),
        ("agreements", "0002_published_by_and_at"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
