"""Reads of the portal: what a page shows besides its own fields, translations, country links."""

import json

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _absolute(request, url: str) -> str:
    if url.startswith("http"):
        return url
    return request.build_absolute_uri(url) if request else f"{settings.SITE_URL}{url}"


def live_translations(page) -> dict[str, Page]:
    """{language code: live page} for the page and its translations."""
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    return {p.locale.language_code: p for p in pages}


def translation_outdated_since(page):
    """When the source of this translation changed after the translation was made, or None.

    wagtail-localize keeps, per source, when its content was last extracted
    (`TranslationSource.last_updated_at`); a source page published after that has changes the
    translation does not carry yet.
    """
    try:
        from wagtail_localize.models import TranslationSource
    except ImportError:  # pragma: no cover
        return None
    if not getattr(page, "translation_key", None) or not page.pk:
        return None
    source = (
        TranslationSource.objects.filter(
            object_id=page.translation_key, translations__target_locale_id=page.locale_id
        )
        .exclude(locale_id=page.locale_id)
        .select_related("locale")
        .first()
    )
    if source is None:
        return None
    source_page = (
        Page.objects.filter(translation_key=page.translation_key, locale_id=source.locale_id)
        .live()
        .first()
    )
    if source_page is None or source_page.last_published_at is None:
        return None
    if source_page.last_published_at > source.last_updated_at:
        return {"at": source_page.last_published_at, "language": source.locale.language_code}
    return None


def _language_name(code: str) -> str:
    return get_language_info(code)["name_local"]


def page_alternates(page, request) -> list[dict]:
    """The switcher and hreflang: every language, with the page's URL where it exists."""
    existing = live_translations(page)
    current = translation.get_language()
    result = []
    for code in LANGUAGE_CODES:
        target = existing.get(code)
        with translation.override(code):
            url = target.get_url(request=request) if target else None
            home = reverse("core:home")
        result.append(
            {
                "code": code,
                "name": _language_name(code),
                "url": url or home,
                "absolute_url": _absolute(request, url) if url else None,
                "exists": target is not None,
                "current": code == current,
            }
        )
    return result


def breadcrumbs(page, request) -> list[dict]:
    crumbs = []
    for ancestor in page.get_ancestors(inclusive=True).filter(depth__gt=1).specific():
        crumbs.append({"title": ancestor.title, "url": ancestor.get_url(request=request)})
    return crumbs


def _jsonld(data) -> str:
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped: cannot close the element


def _plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def jsonld_documents(page, request, crumbs) -> list[str]:
    from labourdesk.knowledge.models import QuestionPage, ThemePage

    docs = [
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "LabourDesk",
            "url": _absolute(request, "/"),
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": i,
                    "name": c["title"],
                    "item": _absolute(request, c["url"]),
                }
                for i, c in enumerate(crumbs, start=1)
            ],
        },
    ]
    if isinstance(page, QuestionPage):
        docs.append(
            {
                "@context": "https://schema.org",
                "@type": "QAPage",
                "mainEntity": {
                    "@type": "Question",
                    "name": page.title,
                    "text": page.question,
                    "answerCount": 1,
                    "datePublished": page.first_published_at.isoformat()
                    if page.first_published_at
                    else None,
                    "acceptedAnswer": {
                        "@type": "Answer",
                        "text": _plain(page.answer),
                        "url": _absolute(request, page.get_url(request=request)),
                    },
                },
            }
        )
    elif isinstance(page, ThemePage):
        qas = theme_questions(page)
        if qas:
            docs.append(
                {
                    "@context": "https://schema.org",
                    "@type": "FAQPage",
                    "mainEntity": [
                        {
                            "@type": "Question",
                            "name": qa.title,
                            "acceptedAnswer": {"@type": "Answer", "text": _plain(qa.answer)},
                        }
                        for qa in qas
                    ],
                }
            )
    return [_jsonld(d) for d in docs]


def page_context(page, request) -> dict:
    """Everything base_portal.html needs beyond the page's own fields."""
    fallback_language = getattr(request, "portal_fallback_language", None)
    alternates = page_alternates(page, request)
    crumbs = breadcrumbs(page, request)
    canonical = _absolute(request, page.get_url(request=request) or "/")
    default = next((a for a in alternates if a["code"] == settings.LANGUAGE_CODE), None)
    return {
        "alternates": alternates,
        "hreflang": [a for a in alternates if a["exists"]],
        "x_default": (default or {}).get("absolute_url") or canonical,
        "canonical": canonical,
        "breadcrumbs": crumbs,
        "jsonld": jsonld_documents(page, request, crumbs),
        "outdated": translation_outdated_since(page),
        "fallback_language": fallback_language,
        "fallback_language_name": _language_name(fallback_language) if fallback_language else "",
        "content_language": page.locale.language_code,
        "feed_url": _feed_url(),
        "search_url": _search_url(),
    }


def _feed_url() -> str | None:
    try:
        return reverse("knowledge:qa_feed")
    except NoReverseMatch:  # pragma: no cover
        return None


def _search_url() -> str | None:
    try:
        return reverse("knowledge:search")
    except NoReverseMatch:  # pragma: no cover
        return None


def _locale_for(language: str):
    return Locale.objects.filter(language_code=language).first()


