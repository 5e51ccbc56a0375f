from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:register_pk>/", views.register_detail, name="register_detail"),
    path("<int:register_pk>/nieuw/", views.incident_create, name="incident_create"),
    path("<int:register_pk>/export.csv", views.register_csv, name="register_csv"),
    path("<int:register_pk>/afdrukken/", views.register_print, name="register_print"),
    path("<int:register_pk>/logboek/", views.register_log, name="register_log"),
    path("<int:register_pk>/procedure/", views.register_procedure, name="register_procedure"),
    path(
        "<int:register_pk>/procedure.pdf",
        views.register_procedure_pdf,
        name="register_procedure_pdf",
    ),
    path("<int:register_pk>/visitatie/", views.register_visitation, name="register_visitation"),
    path("<int:register_pk>/importeren/", views.register_import, name="register_import"),
    path(
        "<int:register_pk>/importeren/koppelen/",
        views.register_import_map,
        name="register_import_map",
    ),
    path("<int:register_pk>/leden/", views.register_members, name="register_members"),
    path("<int:register_pk>/opvolger/", views.register_successor, name="register_successor"),
    path(
        "<int:register_pk>/leden/<int:user_pk>/verwijderen/",
        views.register_member_remove,
        name="register_member_remove",
    ),
    path("melding/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("melding/<int:pk>/bewerken/", views.incident_edit, name="incident_edit"),
    path("melding/<int:pk>/afdrukken/", views.incident_print, name="incident_print"),
    path("melding/<int:pk>/calamiteit/", views.incident_calamity, name="incident_calamity"),
    path("melding/<int:pk>/igj/", views.incident_igj_report, name="incident_igj_report"),
    path(
        "melding/<int:pk>/bespreking-nvt/",
        views.incident_discussion_skip,
        name="incident_discussion_skip",
    ),
    path("melding/<int:pk>/intrekken/", views.incident_withdraw, name="incident_withdraw"),
    path("melding/<int:pk>/logboek/", views.incident_log, name="incident_log"),
    path("melding/<int:pk>/verwijderen/", views.incident_delete, name="incident_delete"),
    path("melding/<int:pk>/toegang/", views.incident_grant, name="incident_grant"),
    path(
        "melding/<int:pk>/toegang/<int:user_pk>/intrekken/",
        views.incident_revoke,
        name="incident_revoke",
    ),
    path("melding/<int:pk>/maatregelen/nieuw/", views.measure_add, name="measure_add"),
    path("maatregel/<int:pk>/bewerken/", views.measure_update, name="measure_update"),
    path("maatregel/<int:pk>/afronden/", views.measure_complete, name="measure_complete"),
]
