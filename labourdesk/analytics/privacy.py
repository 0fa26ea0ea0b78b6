"""Visitor ids that cannot follow anyone: a keyed hash with a salt that lives two days.

visitor = BLAKE2b(key = the day's random salt, data = IP · user agent · host), 16 bytes, hex.
Today's salt makes today's ids; yesterday's is kept only so that a visit begun before midnight
continues after it; older salts are deleted, so yesterday's ids can no longer be recomputed from
anything the server holds. Salts live in the database so that every web process of every
machine uses the same one.
"""

import datetime as dt
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from labourdesk.analytics.models import DailySalt

_cache: dict[dt.date, bytes] = {}
# Past days known to have no salt: none is ever made for a past day (only today's is created),
# so the answer cannot change; without this every page view asked the database for yesterday's
# salt on a site's first day of counting.
_missing: set[dt.date] = set()


def local_day(at: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(at or timezone.now()).date()


def salts_prune(*, today: dt.date) -> int:
    """Destroy every salt older than yesterday's."""
    deleted, _ = DailySalt.objects.filter(day__lt=today - dt.timedelta(days=1)).delete()
    for day in [d for d in _cache if d < today - dt.timedelta(days=1)]:
        del _cache[day]
    return deleted


def salt_for(day: dt.date, *, create: bool) -> bytes | None:
    if day in _cache:
        return _cache[day]
    if not create and day in _missing:
        return None
    salt = DailySalt.objects.filter(day=day).values_list("key", flat=True).first()
    if salt is None and create:
        try:
            with transaction.atomic():
                DailySalt.objects.create(day=day, key=secrets.token_bytes(32))
        except IntegrityError:  # another process made it first: use theirs
            pass
        salts_prune(today=day)
        salt = DailySalt.objects.filter(day=day).values_list("key", flat=True).first()
    if salt is not None:
        _cache[day] = bytes(salt)
    elif not create and day < local_day():
        _missing.add(day)
    return _cache.get(day)


def visitor_hash(salt: bytes, ip: str, user_agent: str, host: str) -> str:
    data = "\x1f".join((ip, user_agent, host)).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(data, key=salt, digest_size=16).hexdigest()


def clear_cache() -> None:
    _cache.clear()
    _missing.clear()
