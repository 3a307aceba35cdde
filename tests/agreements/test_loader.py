"""The loader module, called directly on a small dataset (tests/agreements/test_dataset.py runs the command on
the real one)."""

import json

import pytest
from django.utils import translation

from agreements.loader import DataError, load, summary
from agreements.models import Agreement, AgreementRelation, Event, EventParticipant, EventProgram, TrainingProgram
from people.models import Person, Position
from records.models import PublicationStatus, Source

CITED = [{"source": "S1", "excerpt": ""}]

SMALL = {
    "sources": [
        {
            "id": "S1",
            "title": "Press release",
            "url": "https://www.cbp.gov/release-1",
            "language": "en",
            "reliability": "primary",
        }
    ],
    "topics": [
        {"slug": "border-security", "name": "Border security", "parent": "security"},
        {"slug": "security", "name": "Security", "parent": None},
    ],
    "organizations": [
        {"slug": "cbp", "name": "U.S. Customs and Border Protection", "kind": "agency", "citations": CITED},
    ],
    "people": [
        {
            "slug": "troy-miller",
            "name": "Troy A. Miller",
            "citations": CITED,
            "positions": [{"organization": "cbp", "title": "Acting Commissioner", "start": "2022", "citations": CITED}],
        },
    ],
    "programs": [{"slug": "course", "title": "A course", "format": "course", "host": "cbp", "topics": ["security"]}],
    "events": [{"slug": "visit", "title": "A visit", "kind": "visit", "participants": [{"person": "troy-miller"}]}],
    "agreements": [
        {
            "slug": "new-mou",
            "title": "New memorandum",
            "kind": "mou",
            "scope": "bilateral",
            "status": "signed",
            "parties": [{"organization": "cbp", "role": "party"}],
            "signatories": [{"person": "troy-miller", "organization": "cbp"}],
            "relations": [{"kind": "succeeds", "agreement": "old-mou"}],
            "citations": CITED,
        },
        {
            "slug": "old-mou",
            "title": "Old memorandum",
            "kind": "mou",
            "scope": "bilateral",
            "status": "expired",
            "citations": CITED,
        },
    ],
}


def write(directory, files):
    for name, records in files.items():
        (directory / f"{name}.json").write_text(json.dumps(records), encoding="utf-8")
    return directory


@pytest.fixture
def small(tmp_path):
    return write(tmp_path, SMALL)


def created(counts):
    return {label: count["created"] for label, count in counts.items()}


def test_load_creates_every_record_published_and_returns_the_counts_by_type(db, small):
    counts = load(small)

    assert created(counts) == {
        **{"sources": 1, "topics": 2, "organizations": 1, "people": 1, "positions": 1},
        **{"programs": 1, "events": 1, "agreements": 2},
    }
    for model in [Person, Position, TrainingProgram, Event, Agreement]:
        assert model.objects.published().count() == model.objects.count() > 0, model
    relation = AgreementRelation.objects.get()
    assert (relation.source.slug, relation.target.slug) == ("new-mou", "old-mou")


def test_loading_again_finds_every_record_unchanged_and_logs_nothing(db, small):
    first = load(small)
    lines = []

    second = load(small, log=lines.append)

    assert lines == []
    assert {label: count["unchanged"] for label, count in second.items()} == created(first)


def test_refresh_rewrites_what_the_files_changed_and_logs_it(db, small):
    load(small)
    Person.objects.update(publication_status=PublicationStatus.DRAFT)
    write(small, {"people": [{**SMALL["people"][0], "name": "Troy Miller"}]})
    lines = []

    counts = load(small, refresh=True, log=lines.append)

    assert lines == ["refreshed people: troy-miller"]
    assert counts["people"]["refreshed"] == 1
    assert Person.objects.get().name == "Troy Miller"
    assert Person.objects.get().publication_status == PublicationStatus.DRAFT


def test_broken_file_raises_a_data_error_that_says_where_and_writes_nothing(db, small):
    write(small, {"events": [{**SMALL["events"][0], "participants": [{"person": "nobody"}]}]})

    with pytest.raises(
        DataError, match=r"^events\.json, record 1 \(visit\): participant 1: person: no person 'nobody' in"
    ):
        load(small)

    assert not Source.objects.exists()


def test_summary_is_a_table_of_the_counts_by_type(db, small):
    table = summary(load(small)).splitlines()

    assert table[0].split() == ["created", "unchanged", "refreshed"]
    assert table[1].split() == ["sources", "1", "0", "0"]
    assert [line.split()[0] for line in table[1:]] == [
        *("sources", "topics", "organizations", "people", "positions", "programs", "events", "agreements"),
    ]


