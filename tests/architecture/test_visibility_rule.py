"""What the public may see is written once: in the models' QuerySets (published(), public(), for_card(), for_detail(),
published_via(), public_or_none()) and the workflow service. Every other module and template asks them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ["portal", "alerts", "agreements", "people", "records"]
# Where the rule lives: the QuerySets (each app's models) and the publication workflow.
RULE_HOMES = {"records/services.py"}
# A query or a check on the publication status: a lookup through a relation, a filter on the field, a test of
# is_published to hide a related record.
STATUS_QUERY = re.compile(
    r"__publication_status|publication_status(__\w+)?\s*=\s*PublicationStatus\.|publication_status__in\s*=|\.is_published\b"
)
# The admin names the field in its list columns, list filters and changelist links (?publication_status__exact=…),
# and looks at the status of the record it edits (who may change it, where "View on site" leads).
ADMIN_NAMES = re.compile(r"publication_status__exact|\.is_published\b")


def _is_admin(path):
    return "admin" in path.parts or path.stem == "admin" or path.parent.name == "admin" or path.stem == "curation"


def status_queries(root=ROOT):
    """(file, line number, line) of every query on the publication status outside the rule's homes."""
    found = []
    files = [path for package in CODE for path in (root / package).rglob("*.py") if "migrations" not in path.parts]
    files += [path for path in (root / "templates").rglob("*.html") if "admin" not in path.parts]
    for path in files:
        relative = path.relative_to(root)
        if path.name == "models.py" or "models" in relative.parts or str(relative) in RULE_HOMES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if not STATUS_QUERY.search(line):
                continue
            if _is_admin(relative) and not STATUS_QUERY.search(ADMIN_NAMES.sub("", line)):
                continue
            found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_module_outside_the_querysets_and_the_workflow_queries_the_publication_status():
    assert status_queries() == []


def test_the_check_finds_hand_written_status_queries_and_spares_the_querysets(tmp_path):
    files = {
        "agreements/views.py": 'Agreement.objects.filter(topics__publication_status="published")\n',
        "people/exports.py": "Person.objects.filter(publication_status=PublicationStatus.PUBLISHED)\n",
        "portal/views.py": "host = program.host if program.host.is_published else None\n",
        "templates/includes/card.html": "{% if object.parent.is_published %}{% endif %}\n",
        "agreements/models.py": "return self.filter(publication_status=PublicationStatus.PUBLISHED)\n",
        "records/admin/base.py": 'url = changelist_url(model, publication_status__exact="published")\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "records").mkdir(exist_ok=True)

    found = status_queries(tmp_path)

    assert sorted(line.split(":")[0] for line in found) == [
        "agreements/views.py",
        "people/exports.py",
        "portal/views.py",
        "templates/includes/card.html",
    ]
