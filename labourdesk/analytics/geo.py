"""Country of an IP address, from the GeoIP country database of the `geoip2fast` package
(MaxMind GeoLite2 Country, IPv4 and IPv6, bundled in the package; its date is `database_date()`).
The address is used for this lookup only and never stored."""

import ipaddress
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _reader():
    from geoip2fast import GeoIP2Fast

    return GeoIP2Fast(geoip2fast_data_file="geoip2fast-ipv6.dat.gz")


def country_of(ip: str) -> str:
    """ISO 3166 alpha-2, or "" when unknown (private, reserved, not in the database, invalid)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if not address.is_global:
        return ""
    code = getattr(_reader().lookup(str(address)), "country_code", "") or ""
    return code.upper() if re.fullmatch(r"[A-Za-z]{2}", code) else ""


def database_date() -> str:
    """e.g. 'MaxMind GeoLite2 Country, 2024-06-18 (geoip2fast 1.2.2)'."""
    from importlib.metadata import version

    info = _reader().get_database_info().get("source_info", "")
    match = re.search(r"(\d{4})(\d{2})(\d{2})", info)
    date = "-".join(match.groups()) if match else "unknown date"
    return f"MaxMind GeoLite2 Country, {date} (geoip2fast {version('geoip2fast')})"
