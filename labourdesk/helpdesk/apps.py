from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "labourdesk.helpdesk"
    label = "helpdesk"
    verbose_name = _("Helpdesk")

    def ready(self):
        # The helpdesk sits above mail: it tells mail what to do with what comes in and goes
        # out, so that mail never imports the helpdesk (services/mailbox.py says why).
        from labourdesk.helpdesk.services import mailbox, outbound
        from labourdesk.mail import receivers

        receivers.set_inbound_receiver(mailbox.receive_mail)
        receivers.register_personaliser(outbound.PERSONALISER, outbound.personalise)
        receivers.delivery_failed.connect(
            mailbox.record_delivery_failure, dispatch_uid="helpdesk.delivery_failed"
        )

        # Optional, decoupled listener: the Ask form's cached option lists follow any change to
        # the terms or member states they show (choices.py).
        from django.db.models.signals import post_delete, post_save

        from labourdesk.helpdesk.choices import lists_changed
        from labourdesk.helpdesk.models import Sector, UserType
        from labourdesk.standards.models import MemberState

        for model in (UserType, Sector, MemberState):
            post_save.connect(lists_changed, sender=model, dispatch_uid=f"choices-{model.__name__}")
            post_delete.connect(
                lists_changed, sender=model, dispatch_uid=f"choices-del-{model.__name__}"
            )
