"""Scheduled: `insights.aggregate` recomputes the trends' aggregate table (no arguments)."""

from insights import services
from project.tasks import task


@task("insights.aggregate")
def aggregate() -> None:
    services.aggregate()
