from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults as django_defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from labourdesk.core.outage import database_unavailable, outage_response
from labourdesk.core.api.exceptions import envelope_json, is_api_request


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise. No language prefix, no session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def root_redirect(request):
    """`/` goes to the visitor's language: the language cookie, then Accept-Language."""
    language = translation.get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{language}/")


@require_safe
def home(request):
    return render(request, "core/home.html")


def page_not_found(request, exception=None):
    if is_api_request(request):
        return envelope_json(_("Not found."), status_code=404, extra={"code": "not_found"})
    # A path with an unknown language prefix (/de/...) never activated a language:
    # answer in the default one.
    if not translation.get_language():
        translation.activate(settings.LANGUAGE_CODE)
    return render(request, "404.html", status=404)


def server_error(request):
    if database_unavailable():
        return outage_response(request)
    if is_api_request(request):
        return envelope_json(
            _("Server error: the error has been logged."),
            status_code=500,
            extra={"code": "server_error"},
        )
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    if is_api_request(request):
        return envelope_json(
            _("The request could not be read."), status_code=400, extra={"code": "bad_request"}
        )
    return django_defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return envelope_json(
            _("You do not have permission to perform this action."),
            status_code=403,
            extra={"code": "permission_denied"},
        )
    return django_defaults.permission_denied(request, exception)


def rate_limited(request, exception=None):
    if is_api_request(request):
        response = envelope_json(
            _("Too many requests: try again later."),
            status_code=429,
            extra={"code": "throttled", "wait": 60},
        )
        response["Retry-After"] = "60"
        return response
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
