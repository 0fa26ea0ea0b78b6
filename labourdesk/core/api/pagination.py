"""Pages of API lists: `?page=` is a whole number from 1, as the schema says (and `?page_size=`,
where a list offers it, one from 1 to its maximum).

DRF's own page-number pagination reads an empty `?page=` as page 1 and answers a non-number with
a 404 "Invalid page"; here both are a 400 that names the parameter, and only a page past the end
of the list is a 404 (the list is shorter than that).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination


def _whole_number(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) >= 1 else None


class PageNumberPagination(pagination.PageNumberPagination):
    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        number = _whole_number(raw)
        if number is None:
            raise exceptions.ValidationError(
                {self.page_query_param: [_("A page is a whole number from 1: “%s”.") % raw[:40]]}
            )
        return number

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param or "")
        if raw is None:
            return self.page_size
        number = _whole_number(raw)
        if number is None or (self.max_page_size and number > self.max_page_size):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("A page size is a whole number from 1 to %(max)s: “%(value)s”.")
                        % {"max": self.max_page_size or "∞", "value": raw[:40]}
                    ]
                }
            )
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                if self.max_page_size:
                    parameter["schema"]["maximum"] = self.max_page_size
        return parameters
