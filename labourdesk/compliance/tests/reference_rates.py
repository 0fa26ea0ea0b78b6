"""An independent reference for Better Work's non-compliance method, in plain Python.

It reads an export's rows (the 14 columns of `importers.synthetic.HEADERS`) and the compliance
points from data/compliance/compliance_points.csv, never the database or the production query,
so the property test compares two implementations written apart.
"""

import csv
import datetime
from collections import defaultdict
from pathlib import Path

from django.conf import settings

COUNTRY, FID, FNAME, QUEST, CYCLE, DATE, TQ, CLUSTER, CP, QID, LABEL, QTYPE, FINDING = range(13)
MERGED = {"hazardous work", "unconditional worst forms", "hazardous work and other worst forms"}


def cp_codes() -> dict[str, str]:
    """English CP label (lower case) → CP code, from the reference file."""
    path = Path(settings.BASE_DIR) / "data" / "compliance" / "compliance_points.csv"
    with open(path, encoding="utf-8") as handle:
        return {row["cp_en"].strip().lower(): row["cp_code"] for row in csv.DictReader(handle)}


def clean(rows, *, drop_obsolete=True, drop_duplicates=True):
    """The rows the importer keeps: obsolete factories and repeated rows dropped."""
    seen = set()
    out = []
    for row in rows:
        if drop_obsolete and "(obsolete)" in row[FNAME].lower():
            continue
        key = (row[QUEST], row[QID])
        if key in seen:
            if drop_duplicates:
                continue
            raise AssertionError("duplicate left in")
        seen.add(key)
        out.append(row)
    return out


def assessments(rows, countries):
    """{quest: (factory, iso3, cycle, date, order of first appearance)}."""
    result = {}
    for row in rows:
        if row[QUEST] not in result:
            result[row[QUEST]] = (
                row[FID],
                countries[row[COUNTRY]],
                int(row[CYCLE]),
                datetime.datetime.strptime(row[DATE], "%d/%m/%Y").date(),
                len(result),
            )
    return result


def in_slice(info, *, countries=None, date_from=None, date_to=None, cycle=None):
    _fid, iso3, n, day, _order = info
    return (
        (not countries or iso3 in countries)
        and (date_from is None or day >= date_from)
        and (date_to is None or day <= date_to)
        and (cycle is None or n == cycle)
    )


def chosen(rows, country_names, **slice_):
    """One assessment per factory: latest date, then the one stored last (highest id)."""
    best = {}
    for quest, info in assessments(rows, country_names).items():
        if not in_slice(info, **slice_):
            continue
        fid = info[0]
        if fid not in best or (info[3], info[4]) > (best[fid][1][3], best[fid][1][4]):
            best[fid] = (quest, info)
    return {quest for quest, _info in best.values()}


def _cp(row, codes, merge):
    label = " ".join(row[CP].split()).lower()
    if merge and label in MERGED:
        return "hazardous_work"
    return codes[label]


def cp_rates(rows, country_names, *, merge=True, **slice_):
    """{cp code: (factories assessed, factories non-compliant)}."""
    codes = cp_codes()
    picked = chosen(rows, country_names, **slice_)
    flags = defaultdict(dict)  # cp -> quest -> any non-compliant
    for row in rows:
        if row[QUEST] in picked and row[QTYPE] == "NCQ":
            cp = _cp(row, codes, merge)
            flags[cp][row[QUEST]] = flags[cp].get(row[QUEST], False) or row[FINDING] == "1"
    return {cp: (len(v), sum(v.values())) for cp, v in flags.items()}


def question_rates(rows, country_names, **slice_):
    """{question id (the global key): (assessments, findings)}."""
    picked = chosen(rows, country_names, **slice_)
    found = defaultdict(dict)
    for row in rows:
        if row[QUEST] in picked and row[QTYPE] == "NCQ":
            found[row[QID]][row[QUEST]] = row[FINDING] == "1"
    return {key: (len(v), sum(v.values())) for key, v in found.items()}


def factory_rates(rows, country_names, *, merge=True, **slice_):
    """{factory id: (CPs assessed, CPs non-compliant)}."""
    codes = cp_codes()
    picked = chosen(rows, country_names, **slice_)
    per = defaultdict(dict)
    for row in rows:
        if row[QUEST] in picked and row[QTYPE] == "NCQ":
            cp = _cp(row, codes, merge)
            per[row[FID]][cp] = per[row[FID]].get(cp, False) or row[FINDING] == "1"
    return {fid: (len(v), sum(v.values())) for fid, v in per.items()}


def trend_rates(rows, country_names, *, cycle, merge=True, **slice_):
    """{(cycle k, cp): (factories, non-compliant)} over the panel that reached `cycle`."""
    codes = cp_codes()
    info = assessments(rows, country_names)
    panel = {i[0] for i in info.values() if in_slice(i, cycle=cycle, **slice_)}
    flags = defaultdict(dict)
    for row in rows:
        fid, _iso3, n, _day, _order = info[row[QUEST]]
        if fid in panel and n <= cycle and row[QTYPE] == "NCQ":
            key = (n, _cp(row, codes, merge))
            flags[key][row[QUEST]] = flags[key].get(row[QUEST], False) or row[FINDING] == "1"
    return {key: (len(v), sum(v.values())) for key, v in flags.items()}