def test_texts_load_in_both_languages(db, small):
    write(
        small,
        {
            "agreements": [
                SMALL["agreements"][0],
                {**SMALL["agreements"][1], "title_es": "Memorando antiguo", "summary_es": ""},
            ]
        },
    )

    load(small)

    agreement = Agreement.objects.get(slug="old-mou")
    assert agreement.title_en == SMALL["agreements"][1]["title"]
    assert agreement.title_es == "Memorando antiguo"
    with translation.override("es"):
        assert agreement.title == "Memorando antiguo"


def test_a_reload_adds_a_new_translation_and_keeps_what_curators_wrote(db, small):
    load(small)
    agreement = Agreement.objects.get(slug="old-mou")
    agreement.title_en = "Old memorandum, as a curator named it"
    agreement.save()
    write(
        small,
        {
            "agreements": [
                SMALL["agreements"][0],
                {**SMALL["agreements"][1], "title": "Changed in the file", "title_es": "Memorando antiguo"},
            ]
        },
    )
    lines = []

    counts = load(small, log=lines.append)

    agreement.refresh_from_db()
    assert agreement.title_en == "Old memorandum, as a curator named it"
    assert agreement.title_es == "Memorando antiguo"
    assert lines == ["refreshed agreements: old-mou"]
    assert counts["agreements"]["refreshed"] == 1


def test_a_curators_spanish_edit_survives_a_reload(db, small):
    write(small, {"agreements": [SMALL["agreements"][0], {**SMALL["agreements"][1], "title_es": "Memorando antiguo"}]})
    load(small)
    Agreement.objects.filter(slug="old-mou").update(title_es="Memorando de 2019, según la curaduría")

    load(small)

    assert Agreement.objects.get(slug="old-mou").title_es == "Memorando de 2019, según la curaduría"


def test_an_unknown_language_key_is_refused(db, small):
    write(small, {"agreements": [SMALL["agreements"][0], {**SMALL["agreements"][1], "title_fr": "Ancien mémorandum"}]})

    with pytest.raises(DataError, match=r"unknown key\(s\): title_fr"):
        load(small)


# Certainty: the file's own, else derived (agreements.loader.description.Sureness.derive)


def with_certainties(tmp_path):
    """SMALL with a secondary source, an event that cites only it and an unverified one, and the agreement signed at
    the first."""
    files = json.loads(json.dumps(SMALL))
    files["sources"].append(
        {"id": "S2", "title": "News", "url": "https://news.example/2", "language": "en", "reliability": "secondary"}
    )
    files["events"] = [
        {
            "slug": "visit",
            "title": "A visit",
            "kind": "visit",
            "participants": [{"person": "troy-miller"}],
            "programs": [{"program": "course", "certainty": "disputed", "certainty_note": "S1 and S2 disagree."}],
            "citations": [{"source": "S2", "excerpt": ""}],
        },
        {
            "slug": "meeting",
            "title": "A meeting",
            "kind": "meeting",
            "certainty": "unverified",
            "certainty_note": "Only S2 says so.",
            "certainty_note_es": "Solo S2 lo dice.",
            "participants": [{"person": "troy-miller"}],
            "citations": [{"source": "S1", "excerpt": ""}],
        },
    ]
    files["agreements"][0]["signed_at"] = "visit"
    return write(tmp_path, files)


def test_a_record_citing_a_primary_source_is_confirmed_else_reported(db, tmp_path):
    load(with_certainties(tmp_path))
    assert Agreement.objects.get(slug="new-mou").certainty == "confirmed"  # cites S1, primary
    assert Person.objects.get().positions.get().certainty == "confirmed"  # the post cites S1 itself
    assert Event.objects.get(slug="visit").certainty == "reported"  # cites only S2, secondary
    assert TrainingProgram.objects.get().certainty == "reported"  # cites nothing


def test_a_certainty_in_the_file_wins_over_the_rule(db, tmp_path):
    load(with_certainties(tmp_path))
    meeting = Event.objects.get(slug="meeting")
    assert meeting.certainty == "unverified"  # although it cites S1, a primary source
    assert (meeting.certainty_note_en, meeting.certainty_note_es) == ("Only S2 says so.", "Solo S2 lo dice.")
    row = EventProgram.objects.get(event__slug="visit")
    assert (row.certainty, row.certainty_note_en) == ("disputed", "S1 and S2 disagree.")


def test_a_link_without_a_certainty_takes_the_level_and_note_of_the_record_listing_it(db, tmp_path):
    load(with_certainties(tmp_path))
    at_meeting = EventParticipant.objects.get(event__slug="meeting")
    assert (at_meeting.certainty, at_meeting.certainty_note_es) == ("unverified", "Solo S2 lo dice.")
    assert EventParticipant.objects.get(event__slug="visit").certainty == "reported"
    agreement = Agreement.objects.get(slug="new-mou")
    assert agreement.signatories.get().certainty == "confirmed"
    assert agreement.signed_at_certainty == "confirmed"
