from django.apps import AppConfig
from django.core.checks import Tags, register
from django.db.models.signals import post_migrate


def _sync_editors_group(sender, apps=None, **kwargs):
    from django.apps import apps as global_apps

    from meetings.permissions import sync_editors_group

    sync_editors_group(apps or global_apps)


def _secret_key_is_set(app_configs, **kwargs):
    """``check --deploy`` stops as the server would, with the same message, when there is no secret key."""
    from diplo.keys import require_secret_key

    require_secret_key()
    return []


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and read-outs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_editors_group, sender=self, dispatch_uid="meetings.sync_editors_group")
        register(_secret_key_is_set, Tags.security, deploy=True)
