from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "labourdesk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from labourdesk.accounts import listeners

        listeners.connect_lockouts()
