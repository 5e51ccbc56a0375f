"""URLs at the boundary, at the paths they had before the sharing app existed: the share form
beside the meetings, the outcome import beside the register (project/urls.py includes this at
the root)."""

from django.urls import path

from sharing import accounts, views

app_name = "sharing"

urlpatterns = [
    path("account/opzeggen/", accounts.account_close, name="account_close"),
    path("besprekingen/delen/<int:incident_pk>/", views.share, name="share"),
    path(
        "besprekingen/agendapunt/<int:item_pk>/samenvatting/",
        views.summary_edit,
        name="summary_edit",
    ),
    path(
        "register/uitkomst/<int:item_pk>/importeren/",
        views.outcome_import,
        name="outcome_import",
    ),
]
