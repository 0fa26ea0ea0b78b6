# Mail is the transport beneath the helpdesk: the Inquiry points at its InboundMail (the link
# is copied from mail_inboundmail.inquiry_id), outbound messages moved to mail (mail 0002).
# Also: the acknowledgement due date, the author's comments with a clearance request, and a
# known label for every case-event kind.

import django.db.models.deletion
from django.db import migrations, models

KINDS = [
    ("opened", "Case opened"),
    ("triaged", "Triage recorded"),
    ("classified", "Classification saved"),
    ("assigned", "Case assigned"),
    ("consultation_requested", "Consultation requested"),
    ("consultation_answered", "Consultation answered"),
    ("draft_saved", "New draft version"),
    ("submitted_for_clearance", "Sent for clearance"),
    ("cleared", "Draft cleared"),
    ("returned", "Returned with comments"),
    ("sent", "Answer sent"),
    ("awaiting_requester", "Awaiting requester"),
    ("closed", "Case closed"),
    ("follow_up", "The requester wrote again"),
    ("reopened", "Reopened by the requester"),
    ("link_revoked", "Private link revoked"),
    ("delivery_failed", "An e-mail could not be delivered"),
]

COPY_MAIL_LINK = """
UPDATE helpdesk_inquiry SET inbound_mail_id = (
    SELECT m.id FROM mail_inboundmail m WHERE m.inquiry_id = helpdesk_inquiry.id
) WHERE id IN (SELECT inquiry_id FROM mail_inboundmail WHERE inquiry_id IS NOT NULL)
"""


def acknowledge_due(apps, schema_editor):
    from datetime import timedelta

    Case = apps.get_model("helpdesk", "Case")
    ResponseTarget = apps.get_model("helpdesk", "ResponseTarget")
    row = ResponseTarget.objects.filter(kind="acknowledgement").first()
    delay = timedelta(hours=row.hours if row else 24)
    for case in Case.objects.filter(acknowledge_due_at__isnull=True).only("id", "created_at"):
        Case.objects.filter(pk=case.pk).update(acknowledge_due_at=case.created_at + delay)


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0004_inquiry_consultation"),
        ("mail", "0002_outboundmessage"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="acknowledge_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="acknowledgement due"),
        ),
        migrations.AddField(
            model_name="draft",
            name="submission_comment",
            field=models.TextField(blank=True, verbose_name="comments for the clearing manager"),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="inbound_mail",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="inquiry", to="mail.inboundmail", verbose_name="received mail"),
        ),
        migrations.RunSQL(COPY_MAIL_LINK, migrations.RunSQL.noop),
        migrations.RunPython(acknowledge_due, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=50, verbose_name="kind"),
        ),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.CheckConstraint(condition=models.Q(("kind__in", [k for k, _label in KINDS])), name="caseevent_kind_known"),
        ),
        migrations.DeleteModel(name="OutboundMessage"),
    ]
