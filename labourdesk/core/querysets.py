"""Querysets that restrict what a user may see or change (NetBox's `restrict(user, action)`).

One rule serves the pages, the API, the exports and the reports: every list starts from
`Model.objects.restrict(request.user, "view")`.

The rule has two layers:
1. the model permission `<app>.<action>_<model>` given by the user's roles (groups);
2. a scope a model may narrow further by overriding `scope()` (an organisation's own factories,
   a buyer's granted reports...).
Anonymous visitors see nothing unless a queryset opts in through `restrict_anonymous()`.
"""

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        if user is None or not getattr(user, "is_authenticated", False):
            return self.restrict_anonymous(action)
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        opts = self.model._meta
        if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            return self.scope_without_permission(user, action)
        return self.scope(user, action)

    def restrict_anonymous(self, action: str):
        """What a visitor without an account may see. Nothing unless a model opts in."""
        return self.none()

    def scope_without_permission(self, user, action: str):
        """Rows a signed-in user without the model permission may still reach (public rows)."""
        return self.restrict_anonymous(action)

    def scope(self, user, action: str):
        """Narrow the rows of a user who holds the model permission. All rows by default."""
        return self


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    pass


class RoleScopedQuerySet(RestrictedQuerySet):
    """Rows that only holders of one of `scope_roles` reach, even with the model permission
    (confidential Helpdesk material: cases, inquiries, mail)."""

    scope_roles: frozenset[str] = frozenset()

    def scope(self, user, action: str):
        from labourdesk.core.roles import user_roles

        return self if user_roles(user) & self.scope_roles else self.none()
