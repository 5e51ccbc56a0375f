from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import services
from groups.forms import DeclarationForm, GroupForm, InvitationForm, RoleForm, SignatureForm
from groups.models import Invitation, Membership
from groups.permissions import get_group_for_user, is_chair, is_signed_member
from groups.selectors import (
    get_membership,
    group_members,
    groups_for_user,
    pending_invitations,
)
from project import pages
from project.adapters import INVITATION_SESSION_KEY, forget_invitation, remember_invitation
from project.forms import apply_validation_error, reported


@login_required
def group_list(request):
    return render(
        request,
        "groups/list.html",
        pages.extend(
            "groups.list",
            request,
            {
                "groups": groups_for_user(request.user),
                "pending_token": request.session.get(INVITATION_SESSION_KEY),
            },
        ),
    )


@login_required
def group_create(request):
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.group_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _(
                "De groep is aangemaakt. Teken eerst de geheimhoudingsverklaring; u kunt de tekst "
                "daarna als voorzitter aanpassen."
            ),
        )
        return redirect("groups:declaration", pk=group.pk)
    return render(request, "groups/create.html", {"form": form})


@login_required
def group_detail(request, pk):
    group = get_group_for_user(request.user, pk, role="signed")
    return render(
        request,
        "groups/detail.html",
        pages.extend(
            "groups.detail",
            request,
            {
                "group": group,
                "members": group_members(group),
                "is_chair": is_chair(request.user, group),
            },
        ),
    )


@login_required
def group_edit(request, pk):
    group = get_group_for_user(request.user, pk, role="chair")
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(
                actor=request.user, group=group, **_group_fields(form.cleaned_data)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De gegevens van de groep zijn opgeslagen."))
            return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/edit.html", {"group": group, "form": form})


def _group_fields(data: dict) -> dict:
    return {key: data[key] for key in ("name", "description", "region", "profession")}


@login_required
def group_archive(request, pk):
    group = get_group_for_user(request.user, pk, role="chair")
    if request.method == "POST":
        with reported(
            request, _("De groep is gearchiveerd. De notulen blijven voor de leden leesbaar.")
        ):
            services.group_archive(actor=request.user, group=group)
        return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/archive.html", {"group": group})


@login_required
def declaration(request, pk):
    """The only page of a group an unsigned member can reach."""
    group = get_group_for_user(request.user, pk)
    current = group.current_declaration
    membership = get_membership(request.user, group)
    signed = is_signed_member(request.user, group)
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and not signed and form.is_valid():
        try:
            services.signature_sign(
                actor=request.user,
                group=group,
                declaration=_posted_declaration(request, group),
                typed_name=form.cleaned_data["typed_name"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("U heeft de geheimhoudingsverklaring getekend."))
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/declaration.html",
        {
            "group": group,
            "declaration": current,
            "membership": membership,
            "signed": signed,
            "form": form,
        },
    )


def _posted_declaration(request, group):
    """The version the member was shown; a stale or foreign one fails in the service."""
    version = request.POST.get("version", "")
    found = group.declarations.filter(version=int(version)).first() if version.isdigit() else None
    if found is None:
        raise ValidationError(_("De geheimhoudingsverklaring is intussen gewijzigd."))
    return found


@login_required
def declaration_edit(request, pk):
    group = get_group_for_user(request.user, pk, role="chair")
    form = DeclarationForm(request.POST or None, initial={"text": group.current_declaration.text})
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.declaration_change(
                actor=request.user, group=group, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Versie %(version)s van de verklaring is vastgesteld. Alle leden, ook u, "
                    "moeten deze opnieuw tekenen."
                )
                % {"version": declaration.version},
            )
            return redirect("groups:declaration", pk=group.pk)
    return render(request, "groups/declaration_edit.html", {"group": group, "form": form})


@login_required
def invitation_list(request, pk):
    group = get_group_for_user(request.user, pk, role="chair")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                actor=request.user,
                group=group,
                email=form.cleaned_data["email"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("De uitnodiging is verstuurd naar %(email)s.") % {"email": invitation.email},
            )
            return redirect("groups:invite", pk=group.pk)
    return render(
        request,
        "groups/invite.html",
        {"group": group, "form": form, "invitations": pending_invitations(group)},
    )