def theme_questions(theme, limit: int | None = None):
    from labourdesk.knowledge.models import QuestionPage

    qs = (
        QuestionPage.objects.live()
        .public()
        .filter(locale_id=theme.locale_id, topics__in=theme.topics.all())
        .distinct()
        .order_by("-first_published_at", "-id")
    )
    return list(qs[:limit] if limit else qs)


def theme_related(theme) -> dict:
    from labourdesk.knowledge.models import ResourcePage, TrainingCoursePage

    topics = theme.topics.all()
    return {
        "questions": theme_questions(theme),
        "resources": ResourcePage.objects.live()
        .public()
        .filter(locale_id=theme.locale_id, topics__in=topics)
        .distinct(),
        "training": TrainingCoursePage.objects.live()
        .public()
        .filter(locale_id=theme.locale_id, topics__in=topics)
        .distinct(),
        "instruments": theme.instruments.all(),
    }


def home_context(home) -> dict:
    """What the home of one locale lists. A list with nothing in this locale yet (a new
    language) shows the source language's pages instead, each marked with its language and
    linked under this locale's prefix (where the page falls back with a notice), never an empty
    portal."""
    from labourdesk.knowledge.models import HomePage, QuestionPage, ServicePage, ThemePage

    source_home = None
    if home.locale.language_code != settings.LANGUAGE_CODE:
        source_home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()

    def listed(queryset, limit=None):
        pages = list(queryset.filter(locale_id=home.locale_id)[:limit])
        if pages or source_home is None:
            return pages, None
        pages = list(queryset.filter(locale_id=source_home.locale_id)[:limit])
        prefix = home.url or ""
        for page in pages:
            page.fallback_url = prefix + page.url_path[len(source_home.url_path) :]
        return pages, source_home.locale.language_code

    live = {
        "themes": listed(ThemePage.objects.live().public()),
        "latest_questions": listed(
            QuestionPage.objects.live().public().order_by("-first_published_at", "-id"), 6
        ),
        "services": listed(ServicePage.objects.live().public()),
    }
    context = {name: pages for name, (pages, _language) in live.items()}
    context["fallback_languages"] = {
        name: {"code": language, "name": get_language_info(language)["name_local"]}
        for name, (_pages, language) in live.items()
        if language
    }
    context.update(
        {
            "standards_url": standards_url(),
            # The public dashboard: the compliance area itself is for signed-in users.
            "compliance_url": _reverse_or_none("compliance:dashboard"),
            "ask_url": _reverse_or_none("helpdesk:ask"),
        }
    )
    return context


def _reverse_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def standards_url() -> str:
    """The standards database (built in parallel): its list when its URL exists, else its path."""
    return (
        _reverse_or_none("standards:instrument_list") or f"/{translation.get_language()}/standards/"
    )


def country_links(iso3: str, language: str) -> dict:
    """For the standards country profile: the portal's country page, and its Q&As.

    {"country_page_url": str | None, "qa_count": int, "qa_search_url": str | None}
    """
    from labourdesk.knowledge.models import CountryPage, QuestionPage

    iso3 = (iso3 or "").upper()
    locale = _locale_for(language)
    result = {"country_page_url": None, "qa_count": 0, "qa_search_url": None}
    if locale is None or not iso3:
        return result
    pages = CountryPage.objects.live().public().filter(country__iso3=iso3)
    page = pages.filter(locale=locale).first() or pages.first()
    with translation.override(language):
        if page is not None:
            result["country_page_url"] = page.get_url()
        count = (
            QuestionPage.objects.live()
            .public()
            .filter(locale=locale, countries__iso3=iso3)
            .distinct()
            .count()
        )
        result["qa_count"] = count
        if count:
            search = _search_url()
            result["qa_search_url"] = f"{search}?country={iso3}" if search else None
    return result


def country_context(page) -> dict:
    from labourdesk.knowledge.models import QuestionPage

    iso3 = page.country.iso3
    return {
        "country_questions": QuestionPage.objects.live()
        .public()
        .filter(locale_id=page.locale_id, countries=page.country)
        .distinct(),
        "standards_country_url": _reverse_or_none("standards:country_detail", iso3=iso3),
    }


SERVICE_LINK_KINDS = {
    "partnerships": ["programme"],
    "networks": ["network"],
    "training": ["course"],
    "employers": ["office"],
    "dialogue": [],
}


def service_context(page) -> dict:
    from labourdesk.knowledge.models import PortalLink

    kinds = SERVICE_LINK_KINDS.get(page.service, [])
    return {
        "links": PortalLink.objects.filter(kind__in=kinds),
        "dialogue_url": _reverse_or_none("knowledge:dialogue_request")
        if page.service == "dialogue"
        else None,
    }


def theme_key_for(page) -> str:
    """The statistics' theme of a portal page: the slug of its theme page in the default
    language (one key for every translation), "" when it has none."""
    from labourdesk.knowledge.models import ThemePage

    specific = page.specific if type(page) is Page else page
    themes = ThemePage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    if isinstance(specific, ThemePage):
        if specific.locale.language_code == settings.LANGUAGE_CODE:
            return specific.slug[:100]
        source = themes.filter(translation_key=specific.translation_key).first()
        return (source.slug if source else specific.slug)[:100]
    topics = getattr(specific, "topics", None)
    if topics is None:
        return ""
    theme = themes.filter(topics__in=topics.all()).order_by("path").first()
    return theme.slug[:100] if theme else ""
