import io

from labourdesk.compliance.demo import DEMO_QUESTIONNAIRE, create_demo
from labourdesk.compliance.models import Assessment, Factory, QuestionnaireVersion


def test_demo_content_is_marked_and_idempotent(reference_data):
    create_demo(stdout=io.StringIO())
    create_demo(stdout=io.StringIO())
    assert QuestionnaireVersion.objects.filter(name=DEMO_QUESTIONNAIRE).count() == 1
    assert all(f.name.endswith("(demo)") for f in Factory.objects.all())
    assert Assessment.objects.count() == 1
