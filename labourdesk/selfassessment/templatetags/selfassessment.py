"""`{% selfassessment_counts %}`: the opt-in self-assessment counts on the public compliance
dashboard (a section of its own: the dashboard's view stays the compliance app's)."""

from django import template
from django.utils.translation import get_language

from labourdesk.selfassessment.models import AREA_ORDER, Area
from labourdesk.selfassessment.selectors import MIN_ENTITIES, aggregates

register = template.Library()


@register.inclusion_tag("selfassessment/includes/dashboard_counts.html")
def selfassessment_counts():
    rows = aggregates(get_language())
    present = {a for r in rows for a in r.areas}
    areas = [(a, dict(Area.choices)[a]) for a in AREA_ORDER if a in present]
    table = [{"row": r, "cells": [r.areas.get(code) for code, _label in areas]} for r in rows]
    return {"rows": table, "areas": areas, "minimum": MIN_ENTITIES}
