"""Dutch dates in one format everywhere: "1 december 2026", "1 december 2026, 14:05"."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import formats

from groups.models import IncidentGroup
from meetings.models import Meeting

# Machine formats a browser, a script or a feed reads, not a person (U: seconds since 1970).
MACHINE_FORMATS = {"Y-m-d", "c", "U"}
NAMED_FORMATS = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT"}
DATE_FILTER = re.compile(r"""\|date:["']([^"']+)["']""")


def test_templates_use_only_the_named_date_formats():
    own = [p for p in Path(settings.BASE_DIR, "templates").rglob("*") if p.is_file()]
    found = {
        (str(path.relative_to(settings.BASE_DIR)), fmt)
        for path in own
        for fmt in DATE_FILTER.findall(path.read_text())
        if fmt not in MACHINE_FORMATS | NAMED_FORMATS
    }
    assert found == set()


def test_dates_and_times_read_as_one_dutch_format():
    day = datetime.date(2026, 12, 1)
    moment = datetime.datetime(2026, 3, 5, 14, 5)
    rendered = Template(
        '{{ day|date }}|{{ moment|date:"DATETIME_FORMAT" }}|{{ day|date:"SHORT_DATE_FORMAT" }}'
    ).render(Context({"day": day, "moment": moment}))
    assert rendered == "1 december 2026|5 maart 2026, 14:05|1 december 2026"
    assert formats.date_format(day) == "1 december 2026"


def test_a_meeting_names_its_date_in_the_same_format():
    meeting = Meeting(
        group=IncidentGroup(name="Intervisiegroep Utrecht"),
        starts_at=datetime.datetime(2026, 3, 5, 13, 5, tzinfo=datetime.UTC),
    )
    assert str(meeting) == "Intervisiegroep Utrecht · 5 maart 2026, 14:05"
