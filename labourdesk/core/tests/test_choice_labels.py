from django.utils import translation

from labourdesk.standards.models import Instrument


def test_choice_labels_follow_the_language_and_keep_unknown_values():
    instrument = Instrument(type=Instrument.Type.RECOMMENDATION)
    expected = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            expected[language] = str(dict(Instrument.Type.choices)[Instrument.Type.RECOMMENDATION])
            assert instrument.get_type_display() == expected[language]
    assert expected["en"] != expected["fr"]
    instrument.type = "no-such-type"
    assert instrument.get_type_display() == "no-such-type"
