"""drf-spectacular preprocessing: the OpenAPI schema documents /api/ only.

wagtail-localize's admin views under /cms/ are DRF views too; they are Wagtail's internals, not
our API, and spectacular cannot describe them (it warns, which fails `make check`)."""


def only_api_endpoints(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
