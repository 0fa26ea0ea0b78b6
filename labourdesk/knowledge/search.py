"""Portal search in every language, on our own index (models/search.py).

PostgreSQL: one text-search configuration per language (english, french, spanish; `simple` for
Chinese, Japanese and Vietnamese, whose words stemming would not help), and a substring match
(pg_trgm index) for CJK, where words are not separated by spaces. SQLite: an FTS5 table with the
trigram tokenizer (substrings of three characters or more, any script) and LIKE for shorter
terms, so that a one- or two-character CJK query still finds what contains it.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from labourdesk.knowledge.models import SearchEntry

PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
MAX_QUERY = 200
MAX_RESULTS = 500


def _page_type(page) -> str:
    return page.specific_class._meta.model_name if page.specific_class else "page"


def _body_of(page) -> str:
    parts = []
    for name in ("intro", "question", "answer", "description", "body", "sources"):
        value = getattr(page, name, None)
        if value:
            parts.append(strip_tags(str(value)))
    return " ".join(" ".join(parts).split())


def index_page(page) -> None:
    """Write (or rewrite) the entry of a live page; drafts and private pages stay out."""
    page = page.specific
    if not page.live or (page.depth <= 2 and page.specific_class.__name__ != "HomePage"):
        return
    topics = list(page.topics.values_list("code", flat=True)) if hasattr(page, "topics") else []
    entry, _created = SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "language": page.locale.language_code,
            "page_type": _page_type(page),
            "topics": topics,
            "title": page.title[:255],
            "body": _body_of(page),
            "url_path": page.url_path[:500],
            "published_at": page.last_published_at,
        },
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        config = PG_CONFIGS.get(entry.language, "simple")
        SearchEntry.objects.filter(pk=entry.pk).update(
            vector=SearchVector(Value(entry.title), config=config, weight="A")
            + SearchVector(Value(entry.body), config=config, weight="B")
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_search_fts WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO knowledge_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [entry.pk, entry.title, entry.body],
            )


def unindex_page(page) -> None:
    ids = list(SearchEntry.objects.filter(page_id=page.pk).values_list("pk", flat=True))
    if ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for pk in ids:
                cursor.execute("DELETE FROM knowledge_search_fts WHERE rowid = %s", [pk])
    SearchEntry.objects.filter(pk__in=ids).delete()


def clean_query(raw: str) -> str:
    text = " ".join((raw or "").replace("\x00", " ").split())
    return text[:MAX_QUERY]


def _terms(query: str) -> list[str]:
    return [t for t in re.split(r"[\s\"'()*:^+\-]+", query) if t][:12]


def _match_postgres(qs, query: str):
    from django.contrib.postgres.search import SearchQuery

    condition = Q()
    for language, config in PG_CONFIGS.items():
        condition |= Q(
            language=language, vector=SearchQuery(query, config=config, search_type="websearch")
        )
    condition |= Q(
        ~Q(language__in=list(PG_CONFIGS)),
        vector=SearchQuery(query, config="simple", search_type="websearch"),
    )
    for term in _terms(query):
        if CJK_RE.search(term):
            condition |= Q(body__icontains=term) | Q(title__icontains=term)
    return qs.filter(condition)


def _match_sqlite(qs, query: str):
    terms = _terms(query)
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    if long_terms:
        fts = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM knowledge_search_fts WHERE knowledge_search_fts MATCH %s "
                "ORDER BY rank LIMIT %s",
                [fts, MAX_RESULTS * 4],
            )
            ids = [row[0] for row in cursor.fetchall()]
        qs = qs.filter(pk__in=ids)
    for term in short_terms:
        qs = qs.filter(Q(body__icontains=term) | Q(title__icontains=term))
    return qs


@dataclass
class Hit:
    entry: SearchEntry
    snippet: str

    @property
    def language(self):
        return self.entry.language


def snippet(text: str, terms: list[str], width: int = 90) -> str:
    """A piece of the text around the first match, with every matching term marked."""
    lowered = text.lower()
    stems = [t.lower()[: max(3, min(len(t), 5))] if not CJK_RE.search(t) else t for t in terms]
    positions = [lowered.find(s) for s in stems if s and lowered.find(s) >= 0]
    start = max(0, min(positions) - width // 2) if positions else 0
    piece = text[start : start + width * 2]
    html = escape(piece)
    for stem in sorted({escape(s) for s in stems if s}, key=len, reverse=True):
        # A word's stem is marked with the rest of its word; a CJK term alone (CJK text has no
        # spaces: the "word" would run to the end of the sentence).
        rest = "" if CJK_RE.search(stem) else "[\\w]*"
        html = re.sub(f"({re.escape(stem)}{rest})", r"<mark>\1</mark>", html, flags=re.IGNORECASE)
    prefix = "… " if start else ""
    suffix = " …" if start + width * 2 < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 - escaped above, only <mark> added


class Results(Sequence):
    """The matches in order: only their ids are read for the count and the order; entries, pages
    and snippets are loaded for the slice a results page shows (computing 500 snippets and
    loading 500 pages to show ten was most of a search)."""

    def __init__(self, queryset, terms: list[str]):
        self.ids = list(queryset.values_list("pk", flat=True)[:MAX_RESULTS])
        self.terms = terms

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            entries = SearchEntry.objects.select_related("page").in_bulk(ids)
            return [
                Hit(
                    entry=entries[pk],
                    snippet=snippet(entries[pk].body or entries[pk].title, self.terms),
                )
                for pk in ids
                if pk in entries
            ]
        hits = self[index : index + 1] if index >= 0 else self[index:][:1]
        if not hits:
            raise IndexError(index)
        return hits[0]


def search(query: str, *, language: str, theme_topics=None, page_type: str = "") -> Results:
    """Matches in the visitor's language first, then in the others (each marked with its own)."""
    query = clean_query(query)
    if not query:
        return Results(SearchEntry.objects.none(), [])
    qs = SearchEntry.objects.all()
    if page_type:
        qs = qs.filter(page_type=page_type)
    if theme_topics:
        topic_filter = Q()
        for code in theme_topics:
            topic_filter |= (
                Q(topics__contains=[code])
                if connection.vendor == "postgresql"
                else Q(topics__icontains=f'"{code}"')
            )
        qs = qs.filter(topic_filter)
    qs = (
        _match_postgres(qs, query)
        if connection.vendor == "postgresql"
        else _match_sqlite(qs, query)
    )
    qs = qs.annotate(
        own=Case(
            When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("own", "-published_at", "pk")
    return Results(qs, _terms(query))
