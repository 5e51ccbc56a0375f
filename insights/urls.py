from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.trends, name="trends"),
    path("grafiek/<str:dimension>.svg", views.trends_chart, name="trends_chart"),
    path("deelname/", views.participation, name="participation"),
]
