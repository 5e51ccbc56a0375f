"""One Dutch date format everywhere: "1 december 2026" and "1 december 2026, 14:05".

Templates write `|date` (DATE_FORMAT) or `|date:"DATETIME_FORMAT"`, never a format of their own;
Django's Dutch formats fill in the rest (input formats, separators).
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "F Y"
