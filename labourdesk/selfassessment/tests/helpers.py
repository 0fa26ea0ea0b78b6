"""Shared steps of the self-assessment tests: start through the page, answer through the page."""

import re

from django.urls import reverse

from labourdesk.selfassessment.selectors import areas_of, questions_for

TOKEN_RE = re.compile(r"/self-assessment/r/([A-Za-z0-9_-]+)/")


def start(client, *, kind="enterprise", country="VNM", industry="apparel", lang="en"):
    response = client.post(
        f"/{lang}/self-assessment/",
        {"country": country, "industry": industry, "entity_kind": kind},
    )
    assert response.status_code == 302, response.content[:500]
    return TOKEN_RE.search(response["Location"]).group(1)


def answer_all(client, assessment, token, choose=lambda q: "yes", lang="en"):
    questions = questions_for(assessment)
    for area in areas_of(questions):
        data = {"save_continue": "1"}
        for q in questions:
            if q.area == area:
                data[f"q-{q.code}"] = choose(q)
        response = client.post(reverse("selfassessment:area", args=[token, area]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    return questions
