"""The portal's own search index: one row per live page, in the page's language.

Wagtail's database backend indexes every page with one text-search configuration; the portal
needs one per language (french stems "salaires" to "salair", english does not), so we keep this
small table, written on publish and removed on unpublish (signals.py). On PostgreSQL `vector` is
filled with the language's configuration (simple for CJK, with pg_trgm for substrings); on SQLite
an FTS5 table mirrors it (migration 0002).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10, db_index=True)
    page_type = models.CharField(max_length=40, db_index=True)
    topics = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url_path = models.CharField(max_length=500)
    published_at = models.DateTimeField(null=True)
    # PostgreSQL only (NULL on SQLite): the language's tsvector, title weighted A.
    vector = SearchVectorField(null=True)

    class Meta:
        # The GIN index on `vector` is created by a PostgreSQL-only migration step.
        verbose_name = "search entry"

    def __str__(self) -> str:
        return self.title
