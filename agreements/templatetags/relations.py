"""The relationship diagram of a record's page: `{% relations_diagram object as diagram %}`."""

from django import template

from agreements import diagrams

register = template.Library()


@register.simple_tag
def relations_diagram(record):
    """The laid-out diagram of `record`'s relations (agreements.diagrams), None when it has none; reads only what the
    page's view fetched."""
    return diagrams.diagram(record)
