"""The portal's own views besides Wagtail's pages: search, the Q&A feed, sitemaps, robots.txt,
the dialogue facilitation request, and the expert's "propose for publication" step."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited
from wagtail.views import serve as wagtail_serve

from labourdesk.core.views import rate_limited
from labourdesk.helpdesk.models import Case
from labourdesk.helpdesk.services.requester import Question
from labourdesk.knowledge import caching, selectors, services
from labourdesk.knowledge import search as portal_search
from labourdesk.knowledge.forms import DialogueRequestForm
from labourdesk.knowledge.models import QuestionPage, ThemePage
from labourdesk.knowledge.sitemaps import sitemaps_for

PAGE_TYPES = {
    "questionpage": gettext_lazy("Q&A"),
    "themepage": gettext_lazy("Theme"),
    "resourcepage": gettext_lazy("Resource"),
    "trainingcoursepage": gettext_lazy("Training course"),
    "countrypage": gettext_lazy("Country page"),
    "servicepage": gettext_lazy("Service"),
}
PER_PAGE = 10


def home(request):
    """`/<lang>/` is the portal home of that locale (a Wagtail page); without a portal tree
    (a database without the reference data) it is the plain home page."""
    from labourdesk.core import views as core_views
    from labourdesk.knowledge.models import HomePage

    cached = caching.cached_response(request)
    if cached is not None:
        return cached
    if not HomePage.objects.live().exists():
        return core_views.home(request)
    return wagtail_serve(request, "")


@require_safe
def search(request):
    language = get_language()
    query = portal_search.clean_query(request.GET.get("q", ""))
    themes = ThemePage.objects.live().public().filter(locale__language_code=language)
    theme_id = request.GET.get("theme", "")
    theme = themes.filter(pk=int(theme_id)).first() if theme_id.isdigit() else None
    page_type = request.GET.get("type", "")
    if page_type not in PAGE_TYPES:
        page_type = ""
    hits = []
    if query:
        topics = list(theme.topics.values_list("code", flat=True)) if theme else None
        hits = portal_search.search(
            query, language=language, theme_topics=topics, page_type=page_type
        )
    paginator = Paginator(hits, PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)
    for hit in page_obj.object_list:
        hit.language_name = get_language_info(hit.language)["name_local"]
        hit.url = hit.entry.page.get_url(request=request)
    return render(
        request,
        "knowledge/search.html",
        {
            "query": query,
            "page_obj": page_obj,
            "hits": page_obj.object_list,
            "count": paginator.count,
            "themes": themes,
            "theme": theme,
            "page_type": page_type,
            "page_types": PAGE_TYPES.items(),
            "language": language,
        },
    )


class QuestionFeed(Feed):
    """An Atom feed of the newest Q&As in the visitor's language."""

    feed_type = Atom1Feed

    def title(self):
        return _("LabourDesk: new questions and answers")

    def link(self):
        return reverse("core:home")

    def subtitle(self):
        return _("Anonymised questions put to the Helpdesk, and the answers.")

    def items(self):
        return (
            QuestionPage.objects.live()
            .public()
            .filter(locale__language_code=get_language())
            .order_by("-first_published_at")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return strip_tags(item.answer)[:500]

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, sitemaps_for(request), sitemap_url_name="knowledge_sitemap")


@require_safe
def sitemap_section(request, section: str):
    if section not in dict(settings.LANGUAGES):
        raise Http404
    return sitemap_views.sitemap(request, sitemaps_for(request), section=section)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /cms/",
        "Disallow: /api/",
        *[f"Disallow: /{code}/helpdesk/" for code, _name in settings.LANGUAGES],
        *[f"Disallow: /{code}/admin/" for code, _name in settings.LANGUAGES],
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_http_methods(["GET", "POST"])
def dialogue_request(request):
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="knowledge.dialogue",
            key="ip",
            rate="10/h",
            method="POST",
            increment=True,
        ):
            return rate_limited(request)
        form = DialogueRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.dialogue_request_submit(
                question=Question(
                    question=data["question"],
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    user_type=data["user_type"],
                    country=data["country"],
                    language=get_language() or settings.LANGUAGE_CODE,
                ),
                submission_key=data["submission_key"],
            )
            return HttpResponseRedirect(reverse("helpdesk:ask_thanks"))
    else:
        form = DialogueRequestForm(initial={"submission_key": uuid.uuid4().hex})
    return render(request, "knowledge/dialogue_request.html", {"form": form})


@login_required
@require_POST
def case_propose(request, pk: int):
    case = get_object_or_404(Case.objects.restrict(request.user, "change"), pk=pk)
    try:
        services.case_propose_for_publication(actor=request.user, case=case)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Proposed for publication: an editor will review the anonymised draft.")
        )
    return HttpResponseRedirect(reverse("helpdesk:case_detail", kwargs={"pk": case.pk}))


__all__ = ["selectors"]
