"""The factory report PDF prints user text literally: no reportlab markup, no fetched URL."""

import io

from pypdf import PdfReader

from labourdesk.compliance.models import Factory, Question
from labourdesk.compliance.tests.builders import release
from labourdesk.core.testing.network import loopback_listener

MARKUP = ["Fish & <chips", "<font size=30>big</font>", '<img src="{url}/x">']


def test_report_pdf_prints_markup_literally_and_fetches_nothing(client, world):
    with loopback_listener() as listener:
        labels = [m.format(url=listener.url) for m in MARKUP]
        Factory.objects.filter(pk=world.factory.pk).update(name=" ".join(labels))
        for question, text in zip(world.version.questions.all(), labels, strict=False):
            Question.objects.filter(pk=question.pk).update(texts={"en": text, "fr": text})
        release(world)
        client.force_login(world.admin)
        response = client.get(f"/en/compliance/reports/{world.assessment.pk}/pdf/")
        assert response.status_code == 200
    assert listener.connections == []
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join("".join(p.extract_text() for p in reader.pages).split())
    for label in labels:
        assert "".join(label.split()) in text
