"""The portal's page types. Each says what a page is: its fields, parents, children, template.

Themes, Q&As, resources and training are linked through the MNE Declaration topics of the
Helpdesk (`helpdesk.Topic`), never through page-to-page links: a topic is the same in every
locale, so a French theme lists the French Q&As of its topics without any per-locale wiring.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from labourdesk.knowledge.caching import CachedPageMixin

RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


class PortalPage(CachedPageMixin, Page):
    """What every portal page shares: a demo flag and the cached, conditional serve."""

    demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("Written for the demonstration site; shown with a visible demo label."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("demo")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from labourdesk.knowledge import selectors

        context = super().get_context(request, *args, **kwargs)
        context["portal"] = selectors.page_context(self, request)
        return context

    def get_sitemap_urls(self, request=None):
        """Each URL with its reciprocal alternates (hreflang) and x-default."""
        from labourdesk.knowledge.selectors import live_translations

        urls = super().get_sitemap_urls(request)
        pages = live_translations(self)
        alternates = [
            {"lang_code": code, "location": page.get_full_url(request)}
            for code, page in sorted(pages.items())
        ]
        default = pages.get(settings.LANGUAGE_CODE)
        if default is not None:
            alternates.append({"lang_code": "x-default", "location": default.get_full_url(request)})
        for url in urls:
            url["alternates"] = alternates
        return urls

    def analytics_theme(self) -> str:
        """The theme the website statistics count this page under (labourdesk/analytics): the
        slug of the theme page in the default language, the same for every translation. A
        theme is its own; a Q&A, resource or course belongs to the first theme (in site order)
        that shares one of its topics; other pages to none."""
        from labourdesk.knowledge.selectors import theme_key_for

        return theme_key_for(self)

    def get_admin_display_title(self):
        from labourdesk.knowledge.selectors import translation_outdated_since

        title = super().get_admin_display_title()
        if translation_outdated_since(self):
            return f"{title} ({_('translation outdated')})"
        return title


class HomePage(PortalPage):
    """The portal's home in one locale: search, themes, latest Q&As, entry points."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "knowledge.ThemePage",
        "knowledge.QAIndexPage",
        "knowledge.ResourceIndexPage",
        "knowledge.TrainingIndexPage",
        "knowledge.CountryIndexPage",
        "knowledge.ServicePage",
    ]
    template = "knowledge/home_page.html"

    class Meta:
        verbose_name = _("portal home")

    def route(self, request, path_components):
        """A page missing in this locale falls back to the same page in the source locale
        (the visitor sees it with a notice), rather than a 404."""
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale.language_code == settings.LANGUAGE_CODE:
                raise
            source_home = (
                HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
                .exclude(pk=self.pk)
                .first()
            )
            if source_home is None:
                raise
            result = Page.route(source_home, request, path_components)
            request.portal_fallback_language = source_home.locale.language_code
            return result

    def get_context(self, request, *args, **kwargs):
        from labourdesk.knowledge.selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context


