from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("voorkeuren/", views.preferences, name="preferences"),
]
