"""The one allow-list for text members write with a little formatting (summaries, messages).

Sanitised on the way in and stored clean, so every page can render it with `|safe` and the
live thread can broadcast it as is. Other tags are removed (their text kept, escaped), and no
attribute survives: no event handlers, no styles, no links and so no `javascript:` URLs.
"""

import bleach

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