class ThemePage(PortalPage):
    """A theme of the one-stop shop: an introduction, then its Q&As, resources, instruments and
    training, selected by the MNE Declaration topics that tag it."""

    intro = RichTextField(_("introduction"), features=RICH_FEATURES)
    topics = ParentalManyToManyField(
        "helpdesk.Topic", verbose_name=_("MNE Declaration topics"), related_name="+"
    )
    instruments = ParentalManyToManyField(
        "standards.Instrument",
        verbose_name=_("related instruments"),
        blank=True,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("topics"),
        FieldPanel("instruments"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["knowledge.HomePage"]
    subpage_types: list = []
    template = "knowledge/theme_page.html"

    class Meta:
        verbose_name = _("theme")

    def get_context(self, request, *args, **kwargs):
        from labourdesk.knowledge.selectors import theme_related

        context = super().get_context(request, *args, **kwargs)
        context.update(theme_related(self))
        return context


class QAIndexPage(PortalPage):
    """The folder of all Q&As of one locale."""

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.QuestionPage"]
    template = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("Q&A index")


class QuestionPage(PortalPage):
    """One published question and answer. When it comes from a closed case, `source_case` keeps
    the link for helpdesk staff only: no public template, feed or API ever reads it, and
    publishing waits until every anonymisation suspect is resolved."""

    question = models.TextField(_("question"))
    answer = RichTextField(_("answer"), features=RICH_FEATURES)
    topics = ParentalManyToManyField(
        "helpdesk.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    instruments = ParentalManyToManyField(
        "standards.Instrument", verbose_name=_("instruments"), blank=True, related_name="+"
    )
    countries = ParentalManyToManyField(
        "standards.MemberState", verbose_name=_("countries"), blank=True, related_name="+"
    )
    source_case = models.ForeignKey(
        "helpdesk.Case",
        verbose_name=_("case it came from (staff only)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    content_panels = [
        *Page.content_panels,
        HelpPanel(template="knowledge/admin/anonymisation_panel.html", heading=_("Anonymisation")),
        FieldPanel("question"),
        FieldPanel("answer"),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("instruments"), FieldPanel("countries")],
            heading=_("Classification"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("question"),
        index.SearchField("answer"),
    ]
    parent_page_types = ["knowledge.QAIndexPage"]
    subpage_types: list = []
    template = "knowledge/question_page.html"

    class Meta:
        verbose_name = _("Q&A")
        verbose_name_plural = _("Q&As")

    def unresolved_suspects(self):
        from labourdesk.knowledge.models.records import AnonymisationFinding

        if not self.pk:
            return AnonymisationFinding.objects.none()
        return AnonymisationFinding.objects.filter(
            page_id=self.pk,
            kind=AnonymisationFinding.Kind.SUSPECT,
            status=AnonymisationFinding.Status.PENDING,
        )

    def save(self, *args, **kwargs):
        # The invariant behind every way of publishing (the editor, a workflow approval, the
        # scheduler, a script): a Q&A with an unresolved anonymisation suspect never goes live.
        if self.live and self.unresolved_suspects().exists():
            raise ValidationError(
                _("Resolve every anonymisation suspect (accept or fix it) before publishing.")
            )
        return super().save(*args, **kwargs)


class ResourceIndexPage(PortalPage):
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.ResourcePage"]
    template = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("resource index")


class ResourcePage(PortalPage):
    """A publication, tool, document or link."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        TOOL = "tool", _("Tool")
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = RichTextField(_("description"), features=RICH_FEATURES)
    url = models.URLField(_("address"), max_length=500, blank=True)
    topics = ParentalManyToManyField(
        "helpdesk.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldPanel("topics"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["knowledge.ResourceIndexPage"]
    subpage_types: list = []
    template = "knowledge/resource_page.html"

    class Meta:
        verbose_name = _("resource")


class TrainingIndexPage(PortalPage):
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.TrainingCoursePage"]
    template = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("training index")


class TrainingCoursePage(PortalPage):
    """A training course, for example one of the ITC-ILO's."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        FACE_TO_FACE = "face_to_face", _("Face to face")
        BLENDED = "blended", _("Blended")
        SELF_PACED = "self_paced", _("Self-paced")

    provider = models.CharField(_("provider"), max_length=200)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    course_languages = models.CharField(_("languages of the course"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=500)
    description = RichTextField(_("description"), features=RICH_FEATURES)
    topics = ParentalManyToManyField(
        "helpdesk.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("provider"),
        FieldPanel("format"),
        FieldPanel("course_languages"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("topics"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["knowledge.TrainingIndexPage"]
    subpage_types: list = []
    template = "knowledge/training_page.html"

    class Meta:
        verbose_name = _("training course")


class CountryIndexPage(PortalPage):
    """The country information centre (seed 004)."""

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.CountryPage"]
    template = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("country information centre")


class CountryPage(PortalPage):
    """One country: the ILO's sources for it, its standards profile, the Better Work programme
    when there is one, and the Q&As that concern it."""

    country = models.ForeignKey(
        "standards.MemberState",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sources = RichTextField(_("the ILO's sources for this country"), features=RICH_FEATURES)
    better_work_url = models.URLField(_("Better Work programme"), max_length=500, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("country"),
        FieldPanel("sources"),
        FieldPanel("better_work_url"),
    ]
    parent_page_types = ["knowledge.CountryIndexPage"]
    subpage_types: list = []
    template = "knowledge/country_page.html"

    class Meta:
        verbose_name = _("country page")

    def get_context(self, request, *args, **kwargs):
        from labourdesk.knowledge.selectors import country_context

        context = super().get_context(request, *args, **kwargs)
        context.update(country_context(self))
        return context


class ServicePage(PortalPage):
    """One of the services seed 000 names, with the reference records of its kind."""

    class Service(models.TextChoices):
        DIALOGUE = "dialogue", _("Company–union dialogue facilitation")
        PARTNERSHIPS = "partnerships", _("Public–private partnerships")
        NETWORKS = "networks", _("Peer-learning networks and platforms")
        TRAINING = "training", _("Training")
        EMPLOYERS = "employers", _("Bureau for Employers' Activities")

    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    body = RichTextField(_("description"), features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("service"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["knowledge.HomePage"]
    subpage_types: list = []
    template = "knowledge/service_page.html"

    class Meta:
        verbose_name = _("service")

    def get_context(self, request, *args, **kwargs):
        from labourdesk.knowledge.selectors import service_context

        context = super().get_context(request, *args, **kwargs)
        context.update(service_context(self))
        return context
