"""Optional, decoupled listeners: publishing or unpublishing a page refreshes the portal's cache
and its search index. (Services own the writes; these only keep derived data in step.)"""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from labourdesk.knowledge import caching


def _on_published(sender, instance, **kwargs):
    from labourdesk.knowledge.search import index_page

    index_page(instance)
    transaction.on_commit(caching.invalidate)
    caching.invalidate()


def _on_unpublished(sender, instance, **kwargs):
    from labourdesk.knowledge.search import unindex_page

    unindex_page(instance)
    transaction.on_commit(caching.invalidate)
    caching.invalidate()


page_published.connect(_on_published, dispatch_uid="knowledge.published")
page_unpublished.connect(_on_unpublished, dispatch_uid="knowledge.unpublished")
post_delete.connect(
    lambda sender, instance, **kw: caching.invalidate(),
    sender=Page,
    dispatch_uid="knowledge.deleted",
    weak=False,
)
