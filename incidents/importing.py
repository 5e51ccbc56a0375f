"""Bringing an existing register in: read an Excel (.xlsx) or CSV file, map its columns onto the
VIM form, and check every row with the model's own rules before anything is saved.

Reading is defensive: files over settings.INCIDENT_IMPORT_MAX_BYTES (2 MB by default) or with more
than INCIDENT_IMPORT_MAX_ROWS rows are refused; a workbook with macros (.xlsm, or a vbaProject.bin
in the zip, or a macro-enabled content type) is refused without being opened by openpyxl; formulas
are read as the values Excel last calculated (`data_only=True`), never evaluated. The saving is
`services.incident_import`: one transaction, so a register is never half imported.

Between the upload and the import the table is kept in the session, encrypted with the patient
field keys (incidents/fields.py), and dropped after the import.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import openpyxl
from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.fields import field_fernet
from incidents.forms import INCIDENT_FIELDS
from incidents.models import Incident

REQUIRED_FIELDS = ("occurred_on", "place", "reporter_name", "category", "description", "severity")
# Every field of the VIM form a file may fill, in the form's order: all but the contributing
# factors (a list of codes that a spreadsheet does not hold in one cell).
IMPORT_FIELDS = tuple(name for name in INCIDENT_FIELDS if name != "contributing_factors")
MAX_COLUMNS = 60
_MACRO_MARKERS = (b"macroEnabled", b"vbaProject")
_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y")


class UnreadableFile(ValidationError):
    """The file is refused or cannot be read; the message says why, in Dutch."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    first_line: int = 2  # the line in the file of rows[0], for the per-row errors


class _Semicolon(csv.excel):
    delimiter = ";"


def _refuse(message) -> UnreadableFile:
    return UnreadableFile(message, code="import")


# --- Reading ----------------------------------------------------------------------------------


