from django import template

from project import access_log

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return access_log.action_label(code)


@register.filter
def detail_label(entry) -> str:
    return access_log.detail_label(entry)


@register.filter
def origin_label(entry) -> str:
    return access_log.origin_label(entry)
