# Mail owns outbound messages (the transport beneath the helpdesk). The rows move here from
# helpdesk_outboundmessage; a case becomes the generic `regarding` object. Private-link tokens
# that the old design stored in acknowledgement bodies are masked on the way.

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TOKEN_IN_LINK = re.compile(r"(/helpdesk/c/)[A-Za-z0-9_-]{16,}(/)")


def _mask(text: str) -> str:
    return TOKEN_IN_LINK.sub(r"\1••••\2", text or "")


def copy_outbound(apps, schema_editor):
    Old = apps.get_model("helpdesk", "OutboundMessage")
    New = apps.get_model("mail", "OutboundMessage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    case_type, _created = ContentType.objects.get_or_create(app_label="helpdesk", model="case")
    New.objects.bulk_create(
        [
            New(
                id=old.id,
                regarding_type=case_type,
                regarding_id=old.case_id,
                kind=old.kind,
                to_email=old.to_email,
                subject=old.subject,
                body_text=_mask(old.body_text),
                body_html=_mask(old.body_html),
                language=old.language,
                personaliser="helpdesk",
                message_id=old.message_id,
                in_reply_to=old.in_reply_to,
                references=old.references,
                status=old.status,
                attempts=old.attempts,
                last_error=old.last_error,
                next_attempt_at=old.next_attempt_at,
                sent_at=old.sent_at,
                created_at=old.created_at,
                created_by_id=old.created_by_id,
            )
            for old in Old.objects.order_by("id").iterator()
        ]
    )
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('mail_outboundmessage', 'id'), "
                "COALESCE((SELECT MAX(id) FROM mail_outboundmessage), 1))"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("helpdesk", "0004_inquiry_consultation"),
        ("mail", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OutboundMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("regarding_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("kind", models.CharField(choices=[("ack", "Acknowledgement"), ("reply", "Reply"), ("consultation", "Consultation request"), ("notification", "Notification")], max_length=20, verbose_name="kind")),
                ("to_email", models.EmailField(max_length=254, verbose_name="to")),
                ("subject", models.CharField(max_length=998, verbose_name="subject")),
                ("body_text", models.TextField(verbose_name="text")),
                ("body_html", models.TextField(blank=True, verbose_name="HTML")),
                ("language", models.CharField(blank=True, max_length=10, verbose_name="language")),
                ("personaliser", models.CharField(blank=True, max_length=100)),
                ("message_id", models.CharField(max_length=998, unique=True)),
                ("in_reply_to", models.CharField(blank=True, max_length=998)),
                ("references", models.TextField(blank=True)),
                ("status", models.CharField(choices=[("queued", "Queued"), ("sent", "Sent"), ("retrying", "Retrying"), ("failed", "Failed")], db_index=True, default="queued", max_length=10, verbose_name="delivery")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("regarding_type", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype")),
            ],
            options={
                "verbose_name": "outbound message",
                "verbose_name_plural": "outbound messages",
                "ordering": ["created_at", "id"],
                "indexes": [models.Index(fields=["regarding_type", "regarding_id"], name="mail_outbou_regardi_bd56ea_idx")],
            },
        ),
        migrations.RunPython(copy_outbound, migrations.RunPython.noop),
    ]
