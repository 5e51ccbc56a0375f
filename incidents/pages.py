"""The incidents app's part of lower pages (project/pages.py)."""

from incidents import checker
from project.pages import extends


@extends("project.healthz")
def checker_status(request, context: dict) -> None:
    """/healthz says whether a de-identification checker is ready to answer."""
    context["checker_ready"] = checker.is_ready()
