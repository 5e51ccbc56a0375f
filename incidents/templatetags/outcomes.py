"""The outcome sections of the register and incident pages, without touching their views."""

from django import template

from incidents import outcomes

register = template.Library()


@register.simple_tag(takes_context=True)
def incident_outcomes(context, incident) -> dict:
    """What the viewing owner sees on an incident: outcomes to import and the discussions."""
    user = context["request"].user
    return {
        "pending": outcomes.pending_outcomes_for_incident(user, incident),
        "history": outcomes.discussion_history(incident, owner=user),
    }


@register.simple_tag(takes_context=True)
def pending_outcomes(context) -> list:
    """The viewer's outcomes waiting for import, with their agreed measures (two queries)."""
    pending = outcomes.pending_outcomes_for(context["request"].user)
    return list(
        pending.defer(
            "source_incident__patient_names", "source_incident__patient_birth_dates"
        ).prefetch_related(outcomes.agreed_prefetch())
    )


@register.simple_tag
def outcome_heading(item) -> str:
    return outcomes.outcome_heading(item)


@register.simple_tag
def outcome_label(item) -> str:
    return outcomes.outcome_label(item)


@register.simple_tag
def outcome_no_access() -> str:
    return str(outcomes.NO_ACCESS)
