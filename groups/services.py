"""Every write on incident groups that has rules. The only place that grants or revokes the
group's object permissions (groups.permissions.VIEW_CONTENT and CHAIR)."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from groups.declaration import default_declaration_text
from groups.models import (
    IncidentGroup,
    Invitation,
    Membership,
    Role,
    SecrecyDeclaration,
    Signature,
    text_hash,
)
from groups.permissions import CHAIR_PERM, VIEW_CONTENT_PERM, require_chair
from project.accounts import closed_email, former_member_name
from project.errors import NotFound
from project.models import User
from project.sockets import access_changed
from project.tasks import enqueue_on_commit


class InvitationError(Exception):
    """An invitation link that cannot be used; `code` says why, the message says it in Dutch."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def token_hash(token: str) -> str:
    return text_hash(token)


def _normalise_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _revoke_all(user: User, group: IncidentGroup) -> None:
    remove_perm(VIEW_CONTENT_PERM, user, group)
    remove_perm(CHAIR_PERM, user, group)


def _other_members_remain(group: IncidentGroup, user: User) -> bool:
    return Membership.objects.filter(group=group).exclude(user=user).exists()


def _is_last_chair(membership: Membership) -> bool:
    return (
        membership.role == Role.CHAIR
        and not Membership.objects.filter(group=membership.group, role=Role.CHAIR)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def group_create(
    *, actor: User, name: str, description: str = "", region: str = "", profession: str = ""
) -> IncidentGroup:
    """Create a group with the default declaration; the creator becomes its first chair.

    The creator, like everyone, sees the group's content only after signing.
    """
    group = IncidentGroup(
        name=name, description=description, region=region, profession=profession, created_by=actor
    )
    group.full_clean(exclude=["current_declaration"])
    group.save()
    declaration = SecrecyDeclaration.objects.create(
        group=group, version=1, text=default_declaration_text(), created_by=actor
    )
    group.current_declaration = declaration
    group.save(update_fields=["current_declaration"])
    Membership.objects.create(group=group, user=actor, role=Role.CHAIR)
    assign_perm(CHAIR_PERM, actor, group)
    return group


def require_active(group: IncidentGroup) -> None:
    """An archived group is read-only: its minutes stay, nothing new starts."""
    if group.archived_at is not None:
        raise ValidationError(
            _("Deze groep is gearchiveerd: er kan niets meer bij."), code="archived"
        )


@transaction.atomic
def group_update(
    *, actor: User, group: IncidentGroup, name: str, description: str, region: str, profession: str
) -> IncidentGroup:
    """A chair renames or describes the group."""
    require_chair(actor, group)
    group = IncidentGroup.objects.select_for_update().get(pk=group.pk)
    require_active(group)
    group.name, group.description = name.strip(), description.strip()
    group.region, group.profession = region.strip(), profession
    group.full_clean(exclude=["current_declaration"])
    group.save(update_fields=["name", "description", "region", "profession"])
    return group


@transaction.atomic
def group_archive(*, actor: User, group: IncidentGroup) -> IncidentGroup:
    """A chair archives the group: members keep reading its minutes, but no meeting, agenda
    item or member can be added any more; pending invitations are withdrawn."""
    require_chair(actor, group)
    group = IncidentGroup.objects.select_for_update().get(pk=group.pk)
    require_active(group)
    group.archived_at = timezone.now()
    group.save(update_fields=["archived_at"])
    Invitation.objects.filter(group=group, used_at=None, revoked_at=None).update(
        revoked_at=group.archived_at
    )
    return group


@transaction.atomic
def chair_hand_over(*, actor: User, membership: Membership) -> Membership:
    """A chair hands the chair to a signed member in one step and becomes a member."""
    group = membership.group
    _lock_chairs(group)
    require_chair(actor, group)
    membership = Membership.objects.select_related("group", "user").get(pk=membership.pk)
    if membership.user_id == actor.pk:
        raise ValidationError(_("U bent al voorzitter."))
    if not membership.has_signed_current:
        raise ValidationError(
            _("Kies een lid dat de huidige geheimhoudingsverklaring heeft getekend.")
        )
    membership.role = Role.CHAIR
    membership.save(update_fields=["role"])
    assign_perm(CHAIR_PERM, membership.user, group)
    Membership.objects.filter(group=group, user=actor).update(role=Role.MEMBER)
    remove_perm(CHAIR_PERM, actor, group)
    return membership


@transaction.atomic
def invitation_create(
    *, actor: User, group: IncidentGroup, email: str, site_url: str
) -> tuple[Invitation, str]:
    """A chair invites an e-mail address; the mail carries a single-use link, valid for
    Invitation.VALID_DAYS days.

    Returns the invitation and its raw token (stored only hashed). A pending invitation for the
    same address is revoked, so only the newest link works.
    """
    require_chair(actor, group)
    require_active(group)
    email = email.strip().lower()
    if Membership.objects.filter(group=group, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Iemand met dit e-mailadres is al lid van de groep.")})
    now = timezone.now()
    Invitation.objects.filter(
        group=group, email__iexact=email, used_at=None, revoked_at=None
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        group=group,
        email=email,
        token_sha256=token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=Invitation.VALID_DAYS),
    )
    enqueue_on_commit("groups.invitation_send", invitation.pk, token, site_url)
    return invitation, token


@transaction.atomic
def invitation_resend(
    *, actor: User, invitation: Invitation, site_url: str
) -> tuple[Invitation, str]:
    """A chair sends an unused invitation again (also an expired one): a new link with a new
    validity period; the old link stops working."""
    invitation = (
        Invitation.objects.select_for_update().select_related("group").get(pk=invitation.pk)
    )
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt of ingetrokken."))
    return invitation_create(
        actor=actor, group=invitation.group, email=invitation.email, site_url=site_url
    )


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """A chair withdraws a pending invitation; its link stops working."""
    require_chair(actor, invitation.group)
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt of ingetrokken."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_check(*, actor: User | None, token: str) -> Invitation:
    """The invitation behind a link, or InvitationError saying why it cannot be used.

    With an anonymous actor only the link itself is checked (the account check follows login).
    """
    invitation = (
        Invitation.objects.select_related("group", "invited_by")
        .filter(token_sha256=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "invalid",
            _(
                "Deze uitnodigingslink is ongeldig. Controleer of u de volledige link uit de "
                "e-mail heeft gebruikt, of vraag de voorzitter om een nieuwe uitnodiging."
            ),
        )
    if invitation.revoked_at is not None:
        raise InvitationError(
            "revoked",
            _(
                "Deze uitnodiging is ingetrokken door de voorzitter van de groep. Vraag zo nodig "
                "om een nieuwe uitnodiging."
            ),
        )
    if invitation.used_at is not None:
        raise InvitationError(
            "used",
            _("Deze uitnodiging is al gebruikt. Een uitnodigingslink werkt maar één keer."),
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            "expired",
            _(
                "Deze uitnodiging is verlopen: een uitnodiging is %(days)s dagen geldig. Vraag de "
                "voorzitter om een nieuwe uitnodiging."
            )
            % {"days": Invitation.VALID_DAYS},
        )
    if actor is not None and actor.is_authenticated:
        if Membership.objects.filter(group=invitation.group, user=actor).exists():
            raise InvitationError(
                "already_member", _("U bent al lid van deze groep. De uitnodiging is niet nodig.")
            )
        if actor.email.casefold() != invitation.email.casefold():
            raise InvitationError(
                "other_account",
                _(
                    "Deze uitnodiging is verstuurd naar %(email)s, maar u bent ingelogd met een "
                    "ander account. Log uit en log in met het account van %(email)s, of maak dat "
                    "account aan."
                )
                % {"email": invitation.email},
            )
    return invitation


@transaction.atomic
def invitation_accept(*, actor: User, token: str) -> Membership:
    """The invitee joins as a member; they see the group's content only after signing."""
    # Lock the row first so two clicks on the same link cannot both join.
    Invitation.objects.select_for_update().filter(token_sha256=token_hash(token)).first()
    invitation = invitation_check(actor=actor, token=token)
    invitation.used_at = timezone.now()
    invitation.used_by = actor
    invitation.save(update_fields=["used_at", "used_by"])
    return Membership.objects.create(group=invitation.group, user=actor, role=Role.MEMBER)


@transaction.atomic
def signature_sign(
    *, actor: User, group: IncidentGroup, declaration: SecrecyDeclaration, typed_name: str
) -> Signature:
    """A member signs the declaration version they were shown, by typing their full name.

    Refused if that version is no longer current (the text changed meanwhile).
    """
    membership = Membership.objects.select_for_update().filter(group=group, user=actor).first()
    if membership is None:
        raise NotFound
    group = IncidentGroup.objects.get(pk=group.pk)
    if declaration.group_id != group.pk or declaration.pk != group.current_declaration_id:
        raise ValidationError(
            _(
                "De geheimhoudingsverklaring is intussen gewijzigd. Lees de nieuwe tekst en teken "
                "opnieuw."
            )
        )
    typed = " ".join(typed_name.split())
    if not typed or (
        actor.full_name and _normalise_name(typed) != _normalise_name(actor.full_name)
    ):
        raise ValidationError(
            {
                "typed_name": _("Typ uw volledige naam zoals die in uw account staat: %(name)s.")
                % {"name": actor.full_name}
            }
        )
    now = timezone.now()
    signature = Signature.objects.create(
        declaration=declaration,
        user=actor,
        text_sha256=text_hash(declaration.text),
        typed_name=typed,
        signed_at=now,
    )
    membership.signed_declaration = declaration
    membership.signed_at = now
    membership.save(update_fields=["signed_declaration", "signed_at"])
    assign_perm(VIEW_CONTENT_PERM, actor, group)
    return signature


@transaction.atomic
def declaration_change(*, actor: User, group: IncidentGroup, text: str) -> SecrecyDeclaration:
    """A chair sets a new declaration text: a new version that every member, the chair too,
    must sign before seeing anything of the group again."""
    require_chair(actor, group)
    group = IncidentGroup.objects.select_for_update().get(pk=group.pk)
    current = group.current_declaration
    text = text.strip().replace("\r\n", "\n")
    if not text:
        raise ValidationError({"text": _("De verklaring mag niet leeg zijn.")})
    if current is not None and text == current.text:
        raise ValidationError({"text": _("De tekst is niet gewijzigd.")})
    declaration = SecrecyDeclaration.objects.create(
        group=group,
        version=(current.version if current else 0) + 1,
        text=text,
        created_by=actor,
    )
    group.current_declaration = declaration
    group.save(update_fields=["current_declaration"])
    members = User.objects.filter(group_memberships__group=group)
    remove_perm(VIEW_CONTENT_PERM, members, group)
    access_changed(user_pks=list(members.values_list("pk", flat=True)))
    return declaration


@transaction.atomic
def membership_leave(*, actor: User, group: IncidentGroup) -> None:
    """A member leaves; all access ends at once. The last chair cannot leave while others stay.

    Open to members who have not signed the current version: leaving reveals nothing.
    """
    membership = Membership.objects.select_for_update().filter(group=group, user=actor).first()
    if membership is None:
        raise NotFound
    _lock_chairs(group)
    if _is_last_chair(membership) and _other_members_remain(group, actor):
        raise ValidationError(
            _(
                "U bent de laatste voorzitter. Maak eerst een ander lid voorzitter, daarna kunt u "
                "de groep verlaten."
            )
        )
    _end_membership(membership)


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """A chair removes another member; all their access ends at once."""
    group = membership.group
    _lock_chairs(group)
    require_chair(actor, group)
    if membership.user_id == actor.pk:
        raise ValidationError(_("U kunt uzelf niet verwijderen; gebruik 'Groep verlaten'."))
    _end_membership(membership)


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """A chair makes a member chair, or a chair member. The last chair cannot step down while
    other members remain."""
    group = membership.group
    _lock_chairs(group)
    require_chair(actor, group)
    if role not in Role.values:
        raise ValidationError(_("Onbekende rol."))
    membership = Membership.objects.get(pk=membership.pk)
    if role == membership.role:
        return membership
    if (
        role == Role.MEMBER
        and _is_last_chair(membership)
        and _other_members_remain(group, membership.user)
    ):
        raise ValidationError(
            _("De groep heeft minstens één voorzitter nodig. Maak eerst een ander lid voorzitter.")
        )
    membership.role = role
    membership.save(update_fields=["role"])
    if role == Role.CHAIR:
        assign_perm(CHAIR_PERM, membership.user, group)
    else:
        remove_perm(CHAIR_PERM, membership.user, group)
    return membership


@transaction.atomic
def memberships_end_for_closing(*, actor: User) -> int:
    """The member closes the account: every membership ends as if they left (all access ends at
    once; the last-chair rule holds); invitations to their address are withdrawn and lose the
    address, and their signatures keep the date and text signed but not the typed name.
    Returns how many memberships ended."""
    memberships = list(
        Membership.objects.select_for_update().filter(user=actor).select_related("group", "user")
    )
    for membership in memberships:
        _lock_chairs(membership.group)
        if _is_last_chair(membership) and _other_members_remain(membership.group, actor):
            raise ValidationError(
                _(
                    "U bent de laatste voorzitter van %(group)s. Maak eerst een ander lid "
                    "voorzitter, daarna kunt u uw account opzeggen."
                )
                % {"group": membership.group.name}
            )
        _end_membership(membership)
    invitations = Invitation.objects.filter(email__iexact=actor.email)
    invitations.filter(used_at=None, revoked_at=None).update(revoked_at=timezone.now())
    invitations.update(email=closed_email(actor))
    Signature.objects.filter(user=actor).update(typed_name=former_member_name())
    return len(memberships)


def _lock_chairs(group: IncidentGroup) -> None:
    """Serialise role changes and departures in one group (the last-chair rule)."""
    IncidentGroup.objects.select_for_update().filter(pk=group.pk).first()


def _end_membership(membership: Membership) -> None:
    user, group = membership.user, membership.group
    _revoke_all(user, group)
    membership.delete()
    Invitation.objects.filter(
        group=group, email__iexact=user.email, used_at=None, revoked_at=None
    ).update(revoked_at=timezone.now())
    access_changed(user_pks=[user.pk])
    # Their items on meetings still to come are withdrawn; meetings owns that, by name.
    enqueue_on_commit("meetings.member_items_withdraw", group.pk, user.pk)
