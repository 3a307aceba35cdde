"""The API keeps the contract of its OpenAPI schema, checked by Schemathesis over every operation: no 5xx, only the
status codes, content types, headers and bodies the schema documents, every request the schema refuses refused
(400 or 404), and every request it allows answered.

The test runs against the repository's dataset. Which slugs exist is data, not schema: the test narrows each slug
parameter to the dataset's slugs, so that requests the schema allows find records (and answer 200 with bodies to
check), and the others are refused.
"""

import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from werkzeug.test import Client

pytestmark = pytest.mark.django_db

# The site as a WSGI server runs it (portal/wsgi.py without its production start check: the suite's database is the
# test database, not the file DATABASE_URL names).
application = get_wsgi_application()

# The filters that take slugs, by the dataset file of the records they name.
SLUG_FILTERS = {
    "topic": "topics",
    "party": "organizations",
    "host": "organizations",
    "instructor": "organizations",
    "organization": "organizations",
    "parent": "organizations",
    "signatory": "people",
    "participant": "people",
}


def dataset_slugs(kind):
    """The slugs of the records of one dataset file, all published once loaded."""
    records = json.loads((Path(settings.BASE_DIR) / "dataset" / f"{kind}.json").read_text())
    return sorted(record["slug"] for record in records)


def with_dataset_slugs(document):
    """The served schema with each slug parameter narrowed to the dataset's slugs (and, for a filter, empty)."""
    for path, operations in document["paths"].items():
        kind = path.split("/")[2]
        for parameter in operations["get"]["parameters"]:
            if parameter["in"] == "path" and parameter["name"] == "slug":
                parameter["schema"] = {"type": "string", "enum": dataset_slugs(kind)}
            elif parameter["in"] == "query" and parameter["name"] in SLUG_FILTERS:
                slugs = dataset_slugs(SLUG_FILTERS[parameter["name"]])
                parameter["schema"]["items"] = {"type": "string", "enum": [*slugs, ""]}
    return document


def served_schema():
    """The schema as /api/schema/ serves it, read without the database."""
    response = Client(application).get("/api/schema/?format=json")
    assert response.status_code == 200
    return with_dataset_slugs(response.json)


schema = schemathesis.openapi.from_dict(served_schema())


@pytest.fixture
def connection_kept_open():
    """Requests to the WSGI application keep the test's database connection, as Django's test client's do: at the
    end of a request Django closes old connections, and on PostgreSQL that would close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
# 40 requests an operation, drawn (Phase.generate) as valid or invalid by the schema; the schema's coverage phase
# would send every value of every enum, a thousand requests a list. The dataset is shared by every example (and
# rolled back after the test): the examples only read it.
@hypothesis_settings(
    max_examples=40,
    phases=[Phase.generate],
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_every_operation_keeps_the_contract_of_the_schema(case, dataset, connection_kept_open):
    case.call_and_validate(app=application)
