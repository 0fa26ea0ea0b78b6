from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "labourdesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # drf-spectacular finds schema extensions by import.
        from labourdesk.core.api import schema  # noqa: F401
        from labourdesk.core.api.serializers import refuse_non_string_text

        refuse_non_string_text()
