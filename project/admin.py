"""The admin site: reached only through the app's own login (allauth), with a second factor.

Django's admin has its own password-only login form, which skips allauth's second factor, rate
limits and lockout. Here that form is never shown: anonymous visitors are sent to allauth's
login (allauth's documented `secure_admin_login`), and a staff member is let in only when this
session passed a second factor (project.auth.may_open_admin).
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from project.auth import has_second_factor, may_open_admin


class VimAdminSite(admin.AdminSite):
    site_header = _("VIM-kring beheer")
    site_title = _("VIM-kring beheer")
    index_title = _("Beheer")

    def has_permission(self, request):
        return may_open_admin(request.user, request.session)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        return secure_admin_login(self._after_app_login)(request)

    def _after_app_login(self, request):
        # Reached only by an active staff member logged in through allauth.
        if not may_open_admin(request.user, request.session):
            return render(
                request,
                "admin/second_factor_required.html",
                {"has_second_factor": has_second_factor(request.user)},
                status=403,
            )
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        return redirect(next_url)


class _NeutralLabel:
    """Stands in for the object on admin pages, which would otherwise print its str(): the
    title of an agenda item or the text of a measure."""

    def __init__(self, obj):
        self.pk = obj.pk
        self._text = f"{obj._meta.verbose_name} #{obj.pk}"

    def __str__(self):
        return self._text


def _count_column(column: str, label: str):
    @admin.display(description=label, ordering=f"{column}_total")
    def show(model_admin, obj):
        return getattr(obj, f"{column}_total")

    return show


class MetadataOnlyAdmin(admin.ModelAdmin):
    """A read-only admin page that shows metadata only: ids, dates, status, counts.

    A superuser is no member of any group and signed no secrecy declaration: group content
    (names, titles, summaries, questions, notes, results, messages, measures) never appears,
    and nothing can be added, changed or deleted (no status back to live, no chair swapped in).
    Subclasses list only metadata in `metadata`; it is both the changelist and the page.
    """

    metadata: tuple[str, ...] = ("id",)
    # Columns that count related rows: {column: (relation, label)}; list them in `metadata`.
    counts: dict[str, tuple[str, str]] = {}
    actions = None
    show_full_result_count = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for column, (_relation, label) in cls.counts.items():
            setattr(cls, column, _count_column(column, label))

    def get_queryset(self, request):
        annotations = {
            f"{column}_total": Count(relation, distinct=True)
            for column, (relation, _label) in self.counts.items()
        }
        return super().get_queryset(request).annotate(**annotations)

    def get_list_display(self, request):
        return self.metadata

    def get_list_display_links(self, request, list_display):
        return self.metadata[:1]

    def get_fields(self, request, obj=None):
        return self.metadata

    def get_readonly_fields(self, request, obj=None):
        return self.metadata

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["original"] = _NeutralLabel(obj)
            context["subtitle"] = str(context["original"])
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        # Its title is the object's str(); nothing is ever changed here anyway.
        raise PermissionDenied
