"""What the relationship diagram of an agreement's, a person's and an organization's page shows (records.diagrams
lays it out): the same related records, in the same order, with the same links as the page's text.

Each function reads only what the page's view fetched with the model's for_detail(limit): the published related
records, the first of each list with their totals. It runs no query of its own, and a draft never reaches it.
"""

from django.utils.translation import gettext as _

from agreements.models import Agreement
from people.models import Organization, Person
from records import labels, languages
from records.diagrams import Group, Node, layout
from records.models import relation_total


def _node(record, name, relation="", url=True):
    """`record` as a node named by its text `name` in the page's language (or marked as in another), linked to its
    page unless `url` is False."""
    found = languages.text(record, name)
    language = found.language if languages.is_other_language(found) else None
    return Node(found.value, labels.record_url(record) if url else None, relation, language)


def _title(row):
    """A row's title (a post, a title at signing) as plain text, followed by its mark when in another language."""
    return languages.marked(languages.text(row, "title"))


def _signed_as(signature):
    """ "signed as Acting Commissioner", the title held at signing; "signed" without one."""
    title = _title(signature)
    return _("signed as %(post)s") % {"post": title} if title else _("signed")


def _role(party_row):
    """The party's role, as an edge reads it: "party", "executing agency"."""
    return labels.choice_label(party_row, "role").lower()


def _agreement_groups(agreement):
    parties = agreement.party_rows.all()
    signatories = agreement.public_signatories
    signers = []
    for signature in signatories:
        person = signature.public_person
        url = labels.record_url(person) if person else None
        signers.append(Node(signature.public_name, url, _signed_as(signature)))
    event = agreement.public_signed_at
    related = [
        _node(relation.target, "title", labels.choice_label(relation, "kind"))
        for relation in agreement.relations_from.all()
    ]
    related += [_node(relation.source, "title", relation.inverse_label) for relation in agreement.relations_to.all()]
    return [
        Group(
            _("Parties"),
            "parties",
            [_node(row.organization, "name", _role(row)) for row in parties],
            relation_total(parties),
        ),
        Group(_("Signatories"), "signatories", signers, relation_total(signatories)),
        Group(_("Signed during"), "key-facts", [_node(event, "title", _("signed at"))] if event else []),
        Group(_("Related agreements"), "related", related),
    ]


def _person_groups(person):
    positions = person.positions.all()
    signatures = person.signatures.all()
    events = person.events.all()
    return [
        Group(
            _("Posts held"),
            "posts",
            [_node(position.organization, "name", _title(position)) for position in positions],
            relation_total(positions),
        ),
        Group(
            _("Agreements signed"),
            "agreements-signed",
            [_node(signature.agreement, "title", _signed_as(signature)) for signature in signatures],
            relation_total(signatures),
        ),
        Group(
            _("Events"),
            "events",
            [_node(event, "title", _("took part in")) for event in events],
            relation_total(events),
        ),
    ]


def _organization_groups(organization):
    parent = organization.public_parent
    units = organization.children.all()
    current, unknown, past = organization.current_posts, organization.unknown_posts, organization.past_posts
    people = [_node(post.person, "name", _title(post)) for post in current]
    people += [_node(post.person, "name", _("%(post)s, status unknown") % {"post": _title(post)}) for post in unknown]
    people += [_node(post.person, "name", _("formerly %(post)s") % {"post": _title(post)}) for post in past]
    party_rows = organization.party_rows.all()
    hosted, instructed = organization.hosted_programs.all(), organization.instructed_programs.all()
    programs = [_node(program, "title", _("hosts")) for program in hosted]
    programs += [_node(program, "title", _("teaches")) for program in instructed]
    events = organization.events.all()
    return [
        Group(_("Part of"), "key-facts", [_node(parent, "name", _("part of"))] if parent else []),
        Group(
            _("Units and bodies under it"),
            "units",
            [_node(unit, "name", _("unit")) for unit in units],
            relation_total(units),
        ),
        Group(_("People"), "people", people, relation_total(current) + relation_total(unknown) + relation_total(past)),
        Group(
            _("Agreements"),
            "agreements",
            [_node(row.agreement, "title", _role(row)) for row in party_rows],
            relation_total(party_rows),
        ),
        Group(_("Training programs"), "programs", programs, relation_total(hosted) + relation_total(instructed)),
        Group(
            _("Events"),
            "events",
            [_node(event, "title", _("took part in")) for event in events],
            relation_total(events),
        ),
    ]


# Each kind of page with a diagram: the text its record is named by, and its groups of related records.
PAGES = {
    Agreement: ("title", _agreement_groups),
    Person: ("name", _person_groups),
    Organization: ("name", _organization_groups),
}


def diagram(record):
    """The laid-out relationship diagram of `record`'s page, None when it has no related record to draw (or is
    not a kind of record with one)."""
    if type(record) not in PAGES:
        return None
    name_field, groups = PAGES[type(record)]
    centre = _node(record, name_field, url=False)
    return layout(centre, _("Relationships of %(name)s") % {"name": centre.marked_name}, groups(record))
