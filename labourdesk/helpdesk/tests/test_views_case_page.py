"""The case page offers only the steps the services allow and comes back where the user acted;
the queue's manager filters; the Ask page's lists in the page's language, rendered once."""

import re

import pytest
from django.conf import settings

from labourdesk.helpdesk.models import Sector
from labourdesk.helpdesk.services import drafts, workflow
from labourdesk.helpdesk.tests.conftest import ask

pytestmark = pytest.mark.django_db


def _page(client, case, lang="en") -> str:
    response = client.get(f"/{lang}/helpdesk/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _in_clearance(expert):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    draft = drafts.draft_save(actor=expert, case=case, body_markdown="Overtime is voluntary.")
    drafts.draft_submit(actor=expert, draft=draft)
    return case


def test_a_new_case_offers_triage_and_nothing_it_cannot_do(client, expert):
    case = ask()
    client.force_login(expert)
    html = _page(client, case)
    assert "Record the triage" in html
    absent_steps = [
        "Save a new version",
        "Send the cleared answer",
        "Clear the draft",
        "Ask a colleague",
    ]
    for absent in absent_steps:
        assert absent not in html, absent
    # Each form posts to its own section, so that a page with errors opens there too.
    assert re.search(r'action="/en/helpdesk/cases/\d+/triage/#step-triage"', html)


def test_the_masked_private_link_in_the_thread_is_text_not_a_dead_link(
    client, expert, django_capture_on_commit_callbacks
):
    """Staff see the acknowledgement with the token masked: a link there would lead to a 404."""
    from labourdesk.helpdesk.services.outbound import TOKEN_MASK

    with django_capture_on_commit_callbacks(execute=True):
        case = ask()
    client.force_login(expert)
    html = _page(client, case)
    assert f"/helpdesk/c/{TOKEN_MASK}/" in html
    assert not re.search(r"<a [^>]*>[^<]*" + TOKEN_MASK, html)


def test_the_history_says_a_case_opened_without_a_status_before_it(client, expert):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    client.force_login(expert)
    history = _page(client, case).split('id="h-history"')[1].split("</ol>")[0]
    assert "Case opened" in history and "(New → Triaged)" in history
    assert "— →" not in history


def test_clearance_forms_only_for_a_manager_who_did_not_write_the_draft(
    client, expert, manager, make_user
):
    case = _in_clearance(expert)
    client.force_login(expert)
    html = _page(client, case)
    assert "Clear the draft" not in html and "Waiting for a manager" in html
    client.force_login(manager)
    html = _page(client, case)
    assert "Clear the draft" in html and "Return with comments" in html
    # A manager who wrote the draft sees why there is no button.
    own = ask()
    workflow.case_triage(actor=manager, case=own, admissible=True)
    workflow.case_assign(actor=manager, case=own, assignee=manager)
    draft = drafts.draft_save(actor=manager, case=own, body_markdown="Text.")
    drafts.draft_submit(actor=manager, draft=draft)
    html = _page(client, own)
    assert "Clear the draft" not in html
    assert "another manager must clear it" in html


def test_a_step_returns_to_its_section_with_the_confirmation_there(client, expert):
    case = ask()
    client.force_login(expert)
    response = client.post(f"/en/helpdesk/cases/{case.pk}/note/", {"body": "Call back."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/en/helpdesk/cases/{case.pk}/#step-notes")
    html = client.get(response["Location"]).content.decode()
    notes = html[html.index('id="step-notes"') :]
    assert "Note added." in notes[: notes.index("</section>")]


def test_the_diff_is_wrapped_text_not_a_wide_block(client, expert):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    drafts.draft_save(actor=expert, case=case, body_markdown="One.")
    drafts.draft_save(actor=expert, case=case, body_markdown="Two " + "x" * 3000)
    client.force_login(expert)
    assert '<pre class="diff">' in _page(client, case)
    css = (settings.BASE_DIR / "labourdesk/core/static/core/site.css").read_text()
    assert re.search(r"pre\.diff \{[^}]*white-space: pre-wrap", css)


def test_the_queue_shows_an_answered_case_as_answered_not_due(client, expert, manager):
    from labourdesk.helpdesk.models import Case, Draft

    answered = _in_clearance(expert)
    drafts.draft_clear(actor=manager, draft=Draft.objects.get(case_id=answered.pk))
    workflow.case_send(actor=expert, case=Case.objects.get(pk=answered.pk))
    waiting = ask()
    client.force_login(expert)
    html = client.get("/en/helpdesk/").content.decode()
    rows = {
        ref: row
        for row in html.split("<tr>")[1:]
        for ref in (answered.reference, waiting.reference)
        if f">{ref}</a>" in row
    }
    assert "Answered" in rows[answered.reference] and "<time" not in rows[answered.reference]
    assert "<time" in rows[waiting.reference]


def test_manager_queue_waits_for_my_clearance(client, expert, manager, manager2):
    waiting = _in_clearance(expert)
    mine = ask()
    workflow.case_triage(actor=manager, case=mine, admissible=True)
    workflow.case_assign(actor=manager, case=mine, assignee=manager)
    drafts.draft_submit(
        actor=manager, draft=drafts.draft_save(actor=manager, case=mine, body_markdown="T.")
    )
    other = ask()  # new: not in clearance
    client.force_login(manager)
    html = client.get("/en/helpdesk/").content.decode()
    assert "1 case waiting for my clearance" in html
    html = client.get("/en/helpdesk/?my_clearance=on").content.decode()
    assert waiting.reference in html
    assert mine.reference not in html and other.reference not in html
    # An expert clears nothing: no such filter.
    client.force_login(expert)
    assert "my_clearance" not in client.get("/en/helpdesk/").content.decode()


def test_queue_language_filter_is_the_six_languages(client, expert):
    ask(language="fr")
    client.force_login(expert)
    html = client.get("/fr/helpdesk/").content.decode()
    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    values = re.findall(r'<option value="([^"]*)"', select)
    assert [v for v in values if v] == [code for code, _name in settings.LANGUAGES]
    en_only = client.get("/en/helpdesk/?language=en").content.decode()
    assert "No case matches." in en_only


def test_queue_country_filter_in_the_page_language(client, expert):
    case = ask()  # France
    client.force_login(expert)
    html = client.get("/es/helpdesk/").content.decode()
    assert '<option value="MK">Macedonia del Norte</option>' in html
    assert case.reference in client.get("/en/helpdesk/?country=FR").content.decode()
    assert case.reference not in client.get("/en/helpdesk/?country=DE").content.decode()


def test_instruments_picker_titles_in_the_page_language(client, expert):
    from labourdesk.standards.models import Instrument

    french = Instrument.objects.exclude(titles__fr="").filter(titles__has_key="fr").first()
    case = ask()
    client.force_login(expert)
    html = _page(client, case, "fr")
    assert 'type="checkbox" name="instruments"' in html
    assert '<select name="instruments"' not in html
    if french is not None:
        assert french.titles["fr"].replace("'", "&#x27;") in html
    # No French title in the catalogue: the English one, marked as English.
    assert '<span lang="en">Freedom of Association and Protection of the Right to Organise' in html


@pytest.mark.parametrize(
    ("lang", "present", "absent"),
    [
        ("en", ["North Macedonia", "Türkiye", "Cabo Verde"], ["former Yugoslav", ">Turkey<"]),
        ("fr", ["Macédoine du Nord", "Turquie", "Travailleurs ou syndicats"], ["North Macedonia"]),
        ("ja", ["北マケドニア", "労働者または労働組合", "農業"], ["Workers or trade unions"]),
        ("zh-hans", ["北马其顿", "工人或工会", "农业"], ["Agriculture<"]),
        ("vi", ["Bắc Macedonia", "Người lao động hoặc công đoàn", "Nông nghiệp"], ["Mining<"]),
    ],
)
def test_ask_lists_in_the_page_language(client, reference_data, lang, present, absent):
    html = client.get(f"/{lang}/ask/").content.decode()
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_ask_page_cache_keeps_csrf_and_stamps_per_request_and_follows_edits(reference_data):
    from django.test import Client

    pages = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        html = client.get("/en/ask/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        started = re.search(r'name="started" value="([^"]+)"', html).group(1)
        key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
        # The token on the page is this client's own: its POST passes the CSRF check.
        response = client.post("/en/ask/", {"csrfmiddlewaretoken": token, "question": ""})
        assert response.status_code == 200
        pages.append((client.cookies["csrftoken"].value, started, key))
    assert pages[0][0] != pages[1][0]
    assert pages[0][2] != pages[1][2]
    sector = Sector.objects.get(code="mining")
    sector.labels = {**sector.labels, "en": "Mining and quarrying (edited)"}
    sector.save()
    assert "Mining and quarrying (edited)" in Client().get("/en/ask/").content.decode()


def test_the_empty_ask_page_is_rendered_once_per_language(reference_data):
    """The empty form looks the same to every anonymous visitor of a language: after the first
    visit no template is rendered; the CSRF token, the stamp and the key stay each visitor's own
    (and valid), a signed-in visitor, a query string or a pending message get a fresh render."""
    from django.test import Client
    from django.test.signals import template_rendered

    rendered = []

    def on_render(sender, template, **kwargs):
        rendered.append(template.name)

    Client().get("/fr/ask/")  # the first visit renders (and keeps) the page
    template_rendered.connect(on_render)
    try:
        pages = []
        for _ in range(2):
            client = Client(enforce_csrf_checks=True)
            html = client.get("/fr/ask/").content.decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            started = re.search(r'name="started" value="([^"]+)"', html).group(1)
            key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
            assert "Poser une question au Helpdesk" in html and "Macédoine du Nord" in html
            response = client.post("/fr/ask/", {"csrfmiddlewaretoken": token, "question": ""})
            assert response.status_code == 200  # the form again, with errors: CSRF passed
            pages.append((token, started, key))
        assert rendered.count("helpdesk/ask.html") == 2  # the two POSTs only, not the GETs
        assert len({p[0] for p in pages}) == len({p[1] for p in pages}) == 2
        assert len({p[2] for p in pages}) == 2
        rendered.clear()
        Client().get("/fr/ask/?utm_source=x")
        assert "helpdesk/ask.html" in rendered
    finally:
        template_rendered.disconnect(on_render)


def test_english_dates_are_international(client, expert):
    import datetime

    from django.utils import formats, translation

    moment = datetime.datetime(2026, 12, 16, 22, 1)
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "16 December 2026, 22:01"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "16 Dec 2026, 22:01"
    case = ask()
    client.force_login(expert)
    html = _page(client, case)
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d", html)
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", html)
    assert "p.m." not in html and "a.m." not in html


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_each_form_sits_under_its_own_heading(client, expert):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    drafts.draft_save(actor=expert, case=case, body_markdown="First.")
    client.force_login(expert)
    html = _page(client, case)
    # The draft form is in the draft section, under "Write a new version", never under the
    # "Clearance" heading; the clearance section holds only the submit form.
    draft = _section(html, "step-draft")
    assert "/draft/#step-draft" in draft and "Write a new version" in draft
    clearance = _section(html, "step-clearance")
    assert "/draft/" not in clearance
    assert "/submit/#step-clearance" in clearance
    assert clearance.index("Send for clearance</h4>") < clearance.index("/submit/")
    notes = _section(html, "step-notes")
    assert "/note/#step-notes" in notes and "/consult/" not in notes
