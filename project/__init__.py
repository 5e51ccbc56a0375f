# The Celery app is loaded with Django, so `@task` declarations bind to it (Celery's Django setup).
from project.celery import app as celery_app

__all__ = ("celery_app",)
