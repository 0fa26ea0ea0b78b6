"""Improvement-plan and PICC exports. All or nothing; re-importing changes nothing."""

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from labourdesk.compliance.importers.common import (
    ErrorList,
    ImportFailed,
    map_columns,
    open_table,
    parse_date,
)
from labourdesk.compliance.models import (
    CompliancePoint,
    Factory,
    ImprovementAction,
    PiccMember,
)
from labourdesk.compliance.querysets import importable_country_ids
from labourdesk.core.audit import audit_record

PLAN_COLUMNS = {
    "factory_id": ("factory assessed id", "factory id"),
    "cp": ("compliance point", "cp"),
    "action": ("action", "description"),
    "status": ("status",),
    "action_id": ("action id",),
    "owner": ("owner",),
    "due_date": ("due date",),
}
STATUSES = {
    "pending": ImprovementAction.Status.PENDING,
    "in progress": ImprovementAction.Status.IN_PROGRESS,
    "completed": ImprovementAction.Status.COMPLETED,
}
PICC_COLUMNS = {
    "factory_id": ("factory assessed id", "factory id"),
    "name": ("name",),
    "category": ("category",),
    "joined": ("joined", "date joined"),
    "left": ("left", "date left"),
    "chair": ("chair",),
}
CATEGORIES = {"workers": PiccMember.Category.WORKERS, "management": PiccMember.Category.MANAGEMENT}
TRUE = {"1", "yes", "true", "y", "x"}


def _rows(source, file_name, spec, required):
    headers, rows = open_table(source, file_name)
    indexes, labels = map_columns(headers, spec, required)
    for number, cells in rows:
        values = {}
        for name, i in indexes.items():
            v = cells[i] if i < len(cells) else ""
            values[name] = v.strip() if isinstance(v, str) else v
        yield number, values, labels


def _factories(ids, actor) -> dict:
    """The factories the rows name, among those the uploader may import for: programme staff
    their programmes' countries (another country's factory reads as unknown, as its pages
    answer 404), administrators and the operator's command every one."""
    factories = Factory.objects.filter(external_id__in=ids)
    allowed = importable_country_ids(actor)
    if allowed is not None:
        factories = factories.filter(country_id__in=allowed)
    return {f.external_id: f for f in factories}


def import_improvement_plans(*, actor, source, file_name, options=None, progress=None) -> dict:
    errors, parsed = ErrorList(), []
    rows = list(_rows(source, file_name, PLAN_COLUMNS, {"factory_id", "cp", "action", "status"}))
    factories = _factories({str(v["factory_id"]) for _n, v, _l in rows}, actor)
    points = {}
    for cp in CompliancePoint.objects.all():
        points[cp.code.lower()] = cp
        for label in cp.labels.values():
            points.setdefault(label.lower(), cp)
    for number, v, labels in rows:
        factory = factories.get(str(v["factory_id"]))
        if factory is None:
            errors.add(number, labels["factory_id"], _("Unknown factory “%s”.") % v["factory_id"])
        cp = points.get(" ".join(str(v["cp"]).split()).lower())
        if cp is None:
            errors.add(number, labels["cp"], _("Unknown compliance point “%s”.") % v["cp"])
        status = STATUSES.get(" ".join(str(v["status"]).replace(".", " ").split()).lower())
        if status is None:
            errors.add(number, labels["status"], _("Unknown status “%s”.") % v["status"])
        if not v["action"]:
            errors.add(number, labels["action"], _("Empty value."))
        due = None
        if v.get("due_date"):
            try:
                due = parse_date(v["due_date"])
            except (ValueError, TypeError):
                errors.add(
                    number, labels["due_date"], _("Not a date dd/mm/yyyy: “%s”.") % v["due_date"]
                )
        if factory and cp and status:
            key = (
                str(v.get("action_id") or "")
                or hashlib.sha256(
                    f"{factory.external_id}|{cp.code}|{v['action']}".encode()
                ).hexdigest()[:32]
            )
            parsed.append(
                (key, factory, cp, str(v["action"]), status, str(v.get("owner") or ""), due)
            )
    if errors:
        raise ImportFailed(errors.items)
    created = updated = 0
    with transaction.atomic():
        stored = {
            a.external_id: a
            for a in ImprovementAction.objects.filter(external_id__in=[p[0] for p in parsed])
        }
        for key, factory, cp, text, status, owner, due in parsed:
            action = stored.get(key)
            fields = {
                "factory": factory,
                "compliance_point": cp,
                "description": text,
                "status": status,
                "owner": owner,
                "due_date": due,
            }
            if action is None:
                action = ImprovementAction(external_id=key, **fields)
                created += 1
            elif all(getattr(action, k) == val for k, val in fields.items()):
                continue
            else:
                for k, val in fields.items():
                    setattr(action, k, val)
                updated += 1
            action.full_clean()
            action.save()
            stored[key] = action
        counts = {"rows": len(rows), "actions_created": created, "actions_updated": updated}
        if created or updated:
            audit_record(
                actor=actor, action="compliance.import.plans", target_repr=file_name, details=counts
            )
    return counts


def import_picc(*, actor, source, file_name, options=None, progress=None) -> dict:
    errors, parsed = ErrorList(), []
    rows = list(
        _rows(source, file_name, PICC_COLUMNS, {"factory_id", "name", "category", "joined"})
    )
    factories = _factories({str(v["factory_id"]) for _n, v, _l in rows}, actor)
    for number, v, labels in rows:
        factory = factories.get(str(v["factory_id"]))
        if factory is None:
            errors.add(number, labels["factory_id"], _("Unknown factory “%s”.") % v["factory_id"])
        category = CATEGORIES.get(str(v["category"]).lower())
        if category is None:
            errors.add(number, labels["category"], _("The category is Workers or Management."))
        dates = {}
        for name in ("joined", "left"):
            if v.get(name):
                try:
                    dates[name] = parse_date(v[name])
                except (ValueError, TypeError):
                    errors.add(number, labels[name], _("Not a date dd/mm/yyyy: “%s”.") % v[name])
        if not v["name"]:
            errors.add(number, labels["name"], _("Empty value."))
        if dates.get("left") and dates.get("joined") and dates["left"] < dates["joined"]:
            errors.add(number, labels["left"], _("Left before joining."))
        if factory and category and "joined" in dates:
            parsed.append(
                (
                    factory,
                    str(v["name"]),
                    category,
                    dates["joined"],
                    dates.get("left"),
                    str(v.get("chair") or "").lower() in TRUE,
                )
            )
    if errors:
        raise ImportFailed(errors.items)
    created = updated = 0
    with transaction.atomic():
        for factory, name, category, joined, left, chair in parsed:
            member = PiccMember.objects.filter(factory=factory, name=name, joined_on=joined).first()
            fields = {"category": category, "left_on": left, "is_chair": chair}
            if member is None:
                member = PiccMember(factory=factory, name=name, joined_on=joined, **fields)
                created += 1
            elif all(getattr(member, k) == val for k, val in fields.items()):
                continue
            else:
                for k, val in fields.items():
                    setattr(member, k, val)
                updated += 1
            member.full_clean()
            member.save()
        counts = {"rows": len(rows), "members_created": created, "members_updated": updated}
        if created or updated:
            audit_record(
                actor=actor, action="compliance.import.picc", target_repr=file_name, details=counts
            )
    return counts
