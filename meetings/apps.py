from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_editors_group(sender, apps=None, **kwargs):
    from django.apps import apps as global_apps

    from meetings.permissions import sync_editors_group

    sync_editors_group(apps or global_apps)


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and read-outs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_editors_group, sender=self, dispatch_uid="meetings.sync_editors_group")
