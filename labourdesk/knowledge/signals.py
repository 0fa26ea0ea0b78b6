"""Optional, decoupled listeners: publishing or unpublishing a page refreshes the portal's cache
and its search index. (Services own the writes; these only keep derived data in step.)"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

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


def _invalidate(**kwargs):
    """A page moved (its address changed) or a view restriction added, changed or removed:
    what the cache holds for anonymous visitors may no longer be theirs to see."""
    transaction.on_commit(caching.invalidate)
    caching.invalidate()


post_page_move.connect(_invalidate, dispatch_uid="knowledge.moved", weak=False)
for _signal in (post_save, post_delete):
    _signal.connect(
        _invalidate,
        sender=PageViewRestriction,
        dispatch_uid=f"knowledge.restriction.{_signal is post_save}",
        weak=False,
    )
