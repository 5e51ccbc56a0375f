"""Who may see and change what in the private register.

- The register owner sees and changes every incident, manages members and grants, reads the
  access log, exports, and deletes (after retention).
- An investigator (`investigate_register` on the register) sees and changes every incident.
- A reporter (`report_register` on the register) files incidents and sees and changes only the
  ones they filed.
- A practitioner "betrokken bij het onderzoek" (`investigate_incident` on one incident) sees and
  changes that incident only.

Permissions are granted and revoked only in incidents/services.py. Every check here is one SQL
filter, so lists never check row by row.
"""

from django.db.models import Exists, OuterRef, Q

from incidents.models import (
    IncidentUserObjectPermission,
    Register,
    RegisterUserObjectPermission,
)
from project.errors import NotFound

REPORT_REGISTER = "report_register"
INVESTIGATE_REGISTER = "investigate_register"
INVESTIGATE_INCIDENT = "investigate_incident"

ROLE_PERMS = {"reporter": REPORT_REGISTER, "investigator": INVESTIGATE_REGISTER}


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
