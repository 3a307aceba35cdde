"""What a detail page tells readers who cite it and machines that index it: citations and schema.org JSON-LD.

Everything here reads what the detail views already fetched (published related records, prefetched), so it adds
no query. records is the base layer: records are told apart by their model name, not by importing their apps.
"""

import json

from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from records.dates import PartialDate
from records.history import last_changed

SITE_NAME = "Pacta"

# One pass over the text, so that the backslash of an escape is never escaped again.
_BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
# Inside \url{} only what would end the argument or start a comment needs a backslash.
_URL_ESCAPES = str.maketrans({"\\": r"\\", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#"})
# What would let a string close the <script> element or open markup inside it (as Django's json_script escapes).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def bibtex_escape(text):
    """`text` with BibTeX's and LaTeX's special characters escaped; accents stay as UTF-8 (biber reads them)."""
    return str(text).translate(_BIBTEX_ESCAPES)


def permalink(record, request):
    """The record's permanent, absolute address."""
    return request.build_absolute_uri(record.get_absolute_url())


def _long_date(day):
    return formats.date_format(day, "DATE_FORMAT")


def _updated_on(record):
    return timezone.localdate(last_changed(record))


def plain_citation(record, request):
    """A reference to paste into a paper: site, title, last update, permanent address and the day it was read."""
    title = str(record)
    if title[-1:] not in ".?!":
        title += "."
    return _("%(site)s. “%(title)s” Last updated %(updated)s. %(url)s (accessed %(accessed)s).") % {
        "site": SITE_NAME,
        "title": title,
        "updated": _long_date(_updated_on(record)),
        "url": permalink(record, request),
        "accessed": _long_date(timezone.localdate()),
    }


def bibtex_citation(record, request):
    """A BibTeX @misc entry (biblatex's urldate included) for the record's page."""
    updated = _updated_on(record)
    fields = [
        ("author", "{" + SITE_NAME + "}"),
        # Double braces keep the title's capitals (CBP, El Salvador) as they are in any bibliography style.
        ("title", "{" + bibtex_escape(record) + "}"),
        ("howpublished", r"\url{" + permalink(record, request).translate(_URL_ESCAPES) + "}"),
        ("note", bibtex_escape(_("Last updated %(date)s") % {"date": _long_date(updated)})),
        ("year", str(updated.year)),
        ("urldate", timezone.localdate().isoformat()),
    ]
    lines = [f"  {name} = {{{value}}}," for name, value in fields]
    return "\n".join([f"@misc{{pacta-{record.slug},", *lines, "}"])


def json_script(data):
    """`data` as a <script type="application/ld+json"> element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped just above


def _iso_date(value):
    """A partial date as ISO 8601 at its own precision ("2024-10" stays a month); None when unknown."""
    try:
        return str(PartialDate(value)) if value else None
    except ValueError:
        return None


def _compact(data):
    """`data` without the properties that are unknown, so that nothing empty is claimed."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _country(country):
    return {"@type": "Country", "name": country.name, "identifier": country.code} if country else None


def _place(location, country):
    if not location and not country:
        return None
    address = {"@type": "PostalAddress", "addressCountry": country.code} if country else None
    return _compact({"@type": "Place", "name": location or country.name, "address": address})


def _ref(record, request, schema_type):
    """A related record by its page, its name and its type."""
    return {
        "@type": schema_type,
        "@id": permalink(record, request),
        "name": getattr(record, "name", None) or str(record),
    }


def _sources(record):
    """The sources the record cites, once each, as schema.org CreativeWorks."""
    sources = {}
    for citation in record.citations.all():
        source = citation.source
        sources.setdefault(
            source.pk,
            _compact(
                {
                    "@type": "CreativeWork",
                    "name": source.title,
                    "url": source.url,
                    "publisher": source.publisher,
                    "datePublished": _iso_date(source.published),
                    "inLanguage": source.language,
                }
            ),
        )
    return list(sources.values())


def _topics(record):
    return [{"@type": "Thing", "name": topic.name} for topic in record.public_topics]


# Organization kinds by schema.org type; the kinds are people.models.OrganizationKind's values.
_ORGANIZATION_TYPES = {
    "government": "GovernmentOrganization",
    "ministry": "GovernmentOrganization",
    "agency": "GovernmentOrganization",
    "embassy": "GovernmentOrganization",
    "police": "GovernmentOrganization",
    "academy": "EducationalOrganization",
    "ngo": "NGO",
    "media": "NewsMediaOrganization",
}


def _organization_type(organization):
    # An international organization is not one government's body; it, like "other", is a plain Organization.
    return _ORGANIZATION_TYPES.get(organization.kind, "Organization")


def _organization(organization, request):
    parent = organization.public_parent
    return {
        "@type": _organization_type(organization),
        "name": organization.name,
        "alternateName": organization.acronym,
        "description": organization.description,
        "sameAs": [organization.website] if organization.website else None,
        "address": {"@type": "PostalAddress", "addressCountry": organization.country.code}
        if organization.country
        else None,
        "parentOrganization": _ref(parent, request, _organization_type(parent)) if parent else None,
        "subOrganization": [_ref(child, request, _organization_type(child)) for child in organization.children.all()],
    }


def _person(person, request):
    current = [position for position in person.positions.all() if position.is_current]
    return {
        "@type": "Person",
        "name": person.name,
        "description": person.bio,
        "nationality": _country(person.country),
        "jobTitle": [position.title for position in current],
        "worksFor": [
            _ref(position.organization, request, _organization_type(position.organization)) for position in current
        ],
    }


# Agreement statuses in schema.org's terms of legal force, where the status says: one signed with no entry into
# force recorded (or under negotiation, or suspended) is left unsaid, not declared "not in force".
_NOT_IN_FORCE = "https://schema.org/NotInForce"
_LEGAL_FORCE = {
    "in_force": "https://schema.org/InForce",
    "not_in_force": _NOT_IN_FORCE,
    "expired": _NOT_IN_FORCE,
    "terminated": _NOT_IN_FORCE,
}


def _agreement(agreement, request):
    # Legislation ("a legal document such as an act, decree, bill, etc. (enforceable or not)") rather than a bare
    # CreativeWork: its own properties say what readers look for in an agreement (kind, date of signature, who is
    # bound, whether it is in force, what it amends), and as a CreativeWork it still takes about and citation.
    parties = [row.organization for row in agreement.party_rows.all() if row.role == "party"]
    relations = {"amends": [], "succeeds": [], "implements": []}
    for relation in agreement.relations_from.all():
        relations[relation.kind].append(_ref(relation.target, request, "Legislation"))
    countries = {party.country.code: party.country for party in parties if party.country}
    return {
        "@type": "Legislation",
        "name": agreement.title,
        "alternateName": agreement.short_name,
        "description": agreement.summary,
        "legislationType": agreement.get_kind_display(),
        "legislationDate": _iso_date(agreement.signed_on),
        "datePublished": _iso_date(agreement.signed_on),
        "legislationLegalForce": _LEGAL_FORCE.get(agreement.status),
        "legislationPassedBy": [_ref(party, request, _organization_type(party)) for party in parties],
        "legislationJurisdiction": [_country(country) for country in countries.values()],
        "legislationAmends": relations["amends"],
        "legislationChanges": relations["succeeds"],
        "isBasedOn": relations["implements"],
        "sameAs": [agreement.text_url] if agreement.text_url else None,
        "about": _topics(agreement),
        "citation": _sources(agreement),
    }


def _program(program, request):
    host = program.public_host
    instance = _compact(
        {
            "@type": "CourseInstance",
            "startDate": _iso_date(program.start),
            "endDate": _iso_date(program.end),
            "location": _place(program.location or (host.name if host else ""), program.country),
            "organizer": _ref(host, request, _organization_type(host)) if host else None,
        }
    )
    return {
        "@type": "Course",
        "name": program.title,
        "alternateName": program.short_name,
        "description": program.description,
        "provider": [_ref(org, request, _organization_type(org)) for org in program.public_instructors],
        "hasCourseInstance": [instance] if len(instance) > 1 else None,
        "audience": {"@type": "Audience", "audienceType": program.audience} if program.audience else None,
        "about": _topics(program),
        "citation": _sources(program),
    }


def _event(event, request):
    parent = event.public_parent
    return {
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": _iso_date(event.start),
        "endDate": _iso_date(event.end),
        "location": _place(event.location, event.country),
        "organizer": [_ref(org, request, _organization_type(org)) for org in event.organizations.all()],
        "attendee": [_ref(person, request, "Person") for person in event.participants.all()],
        "superEvent": _ref(parent, request, "Event") if parent else None,
        "subEvent": [_ref(child, request, "Event") for child in event.children.all()],
        "about": _topics(event),
    }


def _topic(topic, request):
    return {"@type": "DefinedTerm", "name": topic.name, "description": topic.description}


_BUILDERS = {
    "people.organization": _organization,
    "people.person": _person,
    "agreements.agreement": _agreement,
    "agreements.trainingprogram": _program,
    "agreements.event": _event,
    "agreements.topic": _topic,
}
# Citation is a CreativeWork's property; of a person, an organization or an event, the sources are "subjectOf".
_CREATIVE_WORKS = {"Legislation", "Course"}


def json_ld(record, request):
    """The schema.org description of a record whose detail page the request shows, as a dict.

    Reads only what the detail view prefetched (published related records), so it runs no query.
    """
    url = permalink(record, request)
    data = {"@context": "https://schema.org", "@id": url, "url": url}
    data.update(_BUILDERS[record._meta.label_lower](record, request))
    data["dateModified"] = last_changed(record).isoformat()
    if data["@type"] not in _CREATIVE_WORKS and hasattr(record, "citations"):
        data["subjectOf"] = _sources(record)
    return _compact(data)
