"""A refused or missing page is one log line, never a traceback (issue 10, quiet logs)."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from labourdesk import urls as project_urls


def _forbidden(request):
    raise PermissionDenied("not yours")


def _missing(request):
    raise Http404("no such case")


class _ApiMissing(APIView):
    permission_classes = []

    def get(self, request):
        raise NotFound()


def _broken(request):
    raise RuntimeError("a real bug")


# The project's own URLs too: the error pages link to them.
urlpatterns = [
    path("forbidden/", _forbidden),
    path("missing/", _missing),
    path("api/missing/", _ApiMissing.as_view()),
    path("broken/", _broken),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.mark.urls("labourdesk.core.tests.test_logging")
@pytest.mark.parametrize(
    ("url", "status"), [("/forbidden/", 403), ("/missing/", 404), ("/api/missing/", 404)]
)
@pytest.mark.django_db  # a 404 consults Wagtail's redirects table before it is answered
def test_a_403_or_404_is_one_line_without_traceback(client, caplog, url, status):
    caplog.set_level(logging.INFO)
    response = client.get(url)
    assert response.status_code == status
    records = [r for r in caplog.records if r.name.startswith("django")]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text
    assert url in records[0].getMessage()


@pytest.mark.urls("labourdesk.core.tests.test_logging")
def test_a_server_error_keeps_its_traceback(client, caplog):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Traceback" in caplog.text
    assert "a real bug" in caplog.text
