"""The columns of the people and organization lists shown as tables (?view=table): each cell reads what the list's
for_card() fetched for the cards, and says which download fields hold the same facts."""

from django.utils.translation import gettext_lazy as _

from records.lists.tables import Column

PERSON_COLUMNS = [
    Column(
        _("Name"),
        '<a href="{{ object|record_url }}">{% text object "name" %}</a>',
        ascending="title",
        exported_as=("name",),
    ),
    Column(
        _("Current post"),
        '{% for post in object.current_posts %}{% text post "title" %}{% if not forloop.last %}; {% endif %}'
        "{% endfor %}",
        exported_as=("current_posts",),
    ),
    Column(
        _("Organization"),
        "{% for post in object.current_posts %}{% organization_link post.organization %}"
        "{% if not forloop.last %}; {% endif %}{% endfor %}",
        exported_as=("current_organizations",),
    ),
    Column(_("Country"), "{{ object|country_of }}", exported_as=("country_name",)),
]

ORGANIZATION_COLUMNS = [
    Column(
        _("Name"),
        '<a href="{{ object|record_url }}">{% official_name object %}</a>',
        ascending="title",
        exported_as=("name",),
    ),
    Column(_("Acronym"), "{{ object.acronym }}", exported_as=("acronym",)),
    Column(
        _("Country"),
        '{% with country=object|country_of %}{% if country %}{{ country }}{% else %}{% translate "International" %}'
        "{% endif %}{% endwith %}",
        exported_as=("country_name",),
    ),
    Column(_("Kind"), '{{ object|choice_label:"kind" }}', exported_as=("kind_display",)),
    Column(
        _("Part of"),
        '{% if object.public_parent %}<a href="{{ object.parent|record_url }}">{% text object.parent "name" %}</a>'
        "{% endif %}",
        exported_as=("part_of",),
    ),
]
