from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("nieuw/", views.group_create, name="create"),
    path("uitnodiging/<str:token>/", views.invitation_open, name="invitation"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.group_edit, name="edit"),
    path("<int:pk>/archiveren/", views.group_archive, name="archive"),
    path("<int:pk>/verklaring/", views.declaration, name="declaration"),
    path("<int:pk>/verklaring/wijzigen/", views.declaration_edit, name="declaration_edit"),
    path("<int:pk>/uitnodigen/", views.invitation_list, name="invite"),
    path(
        "<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<int:pk>/uitnodigingen/<int:invitation_pk>/opnieuw/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:pk>/leden/<int:membership_pk>/voorzitter/",
        views.chair_handover,
        name="chair_handover",
    ),
    path("<int:pk>/leden/<int:membership_pk>/rol/", views.member_role, name="member_role"),
    path(
        "<int:pk>/leden/<int:membership_pk>/verwijderen/", views.member_remove, name="member_remove"
    ),
    path("<int:pk>/verlaten/", views.group_leave, name="leave"),
]
