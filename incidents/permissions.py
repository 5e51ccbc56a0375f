"""Who may see and change what in the private register.

- The register owner sees and changes every incident, manages members and grants, reads the
  access log, exports, and deletes (after retention).
- An investigator (`investigate_register` on the register) sees and changes every incident.
- A reporter (`report_register` on the register) files incidents and sees and changes only the
  ones they filed.
- A practitioner "betrokken bij het onderzoek" (`investigate_incident` on one incident) sees and
  changes that incident only.

Permissions are granted and revoked only in incidents/services.py. Every check here is one SQL
filter, so lists never check row by row. The `get_<thing>_for_user` helpers at the end are the
one way views, services and the sharing app get an object: NotFound (404) when not visible.
"""

import re

from django.db.models import Exists, OuterRef, Q, QuerySet

from incidents.models import (
    Incident,
    IncidentUserObjectPermission,
    Measure,
    Register,
    RegisterUserObjectPermission,
)
from project.errors import NotFound

REPORT_REGISTER = "report_register"
INVESTIGATE_REGISTER = "investigate_register"
INVESTIGATE_INCIDENT = "investigate_incident"

ROLE_PERMS = {"reporter": REPORT_REGISTER, "investigator": INVESTIGATE_REGISTER}
NUMBER_RE = re.compile(r"^\d{4}-\d{3,}$")


def _register_perm(user, codename: str, register_ref="register"):
    return Exists(
        RegisterUserObjectPermission.objects.filter(
            user=user, permission__codename=codename, content_object=OuterRef(register_ref)
        )
    )


def visible_incidents_q(user) -> Q:
    """The filter over Incident that keeps exactly what `user` may see (and change)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    granted = IncidentUserObjectPermission.objects.filter(
        user=user, permission__codename=INVESTIGATE_INCIDENT, content_object=OuterRef("pk")
    )
    return (
        Q(register__owner=user)
        | Q(_register_perm(user, INVESTIGATE_REGISTER))
        | (Q(_register_perm(user, REPORT_REGISTER)) & Q(created_by=user))
        | Q(Exists(granted))
    )


def member_registers_q(user) -> Q:
    """The filter over Register for the registers `user` owns or is a member of."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    member = RegisterUserObjectPermission.objects.filter(
        user=user,
        permission__codename__in=ROLE_PERMS.values(),
        content_object=OuterRef("pk"),
    )
    return Q(owner=user) | Q(Exists(member))


def is_owner(user, register: Register) -> bool:
    return user.is_authenticated and register.owner_id == user.pk


def require_owner(user, register: Register) -> None:
    """Members, grants, the access log and deletion are the owner's alone: NotFound otherwise."""
    if not is_owner(user, register):
        raise NotFound


def sees_whole_register(user, register: Register) -> bool:
    return is_owner(user, register) or user.has_perm(f"incidents.{INVESTIGATE_REGISTER}", register)


def may_file_in(user, register: Register) -> bool:
    return sees_whole_register(user, register) or user.has_perm(
        f"incidents.{REPORT_REGISTER}", register
    )


# --- One object the user may see: NotFound (404) otherwise ------------------------------------


def incidents_visible_to(user) -> QuerySet[Incident]:
    """Every incident `user` may see (owner, investigator, own reports, single-incident grants)."""
    return Incident.objects.filter(visible_incidents_q(user)).select_related("register__owner")


def _visible_incident(user, pk_or_number: int | str) -> Incident:
    incidents = incidents_visible_to(user)
    if isinstance(pk_or_number, str) and NUMBER_RE.match(pk_or_number):
        matches = list(incidents.filter(number=pk_or_number))
        own = [i for i in matches if i.register.owner_id == user.pk]
        if own or len(matches) == 1:
            return (own or matches)[0]
        raise NotFound
    try:
        return incidents.get(pk=int(pk_or_number))
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def get_incident_for_user(user, pk_or_number: int | str, *, role: str | None = None) -> Incident:
    """One visible incident by primary key or by number (`2026-004`); NotFound (404) otherwise.

    A number is unique per register only: when it is ambiguous, the user's own register wins.
    With role="owner", only the register's owner gets it (the access log, grants, deletion,
    sharing).
    """
    incident = _visible_incident(user, pk_or_number)
    if role == "owner":
        require_owner(user, incident.register)
    return incident


def registers_of(user) -> QuerySet[Register]:
    """Registers `user` owns or is a member of, oldest first."""
    return Register.objects.filter(member_registers_q(user)).select_related("owner").order_by("pk")


def get_register_for_user(user, pk, *, role: str | None = None) -> Register:
    """A register user owns or is a member of; with role="owner" only its owner may have it
    (members, grants, the log). NotFound (404) otherwise."""
    try:
        register = registers_of(user).get(pk=pk)
    except (Register.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    if role == "owner":
        require_owner(user, register)
    return register


def get_measure_for_user(user, pk) -> Measure:
    try:
        return (
            Measure.objects.select_related("incident__register")
            .filter(incident__in=incidents_visible_to(user).values("pk"))
            .get(pk=pk)
        )
    except (Measure.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
