"""The factory report as PDF (reportlab), same content as the HTML page."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def render_report_pdf(data: dict) -> bytes:
    assessment = data["assessment"]
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=str(assessment))
    story = [
        Paragraph(escape(_("Assessment report: %s") % assessment.factory.name), styles["Title"]),
        Paragraph(
            escape(
                ngettext(
                    "Cycle %(cycle)s, started %(date)s. Non-compliant on %(nc)s of %(total)s "
                    "compliance point.",
                    "Cycle %(cycle)s, started %(date)s. Non-compliant on %(nc)s of %(total)s "
                    "compliance points.",
                    data["points_total"],
                )
                % {
                    "cycle": assessment.cycle,
                    "date": assessment.start_date.isoformat(),
                    "nc": data["points_non_compliant"],
                    "total": data["points_total"],
                }
            ),
            styles["Normal"],
        ),
        Spacer(1, 12),
    ]
    for cluster in data["clusters"]:
        story.append(Paragraph(escape(cluster["label"]), styles["Heading2"]))
        rows = [[_("Compliance point"), _("Non-compliant")]]
        for point in cluster["points"]:
            rows.append(
                [Paragraph(escape(point["label"])), _("Yes") if point["non_compliant"] else _("No")]
            )
            for q in point["questions"]:
                rows.append([Paragraph("— " + escape(q["text"]), styles["Italic"]), ""])
        table = Table(rows, colWidths=[380, 100], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 8)]
    doc.build(story)
    return buffer.getvalue()
