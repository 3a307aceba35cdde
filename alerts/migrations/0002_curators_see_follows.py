"""Curators see follows in the admin: Editors without the addresses, Publishers with them (and may delete a follow
when a reader asks). Permissions are created here, as in portal/migrations/0002_curation_groups.py, because the
post_migrate signal that would create them runs only after every migration; the groups are made if that migration
has not run yet (it gets them the same way), so that neither app's migrations wait for the other's."""

from django.db import migrations

NAMES = {
    "view_follow": "Can view follow",
    "delete_follow": "Can delete follow",
    "view_address": "Can see the email addresses of follows",
}
GRANTS = {"Editors": ["view_follow"], "Publishers": ["view_follow", "delete_follow", "view_address"]}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="alerts", model="follow")
    for group_name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": NAMES[codename]}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="alerts", codename__in=NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_follows"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
