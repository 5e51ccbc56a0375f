from meetings import live_urls

app_name = "meetings"

urlpatterns: list = [
    *live_urls.urlpatterns,
]
