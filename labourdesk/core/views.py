from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults as django_defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from labourdesk.core.api.exceptions import envelope_json, is_api_request
from labourdesk.core.outage import database_unavailable, outage_response
from labourdesk.core.roles import (
    ADMINISTRATOR,
    BUYER_USER,
    ENTERPRISE_ADVISOR,
    FACTORY_USER,
    HELPDESK_ROLES,
    PROGRAMME_MANAGER,
    user_roles,
)


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


def permission_denied(request, exception=None):
    """Our 403: in the visitor's language, saying what to do (sign in, or ask for the role);
    under /api/, the envelope."""
    if is_api_request(request):
        return envelope_json(
            _("You do not have permission to perform this action."),
            status_code=403,
            extra={"code": "permission_denied"},
        )
    if not translation.get_language():
        translation.activate(settings.LANGUAGE_CODE)
    return render(request, "403.html", {"reason": "permission"}, status=403)


def csrf_failure(request, reason=""):
    """A form refused for its security token (expired page, cookies blocked): say so."""
    return render(request, "403.html", {"reason": "csrf"}, status=403)


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    path = finders.find("core/favicon.ico")
    if not path:  # pragma: no cover - the file ships with the app
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


# Where each role works: the first matching entry wins, so a user with several roles lands on
# the Helpdesk first (the most time-bound work), then compliance, then the admin.
WORKSPACES = [
    (HELPDESK_ROLES, "helpdesk:queue"),
    (
        frozenset({ENTERPRISE_ADVISOR, PROGRAMME_MANAGER, FACTORY_USER, BUYER_USER}),
        "compliance:home",
    ),
    (frozenset({ADMINISTRATOR}), "admin:index"),
]


def workspace_url(user) -> str:
    roles = user_roles(user)
    for allowed, name in WORKSPACES:
        if roles & allowed:
            return reverse(name)
    return reverse("core:home")


@login_required
@require_safe
def workspace(request):
    """After sign-in (LOGIN_REDIRECT_URL): each role lands on its own workspace."""
    return HttpResponseRedirect(workspace_url(request.user))
