"""Who may read the Helpdesk annual report (see labourdesk.core.roles).

The report and its drill-down read confidential cases: helpdesk roles only (administrators hold
every permission of the project's apps anyway).
"""

_READ = ["reports.view_annual_report", "reports.view_historicalbaseline"]

PERMISSIONS = {
    "helpdesk_expert": _READ,
    "helpdesk_manager": [*_READ, "reports.add_historicalbaseline"],
    "administrator": _READ,
}
