"""The question set as Wagtail snippets: content editors edit, translators translate
(wagtail-localize's "Translate" action on each question), every save is a revision."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from labourdesk.selfassessment.models import SelfAssessmentQuestion


class QuestionViewSet(SnippetViewSet):
    model = SelfAssessmentQuestion
    icon = "list-ul"
    menu_label = _("Self-assessment questions")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["code", "text", "area", "locale"]
    list_filter = ["area", "scope", "locale"]
    search_fields = ["code", "text"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("area"), FieldPanel("scope"), FieldPanel("position")],
            heading=_("Place in the journey"),
        ),
        FieldPanel("text"),
        FieldPanel("guidance_standard"),
        FieldPanel("guidance_practice"),
        FieldPanel("action"),
        MultiFieldPanel(
            [
                FieldPanel("instruments"),
                FieldPanel("global_key"),
                FieldPanel("compliance_point"),
                FieldPanel("timeframe"),
                FieldPanel("critical"),
                FieldPanel("allow_not_applicable"),
            ],
            heading=_("Standards and comparison"),
        ),
        FieldPanel("authored_by", read_only=True),
    ]


register_snippet(QuestionViewSet)
