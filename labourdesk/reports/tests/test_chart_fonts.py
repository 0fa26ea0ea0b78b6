"""Chinese and Japanese chart labels are drawn from a CJK font, not as boxes."""

import re

import pytest

from labourdesk.reports import charts


def test_cjk_labels_are_drawn_from_a_cjk_font():
    if len(charts.font_families()) == 1:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk; .ci/run installs it)")
    chart = charts.Chart(
        key="cjk-test",
        title="用户类型",
        description="测试",
        bars=(charts.Bar(label="工人或工会", value=3), charts.Bar(label="未知", value=None)),
    )
    svg = charts._render(chart, "svg").decode()
    glyph_fonts = {name.rsplit("-", 1)[0] for name in re.findall(r'<path id="([^"]+)"', svg)}
    assert any(font.startswith("NotoSansCJK") for font in glyph_fonts), glyph_fonts
    assert any(font.startswith("DejaVuSans") for font in glyph_fonts), glyph_fonts  # digits
