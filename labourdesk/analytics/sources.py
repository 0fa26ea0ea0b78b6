"""Where a visit came from: search engine, social network, e-mail, another site, or direct.

As Plausible does: UTM parameters first (`utm_medium`, then `utm_source`), then the referring
host against a maintained list of search engines, social networks and webmail hosts (Ghost's
referrer list, data/analytics/referrers.json: see its PROVENANCE.md), else "another site"; no
referrer (or our own host) is direct. Only the host is kept, never the referring URL.
"""

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

from labourdesk.analytics.models import Source

MEDIUMS = {
    "search": Source.SEARCH,
    "organic": Source.SEARCH,
    "cpc": Source.SEARCH,
    "ppc": Source.SEARCH,
    "paid": Source.SEARCH,
    "social": Source.SOCIAL,
    "social-network": Source.SOCIAL,
    "social-media": Source.SOCIAL,
    "sm": Source.SOCIAL,
    "email": Source.EMAIL,
    "e-mail": Source.EMAIL,
    "e_mail": Source.EMAIL,
    "newsletter": Source.EMAIL,
    "referral": Source.REFERRAL,
}


@lru_cache(maxsize=1)
def known_hosts() -> dict[str, str]:
    path = Path(settings.BASE_DIR) / "data" / "analytics" / "referrers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    mapping = {}
    for host, entry in data.items():
        medium = entry.get("medium")
        if medium == "search":
            mapping[host] = Source.SEARCH
        elif medium == "social":
            mapping[host] = Source.SOCIAL
        elif medium == "email":
            mapping[host] = Source.EMAIL
        elif medium == "paid":  # ads on a search engine or a social network
            name = (entry.get("source") or "").lower()
            social = any(s in name for s in ("facebook", "instagram", "linkedin", "twitter", "x "))
            mapping[host] = Source.SOCIAL if social else Source.SEARCH
    return mapping


def _lookup(host: str) -> str | None:
    table = known_hosts()
    parts = host.split(".")
    # www.google.co.uk → google.co.uk → co.uk: the longest known suffix wins.
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in table:
            return table[candidate]
    return None


def referrer_host(referrer: str) -> str:
    try:
        host = (urlsplit(referrer[:2048]).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")[:255]


def classify(*, referrer: str, query_string: str, own_host: str) -> tuple[str, str]:
    """(source, referrer host) of a page view that starts a visit."""
    host = referrer_host(referrer)
    if host and host == own_host.lower().split(":")[0].removeprefix("www."):
        host = ""
    try:
        params = parse_qs(query_string[:4096], keep_blank_values=False)
    except ValueError:
        params = {}
    medium = (params.get("utm_medium") or [""])[0].strip().lower()
    utm_source = (params.get("utm_source") or [""])[0].strip().lower()[:255]
    if medium in MEDIUMS:
        return MEDIUMS[medium], host or utm_source
    if utm_source:
        found = _lookup(utm_source) or _lookup(f"{utm_source}.com")
        return (found or Source.REFERRAL), host or utm_source
    if not host:
        return Source.DIRECT, ""
    return (_lookup(host) or Source.REFERRAL), host
