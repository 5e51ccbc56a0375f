from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.trends, name="trends"),
    path("grafiek/<str:dimension>.svg", views.trends_chart, name="trends_chart"),
    path("deelname/", views.participation, name="participation"),
    path("groep/<int:pk>/", views.group_trends, name="group_trends"),
    path(
        "groep/<int:pk>/grafiek/<str:dimension>.svg",
        views.group_trends_chart,
        name="group_trends_chart",
    ),
]
