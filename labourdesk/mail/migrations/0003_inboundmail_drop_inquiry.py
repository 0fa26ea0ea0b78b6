# The link between a mail and its inquiry now lives on the helpdesk's Inquiry (copied in
# helpdesk 0005): mail no longer refers to the helpdesk.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0005_mail_beneath_helpdesk"),
        ("mail", "0002_outboundmessage"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="inboundmail", name="mail_inbound_accepted_has_inquiry"),
        migrations.RemoveField(model_name="inboundmail", name="inquiry"),
    ]
