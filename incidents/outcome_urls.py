"""URLs of the outcome import, merged into the incidents namespace by incidents/urls.py."""

from django.urls import path

from incidents import outcome_views

urlpatterns = [
    path(
        "uitkomst/<int:item_pk>/importeren/",
        outcome_views.outcome_import,
        name="outcome_import",
    ),
]
