"""Reference data of the reports app: the published report(s) loaded as historical baselines."""

from pathlib import Path

from labourdesk.core.reference import ReferenceDataError

PUBLISHED_REPORTS = ["helpdesk/published_report_2023.json"]


def load_baselines(data_dir: Path) -> dict[str, int]:
    from labourdesk.reports.services.baselines import BaselineError, baseline_import

    loaded = unchanged = 0
    for name in PUBLISHED_REPORTS:
        try:
            _baseline, changed = baseline_import(path=data_dir / name)
        except BaselineError as exc:
            raise ReferenceDataError(str(exc)) from exc
        loaded += changed
        unchanged += not changed
    return {"loaded": loaded, "unchanged": unchanged}


# Runs after the helpdesk app's taxonomies (app order in INSTALLED_APPS).
LOADERS = [("baselines", load_baselines)]
