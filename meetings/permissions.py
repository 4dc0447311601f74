"""The `Editors` group: staff who review and correct extracted records, and nothing about users.

One definition, applied by the data migration that creates the group and again after every
migrate (post_migrate), so the group keeps up with new models and survives a flush.
"""

EDITORS_GROUP = "Editors"

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


def sync_editors_group(apps) -> None:
    """Create the group if needed and give it exactly EDITOR_PERMISSIONS.

    ``apps`` is a migration's registry or the global one.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    create_permissions(global_apps.get_app_config("meetings"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    group.permissions.set(Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames))
