from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "labourdesk.knowledge"
    label = "knowledge"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labourdesk.knowledge import signals  # noqa: F401  (cache and search index on publish)
