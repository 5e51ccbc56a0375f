"""The one allow-list for text members write with a little formatting (summaries, messages).

Sanitised on the way in and stored clean, so every page can render it with `|safe` and the
live thread can broadcast it as is. Other tags are removed (their text kept, escaped), and no
attribute survives: no event handlers, no styles, no links and so no `javascript:` URLs.
"""

import re
from html import unescape

import bleach
from django.utils.html import linebreaks

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li"})


def sanitize_html(text: str) -> str:
    """The text with only the allowed tags kept, without attributes; other tags are removed."""
    if not text:
        return ""
    cleaned = bleach.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={},
        protocols=[],
        strip=True,
        strip_comments=True,
    )
    return cleaned.strip()


_ALLOWED_TAG_RE = re.compile(r"<\s*/?\s*(?:p|br|strong|em|ul|ol|li)\b[^>]*>", re.IGNORECASE)


def text_to_html(text: str) -> str:
    """What a member typed, as sanitised HTML: typed formatting is kept, otherwise blank lines
    become paragraphs and single line breaks <br>."""
    if not text or not text.strip():
        return ""
    if _ALLOWED_TAG_RE.search(text):
        return sanitize_html(text)
    return sanitize_html(linebreaks(text.strip(), autoescape=True))


def html_to_text(html: str) -> str:
    """The readable text of sanitised HTML (for the de-identification check): block ends become
    line breaks, tags go, entities are decoded."""
    if not html:
        return ""
    text = re.sub(r"(?i)<br\s*/?>|</(?:p|li|ul|ol)>", "\n", html)
    text = bleach.clean(text, tags=set(), strip=True)
    text = unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
