import io
import json
import re
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Event,
    ParticipantCountry,
    Signatory,
    Topic,
    TrainingProgram,
)
from people.models import Organization, Person, Position
from records.models import Citation, PublicationStatus, Source

DATASET = settings.BASE_DIR / "dataset"

# Every table the loader writes, many-to-many tables included.
TABLES = [
    Source,
    Topic,
    Organization,
    Person,
    Position,
    TrainingProgram,
    ParticipantCountry,
    TrainingProgram.instructors.through,
    TrainingProgram.topics.through,
    Event,
    Event.participants.through,
    Event.organizations.through,
    Event.programs.through,
    Event.topics.through,
    Agreement,
    Agreement.topics.through,
    AgreementParty,
    Signatory,
    AgreementRelation,
    Citation,
]

SEED_PEOPLE = ["troy-miller", "william-duncan", "alexandra-hill", "jerson-posada", "maria-luisa-hayem", "miguel-kattan"]


def read(name, directory=DATASET):
    return json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))


def write(name, records, directory):
    (directory / f"{name}.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def load(*args, **options):
    """Run the command and return the summary it prints, as {type: (created, unchanged, refreshed)}."""
    out = io.StringIO()
    call_command("load_dataset", *args, stdout=out, **options)
    rows = [line.split() for line in out.getvalue().splitlines()[1:]]
    return {label: tuple(int(count) for count in counts) for label, *counts in rows}


def fingerprint():
    """Every row the loader writes, timestamps included."""
    return {table._meta.label: list(table.objects.order_by("pk").values_list()) for table in TABLES}


def seed_source():
    (url,) = [source["url"] for source in read("sources") if source["id"] == "S3"]
    return Source.objects.get(url=url)


def cites(record, source):
    return record.citations.filter(source=source).exists()


@pytest.fixture
def dataset_copy(tmp_path):
    """A copy of the dataset that a test may break."""
    shutil.copytree(DATASET, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_loading_twice_changes_nothing_and_reports_everything_unchanged(db):
    first = load()
    before = fingerprint()

    second = load()

    assert fingerprint() == before
    assert second.keys() == first.keys()
    for label, (created, unchanged, refreshed) in second.items():
        assert (created, refreshed) == (0, 0), label
        assert unchanged == first[label][0], label


def test_refreshing_what_the_files_already_say_changes_nothing(own_dataset):
    before = fingerprint()

    summary = load("--refresh")

    assert fingerprint() == before
    assert all(refreshed == 0 and created == 0 for created, _, refreshed in summary.values())


def test_database_holds_as_many_published_records_of_each_type_as_the_files(dataset):
    names = ["sources", "topics", "organizations", "people", "programs", "events", "agreements"]
    files = {name: read(name) for name in names}
    models = {
        "topics": Topic,
        "organizations": Organization,
        "people": Person,
        "programs": TrainingProgram,
        "events": Event,
        "agreements": Agreement,
    }

    assert Source.objects.count() == len(files["sources"])
    for name, model in models.items():
        assert model.objects.published().count() == model.objects.count() == len(files[name]), name
    positions = [position for person in files["people"] for position in person["positions"]]
    assert Position.objects.published().count() == Position.objects.count() == len(positions)
    assert AgreementParty.objects.count() == sum(len(agreement["parties"]) for agreement in files["agreements"])
    assert Signatory.objects.count() == sum(len(agreement["signatories"]) for agreement in files["agreements"])
    assert ParticipantCountry.objects.count() == sum(len(p["participant_countries"]) for p in files["programs"])
    cited = [record for name in models if name != "topics" for record in files[name]] + positions
    assert Citation.objects.count() == sum(len(record["citations"]) for record in cited)


def reliability_rule():
    """{first sentence of a reliability note: the rating it implies}, read from the table in dataset/README.md, the
    one statement of the rule."""
    rows = re.findall(r"^  \| (`[^|]+`) \| (primary|secondary|tertiary) \|", read_readme(), flags=re.MULTILINE)
    return {kind: rating for kinds, rating in rows for kind in re.findall(r"`([^`]+)`", kinds)}


def read_readme():
    return (DATASET / "README.md").read_text(encoding="utf-8")


def citations_in_files():
    for name in ["organizations", "people", "programs", "events", "agreements"]:
        for record in read(name):
            yield from record["citations"]
            for position in record.get("positions", []):
                yield from position["citations"]


def test_every_source_is_rated_as_the_readme_rule_for_its_kind_of_text_says():
    rule = reliability_rule()
    assert set(rule.values()) == {"primary", "secondary", "tertiary"}
    for source in read("sources"):
        kind = source["reliability_note"].split(". ")[0].rstrip(".") + "."
        assert kind in rule, f"{source['id']}: no rule for {kind!r}"
        assert source["reliability"] == rule[kind], source["id"]


def test_a_reprinted_release_is_a_redistributed_copy_and_so_primary():
    reprints = [source for source in read("sources") if re.search(r"reprint of .*release", source["publisher"])]
    assert {source["id"] for source in reprints} >= {"S10", "S18"}
    for source in reprints:
        if source["reliability_note"].startswith("Low-quality unofficial copy"):
            assert source["reliability"] == "secondary", source["id"]
            continue
        assert source["reliability_note"].startswith("Primary source (redistributed copy"), source["id"]
        assert source["reliability"] == "primary", source["id"]


def words(text):
    """The words of `text`; in Chinese and Japanese, which do not space their words, each character counts as one."""
    return re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]|[^\s\u3040-\u30ff\u4e00-\u9fff]+", text)


def test_no_excerpt_is_shorter_than_three_words():
    assert [citation for citation in citations_in_files() if 0 < len(words(citation["excerpt"])) < 3] == []


# Citations carrying their passage: 89 before issue 13; the rest cite sources whose words the research did not keep.
PASSAGES = 386


def test_every_passage_the_research_recorded_is_in_the_files_and_loaded(dataset):
    assert sum(1 for citation in citations_in_files() if citation["excerpt"]) == PASSAGES
    assert Citation.objects.exclude(excerpt="").count() == PASSAGES


def test_dataset_has_the_records_the_issue_asks_for(dataset):
    assert Organization.objects.published().count() >= 28
    assert Person.objects.published().count() >= 26
    assert Agreement.objects.published().count() >= 23
    assert TrainingProgram.objects.published().count() >= 19
    assert Event.objects.published().count() >= 19
    assert Source.objects.count() >= 98


def test_seed_article_people_and_their_posts_are_published_and_cite_it(dataset):
    seed = seed_source()

    for slug in SEED_PEOPLE:
        person = Person.objects.published().get(slug=slug)
        assert cites(person, seed), slug
        posts = [position for position in person.positions.published() if cites(position, seed)]
        assert posts, f"{slug} has no post cited from the seed article"

    miller = Person.objects.get(slug="troy-miller")
    assert miller.positions.filter(organization__slug="cbp", title__startswith="Acting Commissioner").exists()


def test_seed_article_agreements_are_published_with_parties_and_signatories(dataset):
    seed = seed_source()
    cmaa = Agreement.objects.published().get(slug="us-el-salvador-cmaa")
    mou = Agreement.objects.published().get(slug="cbp-dgme-passenger-information-mou")

    assert cmaa.title.startswith("Customs Mutual Assistance Agreement")
    assert cmaa.signed_on == "2024-10-08"
    assert cmaa.signed_at.slug == "us-el-salvador-cmaa-signing-2024"
    assert {"government-of-the-united-states", "government-of-el-salvador", "cbp"} <= set(
        cmaa.parties.values_list("slug", flat=True)
    )
    assert [s.person.slug for s in cmaa.signatories.select_related("person")][:2] == ["troy-miller", "alexandra-hill"]
    assert set(mou.parties.values_list("slug", flat=True)) == {"cbp", "dgme"}
    assert set(mou.signatories.values_list("person__slug", flat=True)) == {"troy-miller", "ricardo-cucalon"}
    assert cites(cmaa, seed)
    assert cites(mou, seed)


def test_seed_article_training_program_and_visit_are_published_and_cite_it(dataset):
    seed = seed_source()
    program = TrainingProgram.objects.published().get(slug="cbp-training-at-ilea-san-salvador")
    visit = Event.objects.published().get(slug="miller-visit-el-salvador-2024")
    meetings = visit.children.published()

    assert program.host.slug == "ilea-san-salvador"
    assert cites(program, seed)
    assert visit.start == "2024-10"
    assert visit.country == "SV"
    assert set(SEED_PEOPLE) <= set(visit.participants.values_list("slug", flat=True))
    assert cites(visit, seed)
    assert meetings.count() == len([event for event in read("events") if event["parent"] == visit.slug]) >= 2
    assert meetings.filter(slug="miller-hill-duncan-meeting-2024").exists()
    assert all(cites(meeting, seed) for meeting in meetings)


def test_curator_edits_survive_a_reload_and_refresh_restores_the_files(own_dataset):
    agreement = Agreement.objects.get(slug="us-el-salvador-cmaa")
    file_title = agreement.title
    Agreement.objects.filter(pk=agreement.pk).update(title="Edited by a curator", publication_status="draft")
    agreement.party_rows.filter(organization__slug="cbp").delete()

    summary = load()

    agreement.refresh_from_db()
    assert agreement.title == "Edited by a curator"
    assert agreement.publication_status == PublicationStatus.DRAFT
    assert not agreement.parties.filter(slug="cbp").exists()
    assert summary["agreements"][2] == 0

    summary = load("--refresh")

    agreement.refresh_from_db()
    assert agreement.title == file_title
    assert agreement.parties.filter(slug="cbp").exists()
    # The files carry no publication status: a curator's decision to withdraw a record stands.
    assert agreement.publication_status == PublicationStatus.DRAFT
    assert summary["agreements"][2] == 1


def test_refresh_rewrites_a_persons_positions_from_the_file(own_dataset):
    miller = Person.objects.get(slug="troy-miller")
    count = miller.positions.count()
    extra = Position.objects.create(person=miller, organization=Organization.objects.get(slug="dhs"), title="Invented")
    miller.positions.filter(title="Deputy Commissioner").update(note="Edited by a curator")

    load()
    assert miller.positions.count() == count + 1

    summary = load("--refresh")

    assert miller.positions.count() == count
    assert not Position.objects.filter(pk=extra.pk).exists()
    assert miller.positions.get(title="Deputy Commissioner").note != "Edited by a curator"
    assert summary["positions"][2] == 1


def test_record_a_curator_deleted_is_created_again_with_its_relations(own_dataset):
    (record,) = [agreement for agreement in read("agreements") if agreement["slug"] == "us-el-salvador-cmaa"]
    Agreement.objects.get(slug="us-el-salvador-cmaa").delete()

    summary = load()

    agreement = Agreement.objects.published().get(slug="us-el-salvador-cmaa")
    assert summary["agreements"][0] == 1
    assert agreement.party_rows.count() == len(record["parties"])
    assert agreement.signatories.count() == len(record["signatories"])
    assert agreement.citations.count() == len(record["citations"])
    assert agreement.topics.count() == len(set(record["topics"]))


def test_relations_may_point_to_agreements_later_in_the_file(db, dataset_copy):
    agreements = read("agreements", dataset_copy)
    agreements[0]["relations"] = [{"kind": "succeeds", "agreement": agreements[-1]["slug"]}]
    write("agreements", agreements, dataset_copy)

    load(path=dataset_copy)

    relation = AgreementRelation.objects.get(source__slug=agreements[0]["slug"])
    assert (relation.source.slug, relation.kind, relation.target.slug) == (
        agreements[0]["slug"],
        "succeeds",
        agreements[-1]["slug"],
    )


@pytest.mark.parametrize("turn", ["first", "second"])
def test_a_change_to_the_shared_dataset_is_gone_by_the_next_test(dataset, turn):
    assert Agreement.objects.count() == len(read("agreements"))
    assert not Agreement.objects.filter(title="Changed by a test").exists()

    Agreement.objects.filter(slug="us-el-salvador-cmaa").update(title="Changed by a test")
    Agreement.objects.exclude(slug="us-el-salvador-cmaa").first().delete()

    assert Agreement.objects.count() == len(read("agreements")) - 1


def test_a_test_without_the_dataset_finds_none_of_it(db):
    assert all(not rows for rows in fingerprint().values())


def test_quiet_run_prints_nothing(db):
    out = io.StringIO()

    call_command("load_dataset", verbosity=0, stdout=out)

    assert out.getvalue() == ""
    assert Agreement.objects.exists()


def break_party(records):
    records[0]["parties"][0]["organization"] = "no-such-organization"


def break_event_date(records):
    records[0]["start"] = "2024-13"


def break_status(records):
    records[-1]["status"] = "ratified"


def break_kind(records):
    records[0]["kind"] = "club"


def break_relation(records):
    records[0]["relations"] = [{"kind": "amends", "agreement": "no-such-agreement"}]


@pytest.mark.parametrize(
    ("name", "breaks", "message"),
    [
        ("agreements", break_party, "agreements.json, record 1 (us-el-salvador-cmaa): party 1: organization: "),
        ("events", break_event_date, "events.json, record 1 (miller-visit-el-salvador-2024): start '2024-13': "),
        ("agreements", break_status, "status: Value 'ratified' is not a valid choice"),
        ("organizations", break_kind, "organizations.json, record 1 "),
        ("agreements", break_relation, "relation 1: agreement: no agreement 'no-such-agreement' in agreements.json"),
    ],
)
def test_broken_file_fails_with_a_clear_message_and_writes_nothing(db, dataset_copy, name, breaks, message):
    records = read(name, dataset_copy)
    breaks(records)
    write(name, records, dataset_copy)

    with pytest.raises(CommandError, match=re.escape(message)):
        load(path=dataset_copy)

    assert all(not rows for rows in fingerprint().values())


def test_broken_file_fails_on_a_loaded_database_and_leaves_it_as_it_was(own_dataset, dataset_copy):
    records = read("events", dataset_copy)
    break_event_date(records)
    write("events", records, dataset_copy)
    before = fingerprint()

    with pytest.raises(CommandError, match=re.escape("start '2024-13': Enter a date as YYYY-MM-DD")):
        load(path=dataset_copy)

    assert fingerprint() == before


def test_file_that_is_not_json_fails_with_the_place_of_the_error(db, dataset_copy):
    (dataset_copy / "topics.json").write_text('[{"slug": "security",}]', encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape("topics.json: not valid JSON: ") + ".*line 1, column 22"):
        load(path=dataset_copy)

    assert not Source.objects.exists()


def test_make_run_steps_give_a_working_site_with_a_curator_account(db, client):
    call_command("load_dataset", verbosity=0)
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)

    password = re.search(r"one-time password (\S+)", out.getvalue()).group(1)
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    signed_in = client.post("/admin/login/", {"username": "admin", "password": password, "next": "/admin/"})
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/").status_code == 200
