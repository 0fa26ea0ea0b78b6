"""The result and the improvement plan as PDF, CSV and XLSX, in the page's language.

CSV and XLSX go through the project's one writer (labourdesk/core/exports.py: no cell is ever
read as a formula, whatever a note says). The PDF is drawn with reportlab; every text is
XML-escaped before it becomes a Paragraph (reportlab reads `<b>`, `<a href>`, `<img>` in a
paragraph: a note must not). Chinese and Japanese use reportlab's built-in CID fonts (no font
file needed); other languages use DejaVu Sans when the system has it (Vietnamese needs more than
Latin-1), otherwise Helvetica.
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from labourdesk.core.exports import csv_bytes, xlsx_bytes

FORMATS = ("pdf", "csv", "xlsx")
CID_FONTS = {"zh-hans": "STSong-Light", "ja": "HeiseiMin-W3"}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _filename(fmt: str) -> str:
    return f"self-assessment-{timezone.localdate().isoformat()}.{fmt}"


def _score_text(area: dict) -> str:
    return "" if area["score"] is None else f"{area['score']}%"


def _area_rows(context) -> tuple[list[str], list[list]]:
    headers = [_("Area"), _("Score (%)"), _("Result"), _("Gaps"), _("Answered"), _("Questions")]
    rows = [
        [a["label"], a["score"], a["band_label"], a["gaps"], a["answered"], a["total"]]
        for a in context["areas"]
    ]
    return headers, rows


def _plan_rows(context) -> tuple[list[str], list[list]]:
    headers = [
        _("Priority"),
        _("Area"),
        _("Question"),
        _("Your answer"),
        _("Action"),
        _("Suggested timeframe"),
        _("Instruments"),
        _("Your note"),
    ]
    rows = [
        [
            item["n"],
            item["area_label"],
            item["q"].text,
            item["choice_label"],
            item["q"].action,
            item["timeframe_label"],
            " ".join(item["q"].instruments),
            item["note"],
        ]
        for item in context["plan"]
    ]
    return headers, rows


def csv_export(context) -> bytes:
    area_headers, area_rows = _area_rows(context)
    plan_headers, plan_rows = _plan_rows(context)
    # One file, two tables: the scores, a blank line, then the plan.
    rows = [*area_rows, [], plan_headers, *plan_rows]
    return csv_bytes(area_headers, rows)


def xlsx_export(context) -> bytes:
    area_headers, area_rows = _area_rows(context)
    plan_headers, plan_rows = _plan_rows(context)
    return xlsx_bytes(
        [
            (_("Scores"), area_headers, area_rows),
            (_("Improvement plan"), plan_headers, plan_rows),
        ]
    )


def _fonts(language: str) -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics

    if language in CID_FONTS:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        name = CID_FONTS[language]
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(name))
        return name, name
    if DEJAVU.exists() and DEJAVU_BOLD.exists():
        from reportlab.pdfbase.ttfonts import TTFont

        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(DEJAVU_BOLD)))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def pdf_export(context) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    language = get_language() or "en"
    regular, bold = _fonts(language)
    base = getSampleStyleSheet()
    cjk = language in CID_FONTS
    styles = {
        name: ParagraphStyle(
            name,
            parent=base[parent],
            fontName=bold if name != "body" and name != "small" else regular,
            wordWrap="CJK" if cjk else None,
        )
        for name, parent in (
            ("title", "Title"),
            ("h2", "Heading2"),
            ("h3", "Heading4"),
            ("body", "BodyText"),
            ("small", "BodyText"),
        )
    }
    styles["small"].fontSize = 8.5
    styles["small"].leading = 11

    def para(text, style="body") -> Paragraph:
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), styles[style])

    buffer = io.BytesIO()
    title = _("Self-assessment of working conditions: result and improvement plan")
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm
    )
    story = [
        para(title, "title"),
        para(
            _(
                "Printed %(date)s. The questions and guidance are written by the LabourDesk "
                "team in plain language; they are not the wording of the ILO or of any "
                "instrument."
            )
            % {"date": timezone.localdate().isoformat()},
            "small",
        ),
        Spacer(1, 6),
        para(_("Score per area"), "h2"),
    ]
    rows = [[para(_("Area"), "h3"), para(_("Score"), "h3"), para(_("What it means"), "h3")]]
    for a in context["areas"]:
        rows.append(
            [
                para(a["label"]),
                para(_score_text(a) or _("not scored")),
                para(f"{a['band_label']}. {a['meaning']}" if a["band"] else ""),
            ]
        )
    table = Table(rows, colWidths=[55 * mm, 22 * mm, 97 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 10), para(_("Improvement plan"), "h2")]
    if not context["plan"]:
        story.append(para(_("No gap was found: no action is needed.")))
    for item in context["plan"]:
        q = item["q"]
        story += [
            para(f"{item['n']}. {q.action}", "h3"),
            para(
                _("%(timeframe)s · %(area)s · your answer: %(answer)s")
                % {
                    "timeframe": item["timeframe_label"],
                    "area": item["area_label"],
                    "answer": item["choice_label"],
                },
                "small",
            ),
            para(_("Question: %(text)s") % {"text": q.text}, "small"),
        ]
        if q.guidance_standard:
            story.append(
                para(_("What the standard asks: %(t)s") % {"t": q.guidance_standard}, "small")
            )
        if q.guidance_practice:
            story.append(para(_("Good practice: %(t)s") % {"t": q.guidance_practice}, "small"))
        if q.instruments:
            story.append(
                para(_("Instruments: %(codes)s") % {"codes": ", ".join(q.instruments)}, "small")
            )
        if item["note"]:
            story.append(para(_("Your note: %(note)s") % {"note": item["note"]}, "small"))
        story.append(Spacer(1, 4))
    doc.build(story)
    return buffer.getvalue()


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WRITERS = {"pdf": pdf_export, "csv": csv_export, "xlsx": xlsx_export}


def response(fmt: str, context) -> HttpResponse:
    content = WRITERS[fmt](context)
    result = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    result["Content-Disposition"] = content_disposition_header(True, _filename(fmt))
    return result
