"""Markdown answers rendered to HTML that is safe to show and to e-mail (nh3 sanitises), and to
the plain text of an e-mail's text part.

Single line breaks are kept (`nl2br`): experts write "Kind regards,⏎The ILO Helpdesk" and mean
two lines, as they would in an e-mail client.
"""

from html import unescape
from html.parser import HTMLParser

import markdown
import nh3

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
    )


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists", "nl2br"])
    return sanitise_html(html)


class _TextWriter(HTMLParser):
    """Sanitised answer HTML → plain text: paragraphs apart, line breaks kept, list items
    marked, links followed by their address, no markup."""

    _BLOCKS = {"p", "ul", "ol", "blockquote", "pre", "h3", "h4", "table", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str | None] = []
        self.lists: list[list] = []  # [kind, counter]

    def _newlines(self, count: int) -> None:
        text = "".join(self.out)
        have = len(text) - len(text.rstrip("\n"))
        if text and have < count:
            self.out.append("\n" * (count - have))

    def handle_starttag(self, tag, attrs):
        if tag in self._BLOCKS:
            self._newlines(1 if self.lists and tag in {"ul", "ol"} else 2)
        if tag in {"ul", "ol"}:
            self.lists.append([tag, 0])
        elif tag == "li":
            self._newlines(1)
            kind = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] += 1
            indent = "  " * max(len(self.lists) - 1, 0)
            self.out.append(f"{indent}{kind[1]}. " if kind[0] == "ol" else f"{indent}- ")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
        elif tag == "hr":
            self.out.append("----")
        elif tag in {"td", "th"}:
            self.out.append(" | " if not "".join(self.out).endswith("\n") else "")
        elif tag == "tr":
            self._newlines(1)

    def handle_endtag(self, tag):
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
        if tag == "a" and self.href:
            href = self.href.pop()
            text = "".join(self.out)
            if href and not text.endswith(href) and not href.startswith("mailto:"):
                self.out.append(f" ({href})")
        if tag in self._BLOCKS:
            self._newlines(2)

    def handle_data(self, data):
        if not data.strip():
            # Whitespace between blocks is markup layout; a space between inline words stays.
            if "\n" not in data:
                self.out.append(" ")
            return
        if "".join(self.out[-1:]).endswith("\n") or not self.out:
            data = data.lstrip()
        self.out.append(data.replace("\n", ""))


def markdown_to_text(text: str) -> str:
    """The plain-text part of an e-mail whose HTML part is `render_markdown(text)`."""
    writer = _TextWriter()
    writer.feed(render_markdown(text))
    writer.close()
    lines = [line.rstrip() for line in unescape("".join(writer.out)).splitlines()]
    return "\n".join(lines).strip() + "\n"
