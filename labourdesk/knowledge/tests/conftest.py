import pytest

from labourdesk.helpdesk.models import Case
from labourdesk.helpdesk.services import drafts, workflow
from labourdesk.helpdesk.tests.conftest import ask
from labourdesk.knowledge.demo import create_demo
from labourdesk.knowledge.models import CountryIndexPage, CountryPage
from labourdesk.standards.models import MemberState


def closed_case(expert, manager, *, question=None, answer="The answer we sent.", **extra):
    """A case walked through the real services up to closed, admissible, answer sent."""
    case = ask(question or "How do we apply C087 in our supplier factories?", **extra)
    steps = [
        lambda: workflow.case_triage(actor=expert, case=case, admissible=True),
        lambda: workflow.case_assign(actor=expert, case=case, assignee=expert),
        lambda: drafts.draft_save(actor=expert, case=case, body_markdown=answer),
        lambda: drafts.draft_submit(actor=expert, draft=case.drafts.last()),
        lambda: drafts.draft_clear(actor=manager, draft=case.drafts.last()),
        lambda: workflow.case_send(actor=expert, case=case),
        lambda: workflow.case_close(actor=expert, case=case),
    ]
    for step in steps:
        step()
        case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    return case


@pytest.fixture
def expert(make_user):
    return make_user("helpdesk_expert")


@pytest.fixture
def manager(make_user):
    return make_user("helpdesk_manager")


@pytest.fixture
def portal(reference_data):
    """The demo portal, and a demo country page for France."""
    create_demo()
    index = CountryIndexPage.objects.get(locale__language_code="en")
    country = CountryPage(
        title="France (demo)",
        slug="france",
        country=MemberState.objects.get(iso3="FRA"),
        sources="<p>Demo text.</p>",
        demo=True,
    )
    index.add_child(instance=country)
    country.save_revision().publish()
