"""The portal's reference data: locales, the page tree of every locale, seed 000's links,
seed 004's old addresses, and the Wagtail rights and workflow of our roles. Idempotent."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from django.utils.translation import gettext as _

from labourdesk.core.reference import ReferenceDataError, read_csv

INDEXES = [
    # (model name, slug, title)
    ("QAIndexPage", "qa", "Questions and answers"),
    ("ResourceIndexPage", "resources", "Tools and resources"),
    ("TrainingIndexPage", "training", "Training"),
    ("CountryIndexPage", "countries", "Country information centre"),
]


def index_title(slug: str) -> str:
    titles = {
        "qa": _("Questions and answers"),
        "resources": _("Tools and resources"),
        "training": _("Training"),
        "countries": _("Country information centre"),
    }
    return str(titles[slug])


def load_locales(data_dir) -> dict:
    from wagtail.models import Locale

    created = 0
    for code, _name in settings.LANGUAGES:
        _locale, was_created = Locale.objects.get_or_create(language_code=code)
        created += was_created
    return {"locales": len(settings.LANGUAGES), "created": created}


def _publish(page) -> None:
    page.save_revision().publish()


def load_page_tree(data_dir) -> dict:
    """The portal home and its sections in every locale; the default site points at it."""
    from wagtail.models import Locale, Page, Site

    from labourdesk.knowledge import models as km

    created = 0
    default_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        # Wagtail's migration creates the tree's root; a flushed database (transactional tests)
        # has none, so the loader makes it as that migration does.
        root = Page.add_root(title="Root", slug="root", locale=default_locale)
    home = km.HomePage.objects.filter(locale=default_locale).first()
    if home is None:
        # Wagtail's own migration leaves a "Welcome" page; the portal home replaces it.
        for welcome in root.get_children().filter(content_type__model="page", numchild=0):
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
        home = km.HomePage(title="LabourDesk", slug="portal", locale=default_locale)
        root.add_child(instance=home)
        _publish(home)
        created += 1
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    for model_name, slug, _title in INDEXES:
        model = getattr(km, model_name)
        if not model.objects.filter(locale=default_locale).exists():
            with translation.override(settings.LANGUAGE_CODE):
                page = model(title=index_title(slug), slug=slug, locale=default_locale)
            home.add_child(instance=page)
            _publish(page)
            created += 1
    # Each other locale gets its copy of the home and of the sections, titled in its language.
    for locale in Locale.objects.exclude(pk=default_locale.pk):
        if not home.get_translations().filter(locale=locale).exists():
            copy = home.copy_for_translation(locale)
            _publish(copy)
            created += 1
        for model_name, slug, _title in INDEXES:
            model = getattr(km, model_name)
            source = model.objects.get(locale=default_locale)
            if source.get_translations().filter(locale=locale).exists():
                continue
            copy = source.copy_for_translation(locale)
            with translation.override(locale.language_code):
                copy.title = index_title(slug)
            copy.save()
            _publish(copy)
            created += 1
    return {"created": created}


def load_links(data_dir) -> dict:
    from labourdesk.knowledge.models import PortalLink

    path = data_dir / "knowledge" / "links.csv"
    kinds = set(PortalLink.Kind.values)
    created = updated = 0
    for position, (number, row) in enumerate(
        read_csv(path, ["code", "kind", "name", "url", "source"])
    ):
        if row["kind"] not in kinds:
            raise ReferenceDataError(f"{path.name}: row {number}, column kind: {row['kind']!r}")
        values = {k: row[k] for k in ("kind", "name", "url", "source")}
        values["position"] = position
        link, was_created = PortalLink.objects.get_or_create(code=row["code"], defaults=values)
        if was_created:
            created += 1
        elif any(getattr(link, k) != v for k, v in values.items()):
            PortalLink.objects.filter(pk=link.pk).update(**values)
            updated += 1
    return {"created": created, "updated": updated}


def load_redirects(data_dir) -> dict:
    """Seed 004's old Helpdesk addresses, through Wagtail's redirects."""
    from wagtail.contrib.redirects.models import Redirect

    path = data_dir / "knowledge" / "redirects.csv"
    created = 0
    for _number, row in read_csv(path, ["old_path", "redirect_link", "source"]):
        old_path = Redirect.normalise_path(row["old_path"])
        _redirect, was_created = Redirect.objects.update_or_create(
            old_path=old_path,
            site=None,
            defaults={"redirect_link": row["redirect_link"], "is_permanent": True},
        )
        created += was_created
    return {"created": created}


def _ensure_submit_translation_permission() -> None:
    """wagtail-localize creates this permission in a data migration (on a content type of its
    own); a flushed database (transactional tests) loses it, so recreate it as it does."""
    from django.contrib.contenttypes.models import ContentType

    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )


def load_cms_roles(data_dir) -> dict:
    """Wagtail page rights per role, and the "Portal review" moderation workflow."""
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    _ensure_submit_translation_permission()

    from labourdesk.knowledge import roles
    from labourdesk.knowledge.models import HomePage, SecondPersonApprovalTask

    homes = list(HomePage.objects.select_related("locale"))
    source_homes = [h for h in homes if h.locale.language_code == settings.LANGUAGE_CODE]
    translated_homes = [h for h in homes if h.locale.language_code != settings.LANGUAGE_CODE]
    perms = {
        p.codename: p for p in Permission.objects.filter(content_type__app_label="wagtailcore")
    }
    wanted = set()
    for mapping, targets in (
        (roles.PAGE_PERMISSIONS, homes),
        (roles.TRANSLATED_ONLY, translated_homes),
    ):
        for code, codenames in mapping.items():
            group, _created = Group.objects.get_or_create(name=code)
            for home in targets:
                for codename in codenames:
                    wanted.add((group.pk, home.pk, perms[codename].pk))
    managed = Group.objects.filter(name__in=[*roles.PAGE_PERMISSIONS, *roles.TRANSLATED_ONLY])
    existing = {
        (g, p, perm): pk
        for pk, g, p, perm in GroupPagePermission.objects.filter(group__in=managed).values_list(
            "pk", "group_id", "page_id", "permission_id"
        )
    }
    for key in wanted - set(existing):
        GroupPagePermission.objects.create(group_id=key[0], page_id=key[1], permission_id=key[2])
    stale = [pk for key, pk in existing.items() if key not in wanted]
    GroupPagePermission.objects.filter(pk__in=stale).delete()

    task = SecondPersonApprovalTask.objects.filter(name="Second-person approval").first()
    if task is None:
        task = SecondPersonApprovalTask.objects.create(name="Second-person approval")
    task.groups.set([Group.objects.get_or_create(name=c)[0] for c in roles.APPROVERS])
    workflow, _created = Workflow.objects.get_or_create(name="Portal review")
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for home in source_homes + translated_homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return {"page permissions": len(wanted), "workflow pages": len(homes)}


LOADERS = [
    ("locales", load_locales),
    ("page tree", load_page_tree),
    ("links", load_links),
    ("redirects", load_redirects),
    ("cms roles", load_cms_roles),
]
