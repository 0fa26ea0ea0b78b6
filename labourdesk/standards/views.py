"""Public pages of the standards database: instruments, countries, comparison.

Every page says what its data covers: a missing ratification is "no data" unless a dataset
covers that instrument for that country completely (`selectors.CoverageIndex`).
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from labourdesk.standards import selectors, worldmap
from labourdesk.standards.charts import ratifications_chart
from labourdesk.standards.filtersets import InstrumentFilterSet
from labourdesk.standards.models import Dataset, Instrument, MemberState, Subject

MAX_COMPARED = 6
CATEGORIES = (
    Instrument.Category.FUNDAMENTAL,
    Instrument.Category.GOVERNANCE,
    Instrument.Category.TECHNICAL,
)


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def instrument_list(request):
    base = selectors.instrument_list(user=request.user)
    filterset = InstrumentFilterSet(request.GET or None, queryset=base)
    # The sourced catalogue classifies no instrument by subject: a select with nothing to choose
    # would look like a broken filter. It appears once subjects are loaded (admin or import).
    subjects_loaded = Subject.objects.exists()
    if not subjects_loaded:
        del filterset.form.fields["subject"]
    try:
        instruments = list(filterset.qs if filterset.is_bound else base)
        errors = filterset.errors if filterset.is_bound else {}
    except ValidationError as exc:
        instruments, errors = [], {"": exc.messages}
    index = selectors.CoverageIndex()
    rows = [(i, index.extent(i.pk)) for i in instruments]
    return render(
        request,
        "standards/instrument_list.html",
        {
            "filterset": filterset,
            "rows": rows,
            "errors": errors,
            "subjects_loaded": subjects_loaded,
            "language": _language(),
            "datasets": Dataset.objects.restrict(request.user, "view").prefetch_related(
                "coverage__instrument"
            ),
        },
        status=400 if errors else 200,
    )


def _instrument_or_404(user, code: str) -> Instrument:
    instrument = (
        Instrument.objects.restrict(user, "view")
        .select_related("supplements", "revised_by")
        .filter(code=code.upper())
        .first()
    )
    if instrument is None:
        raise Http404(_("No instrument with the code %(code)s.") % {"code": code})
    return instrument


def _citing_questions(user, instrument):
    """Questionnaire questions that cite the instrument, for the staff who may see them."""
    if not user.is_authenticated or not apps.is_installed("labourdesk.compliance"):
        return []
    from labourdesk.compliance.models import Question

    return list(
        Question.objects.restrict(user, "view")
        .filter(instruments=instrument)
        .select_related("version", "compliance_point")[:200]
    )


def instrument_detail(request, code: str):
    instrument = _instrument_or_404(request.user, code)
    index = selectors.CoverageIndex()
    ratifications = list(selectors.ratifications_of(instrument))
    series, undated = selectors.ratifications_over_time(ratifications)
    title = _("Ratifications of %(code)s over time") % {"code": instrument.code}
    chart = ratifications_chart(
        series,
        title=title,
        desc=_(
            "Cumulative number of ratifications by year of registration; the table below "
            "gives the same figures."
        ),
    )
    world, legend = "", []
    not_drawn = []
    if instrument.figures_published:
        by_country = {r.country_id: r for r in ratifications}
        cells = {}
        for state in MemberState.objects.restrict(request.user, "view"):
            found = by_country.get(state.pk)
            cells[state.iso3] = (
                state.localized_name(),
                found,
                index.state(instrument.pk, state.pk, found),
            )
        world, legend = worldmap.world_map(
            cells,
            title=_("World map of the ratifications of %(code)s") % {"code": instrument.code},
            desc=_(
                "Each member state is coloured by what the loaded data says; the table of "
                "ratifying member states below carries the same information."
            ),
        )
        drawn = worldmap.drawn_codes()
        not_drawn = sorted(name for iso3, (name, _r, _s) in cells.items() if iso3 not in drawn)
    return render(
        request,
        "standards/instrument_detail.html",
        {
            "instrument": instrument,
            "language": _language(),
            "ratifications": ratifications,
            "series": series,
            "undated": undated,
            "chart": chart,
            "chart_title": title,
            "extent": index.extent(instrument.pk),
            "coverage": index.coverage_rows(instrument.pk),
            "supplemented_by": instrument.supplemented_by.all(),
            "revises": instrument.revises.all(),
            "questions": _citing_questions(request.user, instrument),
            "world_map": world,
            "legend": legend,
            "not_drawn": not_drawn,
        },
    )


def country_list(request):
    states = sorted(
        MemberState.objects.restrict(request.user, "view"),
        key=lambda s: s.localized_name().casefold(),
    )
    counts = selectors.ratification_counts()
    return render(
        request,
        "standards/country_list.html",
        {"rows": [(s, counts.get(s.pk, 0)) for s in states]},
    )


def _country_or_404(user, iso3: str) -> MemberState:
    state = MemberState.objects.restrict(user, "view").filter(iso3=iso3.upper()).first()
    if state is None:
        raise Http404(_("No member state with the code %(code)s.") % {"code": iso3})
    return state


def _portal_links(state: MemberState) -> dict:
    """The portal's country page and Q&As, once the portal (knowledge) is installed."""
    if not apps.is_installed("labourdesk.knowledge"):
        return {}
    from labourdesk.knowledge.selectors import country_links

    return country_links(state.iso3, _language())


