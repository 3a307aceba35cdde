"""The columns of the agreement, program and event lists shown as tables (?view=table): each cell reads what the
list's for_card() fetched for the cards, and says which download fields hold the same facts."""

from django.utils.translation import gettext_lazy as _

from records.lists.tables import Column

TITLE = Column(
    _("Title"),
    '<a href="{{ object|record_url }}">{% text object "title" %}</a>'
    '{% if object.short_name %} <span class="meta">({% text object "short_name" %})</span>{% endif %}',
    ascending="title",
    exported_as=("title", "short_name"),
)
EVENT_TITLE = Column(
    _("Title"),
    '<a href="{{ object|record_url }}">{% text object "title" %}</a>',
    ascending="title",
    exported_as=("title",),
)
TOPICS = Column(
    _("Topics"),
    '{% for topic in object.public_topics %}<a href="{{ topic|record_url }}">{% text topic "name" %}</a>'
    "{% if not forloop.last %}, {% endif %}{% endfor %}",
    exported_as=("topics",),
)
PLACE = Column(
    _("Place"),
    '{% text object "location" %}{% with country=object|country_of %}{% if country %}'
    "{% if object.location %}, {% endif %}{{ country }}{% endif %}{% endwith %}",
    exported_as=("location", "country_name"),
)


def date_column(label, name, **sorts):
    """A partial date at its precision, as the card shows it; `sorts` are the column's `ascending` and
    `descending` sorts."""
    return Column(
        label,
        f'{{% if object.{name} %}}<time datetime="{{{{ object.{name} }}}}">{{{{ object.{name}|partial_date }}}}</time>'
        "{% endif %}",
        exported_as=(f"{name}_display",),
        **sorts,
    )


AGREEMENT_COLUMNS = [
    TITLE,
    Column(
        _("Parties"),
        "{% for party in object.card_parties %}{% organization_link party %}"
        "{% if not forloop.last %}, {% endif %}{% endfor %}"
        "{% with more=object.parties_not_on_card %}{% if more %} "
        '<a href="{{ object|record_url }}#parties">{% blocktranslate count counter=more %}and {{ counter }} more'
        "{% plural %}and {{ counter }} more{% endblocktranslate %}</a>{% endif %}{% endwith %}",
        exported_as=("parties",),
    ),
    Column(_("Kind"), '{{ object|choice_label:"kind" }}', exported_as=("kind_display",)),
    date_column(_("Signed"), "signed_on", ascending="oldest", descending="newest"),
    date_column(_("In force"), "in_force_on", descending="in_force"),
    Column(_("Status"), '{% include "includes/status_badge.html" %}', exported_as=("status_display",)),
]

PROGRAM_COLUMNS = [
    TITLE,
    Column(
        _("Dates"),
        '{% translate "end not recorded" as open_end %}{% date_range object.start object.end open_end %}',
        ascending="oldest",
        descending="newest",
        exported_as=("start_display", "end_display"),
    ),
    Column(
        _("Host"),
        '{% if object.public_host %}<a href="{{ object.host|record_url }}">{% text object.host "name" %}</a>'
        "{% endif %}",
        exported_as=("host",),
    ),
    PLACE,
    Column(_("Format"), '{{ object|choice_label:"format" }}', exported_as=("format_display",)),
    TOPICS,
]

EVENT_COLUMNS = [
    EVENT_TITLE,
    Column(
        _("Date"),
        "{% date_range object.start object.end %}",
        ascending="oldest",
        descending="newest",
        exported_as=("start_display", "end_display"),
    ),
    PLACE,
    Column(_("Kind"), '{{ object|choice_label:"kind" }}', exported_as=("kind_display",)),
    TOPICS,
]