def read_upload(upload) -> Table:
    """The file's first sheet (or the CSV) as text cells; refuses what it must not open."""
    limit = settings.INCIDENT_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise _refuse(
            _("Het bestand is groter dan %(mb)s MB. Splits het register in kleinere bestanden.")
            % {"mb": limit // (1024 * 1024)}
        )
    name = upload.name.lower()
    data = upload.read()
    if name.endswith((".xlsm", ".xltm", ".xlsb", ".xls")):
        raise _refuse(
            _(
                "Bestanden met macro's en oude Excel-bestanden worden niet geaccepteerd. Sla het "
                "register op als Excel-werkmap (.xlsx) of CSV."
            )
        )
    if name.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(data)
    else:
        raise _refuse(_("Kies een Excel-bestand (.xlsx) of een CSV-bestand."))
    if not table.header or not table.rows:
        raise _refuse(_("Het bestand bevat geen regels onder de kopregel."))
    return table


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        raise _refuse(_("Dit is geen geldig Excel-bestand (.xlsx).")) from None
    if any("vbaproject" in n.lower() for n in names) or any(
        marker in content_types for marker in _MACRO_MARKERS
    ):
        raise _refuse(_("Dit Excel-bestand bevat macro's en wordt daarom niet geaccepteerd."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            return _table([_cell(v) for v in row[:MAX_COLUMNS]] for row in rows)
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file, while opening or reading
        raise _refuse(_("Dit Excel-bestand kan niet worden gelezen.")) from None


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon
    try:
        rows = csv.reader(io.StringIO(text), dialect)
        return _table([c.strip() for c in row[:MAX_COLUMNS]] for row in rows)
    except csv.Error:
        raise _refuse(_("Dit CSV-bestand kan niet worden gelezen.")) from None


def _table(rows) -> Table:
    header, first_line = None, 2
    body = []
    for line, row in enumerate(rows, start=1):
        if header is None:
            if any(row):
                header, first_line = row, line + 1
            continue
        if len(body) >= settings.INCIDENT_IMPORT_MAX_ROWS:
            raise _refuse(
                _("Het bestand heeft meer dan %(n)s regels. Splits het in kleinere bestanden.")
                % {"n": settings.INCIDENT_IMPORT_MAX_ROWS}
            )
        body.append(row + [""] * (len(header) - len(row)))
    while body and not any(body[-1]):
        body.pop()
    return Table(header=header or [], rows=body, first_line=first_line)


# --- Keeping it between the steps ------------------------------------------------------------


def seal(table: Table) -> str:
    return (
        field_fernet()
        .encrypt(json.dumps([table.header, table.rows, table.first_line]).encode())
        .decode()
    )


def unseal(token: str) -> Table | None:
    """The table kept between the steps; None when it cannot be read (the keys were rotated)."""
    try:
        header, rows, first_line = json.loads(field_fernet().decrypt(token.encode()))
    except InvalidToken:
        return None
    return Table(header=header, rows=rows, first_line=first_line)


# --- Mapping and checking ---------------------------------------------------------------------


def field_label(name: str) -> str:
    return str(Incident._meta.get_field(name).verbose_name)


def guess_mapping(header: list[str]) -> dict[str, int]:
    """Columns whose heading is a field's label or code (case-insensitive)."""
    wanted = {}
    for name in IMPORT_FIELDS:
        wanted[name.lower()] = name
        wanted[field_label(name).lower()] = name
    mapping = {}
    for index, heading in enumerate(header):
        name = wanted.get(heading.strip().lower())
        if name and name not in mapping:
            mapping[name] = index
    return mapping


def _parse_date(value: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _choice(name: str, value: str) -> str:
    choices = Incident._meta.get_field(name).choices
    lowered = value.strip().lower()
    for code, label in choices:
        if lowered in (code.lower(), str(label).lower()):
            return code
    raise ValueError(value)


def _convert(name: str, value: str):
    model_field = Incident._meta.get_field(name)
    if model_field.get_internal_type() == "DateField":
        return _parse_date(value) if value else None
    if model_field.choices and value:
        return _choice(name, value)
    return value


@dataclass
class RowResult:
    line: int
    fields: dict
    errors: list[str]


_VALUE_ERRORS = {
    "DateField": gettext_lazy("'%(value)s' is geen datum (gebruik bijvoorbeeld 31-12-2025)."),
    "choice": gettext_lazy("'%(value)s' is geen geldige keuze (kies uit: %(choices)s)."),
}


def check_rows(table: Table, mapping: dict[str, int]) -> list[RowResult]:
    """Every row converted to incident fields and checked with the model's rules."""
    results = []
    for offset, row in enumerate(table.rows):
        if not any(row):
            continue
        fields, errors, unreadable = {}, [], []
        for name, index in mapping.items():
            raw = row[index] if index < len(row) else ""
            try:
                fields[name] = _convert(name, raw)
            except ValueError:
                unreadable.append(name)
                errors.append(f"{field_label(name)}: {_value_error(name, raw)}")
        if not fields.get("reported_on"):
            fields["reported_on"] = fields.get("occurred_on") or timezone.localdate()
        errors += _model_errors(fields, unreadable)
        results.append(RowResult(line=table.first_line + offset, fields=fields, errors=errors))
    return results


def _value_error(name: str, raw: str) -> str:
    model_field = Incident._meta.get_field(name)
    if model_field.choices:
        choices = ", ".join(str(label) for _code, label in model_field.choices)
        return str(_VALUE_ERRORS["choice"] % {"value": raw[:40], "choices": choices})
    return str(_VALUE_ERRORS["DateField"] % {"value": raw[:40]})


def _model_errors(fields: dict, unreadable: list[str]) -> list[str]:
    incident = Incident(**fields)
    try:
        incident.full_clean(
            exclude=["register", "number", "number_year", "number_seq", *unreadable]
        )
    except ValidationError as error:
        return [
            f"{field_label(name)}: {message}" if name in IMPORT_FIELDS else message
            for name, messages in error.message_dict.items()
            if name not in unreadable
            for message in messages
        ]
    return []