@require_POST
@login_required
def invitation_revoke(request, pk, invitation_pk):
    group = get_group_for_user(request.user, pk, role="chair")
    invitation = get_object_or_404(Invitation, pk=invitation_pk, group=group)
    with reported(request, _("De uitnodiging is ingetrokken.")):
        services.invitation_revoke(actor=request.user, invitation=invitation)
    return redirect("groups:invite", pk=group.pk)


@require_POST
@login_required
def invitation_resend(request, pk, invitation_pk):
    group = get_group_for_user(request.user, pk, role="chair")
    invitation = get_object_or_404(Invitation, pk=invitation_pk, group=group)
    with reported(
        request,
        _("De uitnodiging is opnieuw verstuurd naar %(email)s.") % {"email": invitation.email},
    ):
        services.invitation_resend(
            actor=request.user, invitation=invitation, site_url=request.build_absolute_uri("/")
        )
    return redirect("groups:invite", pk=group.pk)


@require_POST
@login_required
def chair_handover(request, pk, membership_pk):
    return _on_member(
        request,
        pk,
        membership_pk,
        services.chair_hand_over,
        _("%(name)s is nu voorzitter; u bent lid."),
    )


@require_POST
@login_required
def member_role(request, pk, membership_pk):
    group = get_group_for_user(request.user, pk, role="chair")
    membership = get_object_or_404(Membership, pk=membership_pk, group=group)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
        return redirect("groups:detail", pk=group.pk)
    with reported(request, _("De rol is gewijzigd.")):
        services.membership_change_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    return redirect("groups:detail", pk=group.pk)


@require_POST
@login_required
def member_remove(request, pk, membership_pk):
    return _on_member(
        request,
        pk,
        membership_pk,
        services.membership_remove,
        _("%(name)s is uit de groep verwijderd."),
    )


def _on_member(request, pk, membership_pk, service, success: str):
    """A chair's action on one membership; back to the group, a refusal as a message."""
    group = get_group_for_user(request.user, pk, role="chair")
    membership = get_object_or_404(
        Membership.objects.select_related("user", "group"), pk=membership_pk, group=group
    )
    with reported(request, success % {"name": membership.user.full_name}):
        service(actor=request.user, membership=membership)
    return redirect("groups:detail", pk=group.pk)


@login_required
def group_leave(request, pk):
    """Open to unsigned members too: someone who will not sign a new text must be able to go."""
    group = get_group_for_user(request.user, pk)
    if request.method == "POST":
        try:
            services.membership_leave(actor=request.user, group=group)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("U heeft de groep %(group)s verlaten.") % {"group": group.name}
            )
            return redirect("groups:list")
    return render(request, "groups/leave.html", {"group": group})


def invitation_open(request, token):
    """The link from the e-mail. Logged out: remember it and offer login or sign-up, which
    come back here. Logged in: show the group and accept on POST."""
    user = request.user if request.user.is_authenticated else None
    try:
        invitation = services.invitation_check(actor=user, token=token)
    except services.InvitationError as error:
        return _invitation_refused(request, error)
    here = reverse("groups:invitation", args=[token])
    if user is None:
        remember_invitation(request, token=token, email=invitation.email)
        query = urlencode({"next": here})
        return render(
            request,
            "groups/invitation_login.html",
            {
                "invitation": invitation,
                "login_url": f"{reverse('account_login')}?{query}",
                "signup_url": f"{reverse('account_signup')}?{query}",
            },
        )
    if request.method == "POST":
        try:
            membership = services.invitation_accept(actor=user, token=token)
        except services.InvitationError as error:
            return _invitation_refused(request, error)
        forget_invitation(request)
        messages.success(
            request,
            _("Welkom in %(group)s. Teken de geheimhoudingsverklaring om de groep te zien.")
            % {"group": membership.group.name},
        )
        return redirect("groups:declaration", pk=membership.group_id)
    return render(request, "groups/invitation.html", {"invitation": invitation})


# Forged links look like no link at all; the others say what happened.
_REFUSAL_STATUS = {
    "invalid": 404,
    "expired": 410,
    "used": 410,
    "revoked": 410,
    "already_member": 409,
    "other_account": 403,
}


def _invitation_refused(request, error):
    if request.session.get(INVITATION_SESSION_KEY) and error.code != "other_account":
        forget_invitation(request)
    return render(
        request,
        "groups/invitation_refused.html",
        {"error": error},
        status=_REFUSAL_STATUS[error.code],
    )
