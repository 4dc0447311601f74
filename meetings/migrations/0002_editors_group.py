"""The `Editors` group: staff who review and correct extracted records, and nothing about users."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {
    # model: actions. Deleting participations, read-outs, positions and evidence is part of
    # correcting a meeting in its inlines; meetings themselves are rejected, not deleted.
    "meeting": ("add", "change", "view"),
    "participation": ("add", "change", "delete", "view"),
    "readout": ("add", "change", "delete", "view"),
    "evidence": ("add", "change", "delete", "view"),
    "person": ("add", "change", "view"),
    "position": ("add", "change", "delete", "view"),
    "organization": ("add", "change", "view"),
    "article": ("add", "change", "view"),
    "place": ("add", "change", "view"),
    "countryalias": ("add", "change", "view"),
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; editors need them now.
    from django.apps import apps as global_apps

    create_permissions(global_apps.get_app_config("meetings"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    group.permissions.set(Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames))


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
