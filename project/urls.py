from django.contrib import admin
from django.urls import include, path

from project import account_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/opzeggen/", account_views.account_close, name="account_close"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("register/", include("incidents.urls")),
    path("groepen/", include("groups.urls")),
    path("besprekingen/", include("meetings.urls")),
    path("beheer/", admin.site.urls),
]
