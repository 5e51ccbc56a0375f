from django.contrib import admin
from django.urls import include, path

from project import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("register/", include("incidents.urls")),
    path("groepen/", include("groups.urls")),
    path("besprekingen/", include("meetings.urls")),
    path("trends/", include("insights.urls")),
    path("", include("sharing.urls")),
    path("herinneringen/", include("reminders.urls")),
    path("beheer/", admin.site.urls),
]
