"""Reads shared by views, services and the meetings app, with their prefetching."""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from groups.models import IncidentGroup, Invitation, Membership
from groups.permissions import VIEW_CONTENT_PERM


def get_membership(user, group: IncidentGroup) -> Membership | None:
    return Membership.objects.filter(group=group, user=user).first()


def groups_for_user(user) -> QuerySet[IncidentGroup]:
    """The user's groups for "Mijn groepen", in one query.

    Annotates my_role, my_signed_current (signed the current declaration) and member_count.
    The page's extensions may annotate more (meetings adds the next meeting).
    """
    mine = Membership.objects.filter(group=OuterRef("pk"), user=user)
    member_count = (
        Membership.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        IncidentGroup.objects.filter(Exists(mine))
        .annotate(
            my_role=Subquery(mine.values("role")[:1]),
            my_signed_current=Exists(
                mine.filter(signed_declaration=OuterRef("current_declaration"))
            ),
            member_count=Coalesce(Subquery(member_count, output_field=IntegerField()), Value(0)),
        )
        .order_by("name", "pk")
    )


def group_members(group: IncidentGroup) -> QuerySet[Membership]:
    """Members with their user, chairs first, then by name."""
    # "chair" sorts before "member".
    return (
        Membership.objects.filter(group=group)
        .select_related("user", "group")
        .order_by("role", "user__full_name", "pk")
    )


def _open_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())


def pending_invitations(group: IncidentGroup) -> QuerySet[Invitation]:
    """Unused, unrevoked invitations, expired ones too (marked `expired`: they can be resent)."""
    return (
        Invitation.objects.filter(group=group, used_at=None, revoked_at=None)
        .annotate(
            expired=ExpressionWrapper(
                Q(expires_at__lte=timezone.now()), output_field=BooleanField()
            )
        )
        .select_related("invited_by")
    )


def invitations_for(user) -> list[Invitation]:
    """The open invitations sent to `user`'s e-mail address, for their dashboard (one query)."""
    return list(
        _open_invitations()
        .filter(email__iexact=user.email)
        .exclude(group__memberships__user=user)
        .select_related("group")
        .order_by("expires_at", "pk")
    )


def unsigned_memberships(user=None) -> QuerySet[Membership]:
    """Memberships of active users that have not signed their group's current declaration (a new
    member, or a new version); only `user`'s when given."""
    memberships = Membership.objects.filter(
        group__current_declaration__isnull=False, user__is_active=True
    ).exclude(signed_declaration=F("group__current_declaration"))
    if user is not None:
        memberships = memberships.filter(user=user)
    return memberships.select_related("group").order_by("group__name", "pk")


def signed_groups(user) -> QuerySet[IncidentGroup]:
    """Groups whose content user may see (signed the current declaration), in one query."""
    if user is None or not user.is_authenticated or not user.is_active:
        return IncidentGroup.objects.none()
    return get_objects_for_user(
        user, VIEW_CONTENT_PERM, IncidentGroup, with_superuser=False, accept_global_perms=False
    )


def signed_members(group: IncidentGroup) -> QuerySet[Membership]:
    """Members who signed the group's current declaration: the people a meeting is for."""
    return Membership.objects.filter(
        group=group,
        signed_declaration_id=group.current_declaration_id,
        signed_declaration__isnull=False,
        user__is_active=True,
    ).select_related("user")


def group_names_of(user) -> list[str]:
    """The names of the incident groups `user` is a member of (for the register's procedure)."""
    return list(
        IncidentGroup.objects.filter(memberships__user=user)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
