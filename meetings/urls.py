from django.urls import path

from meetings import live_urls, views

app_name = "meetings"

urlpatterns: list = [
    path("groep/<int:group_pk>/nieuw/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.meeting_edit, name="edit"),
    path("<int:pk>/annuleren/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/bespreking.ics", views.meeting_calendar, name="ics"),
    path("<int:pk>/onderwerp/", views.topic_add, name="topic_add"),
    path("agendapunt/<int:pk>/accepteren/", views.item_accept, name="item_accept"),
    path("agendapunt/<int:pk>/afwijzen/", views.item_decline, name="item_decline"),
    path("agendapunt/<int:pk>/verplaatsen/", views.item_move, name="item_move"),
    path("agendapunt/<int:pk>/tijd/", views.item_minutes, name="item_minutes"),
    path("agendapunt/<int:pk>/intrekken/", views.item_withdraw, name="item_withdraw"),
    path("agendapunt/<int:pk>/stand-van-zaken/", views.followup_status, name="followup_status"),
    *live_urls.urlpatterns,
]