def _programme(state: MemberState):
    if not apps.is_installed("labourdesk.compliance"):
        return None
    from labourdesk.compliance.models import CountryProgramme

    return CountryProgramme.objects.filter(country=state).first()


def country_detail(request, iso3: str):
    state = _country_or_404(request.user, iso3)
    index = selectors.CoverageIndex()
    instruments = list(selectors.ratifiable_instruments())
    cells = selectors.country_cells(state, instruments, index)
    sections = []
    for category in CATEGORIES:
        in_category = [c for c in cells if c.instrument.category == category]
        sections.append(
            {
                "category": category,
                "label": Instrument.Category(category).label,
                "summary": selectors.category_summary(in_category),
                "ratified": [c for c in in_category if c.ratification is not None],
                "not_ratified": [c for c in in_category if c.state == selectors.NOT_RATIFIED],
                "no_data": [c for c in in_category if c.state == selectors.NO_DATA],
            }
        )
    declarations = [c for c in cells if c.ratification is not None and c.ratification.declarations]
    return render(
        request,
        "standards/country_detail.html",
        {
            "state": state,
            "sections": sections,
            "declarations": declarations,
            "comments": state.comments.select_related("instrument"),
            "law_links": state.law_links.all(),
            "portal": _portal_links(state),
            "programme": _programme(state),
            "datasets": Dataset.objects.filter(ratifications__country=state).distinct(),
            "language": _language(),
        },
    )


def compare(request):
    raw = [c for c in request.GET.get("countries", "").replace(" ", "").split(",") if c]
    errors = []
    states = []
    for code in raw:
        state = MemberState.objects.restrict(request.user, "view").filter(iso3=code.upper()).first()
        if state is None:
            errors.append(_("Unknown country code: %(code)s") % {"code": code})
        elif state not in states:
            states.append(state)
    if len(states) > MAX_COMPARED:
        errors.append(_("Compare at most %(n)s countries at once.") % {"n": MAX_COMPARED})
    rows = []
    if states and not errors:
        index = selectors.CoverageIndex()
        instruments = list(selectors.ratifiable_instruments())
        per_country = [selectors.country_cells(s, instruments, index) for s in states]
        for position, instrument in enumerate(instruments):
            cells = [cells_[position] for cells_ in per_country]
            # Technical conventions appear when one of the countries has a ratification of it.
            if instrument.category == Instrument.Category.TECHNICAL and not any(
                c.ratification for c in cells
            ):
                continue
            rows.append((instrument, cells))
    all_states = sorted(
        MemberState.objects.restrict(request.user, "view"),
        key=lambda s: s.localized_name().casefold(),
    )
    return render(
        request,
        "standards/compare.html",
        {
            "states": states,
            "rows": rows,
            "errors": errors,
            "all_states": all_states,
            "selected": {s.iso3 for s in states},
            "max_compared": MAX_COMPARED,
            "language": _language(),
        },
        status=400 if errors else 200,
    )
