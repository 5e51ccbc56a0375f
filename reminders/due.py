"""What a reminder source answers: one reminder due for one person about one thing."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Due:
    """`key` names the thing (`measure:12`); `line` is built from dates and counts only, never
    from titles or patient data; `url` is a path on this site."""

    kind: str
    user_id: int
    key: str
    line: str
    url: str
