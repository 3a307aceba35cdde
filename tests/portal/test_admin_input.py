"""Input the database refuses, given to the curation admin by a signed-in curator: a NUL byte (PostgreSQL refuses
it in text), a lone surrogate (not UTF-8), a number past 64 bits, in the search and every filter of every change
list, every autocomplete and every change page's address. None may answer a server error; a NUL answers 400."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.db import DatabaseError, transaction
from django.urls import reverse

from agreements.models import Agreement

pytestmark = pytest.mark.django_db

NUL, SURROGATE, HUGE = "a%00b", "%ED%A0%80", "9" * 30


def problem(client, url):
    """What is wrong with the admin's answer to `url`: a server error, or the database refusing the query; None if
    nothing. In a savepoint, so that a failed query on PostgreSQL fails that request alone."""
    try:
        with transaction.atomic():
            status = client.get(url).status_code
    except DatabaseError as error:
        return f"{url}: {type(error).__name__}: {str(error).strip()[:100]}"
    return f"{url}: {status}" if status >= 500 else None


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def filter_parameters(client, model):
    """The query parameters of the change list's filters, as the change list itself names them."""
    response = client.get(changelist(model))
    assert response.status_code == 200, changelist(model)
    return sorted({name for spec in response.context["cl"].filter_specs for name in spec.expected_parameters()})


def test_no_search_filter_or_address_of_the_admin_answers_a_server_error(staff_client):
    urls = []
    for model, model_admin in admin.site._registry.items():
        url = changelist(model)
        names = filter_parameters(staff_client, model) + ([SEARCH_VAR] if model_admin.search_fields else [])
        urls += [f"{url}?{name}={value}" for name in [*names, "p", "o"] for value in (NUL, HUGE)]
        urls += [f"{url}?{SEARCH_VAR}={SURROGATE}"]
        urls += [f"{url}{value}/change/" for value in (NUL, SURROGATE, HUGE)]
    problems = [found for url in urls if (found := problem(staff_client, url))]
    assert not problems, "\n".join(problems)


def test_a_nul_byte_in_the_admins_query_string_answers_400(staff_client):
    agreements = changelist(Agreement)
    autocomplete = f"{reverse('admin:autocomplete')}?app_label=people&model_name=position&field_name=person"
    for url in [f"{agreements}?q=cus%00toms", f"{agreements}?status__exact=%00", f"{autocomplete}&term=%00"]:
        assert staff_client.get(url).status_code == 400, url
    assert staff_client.get(f"{autocomplete}&term=customs").status_code == 200


def test_no_autocomplete_term_answers_a_server_error(staff_client):
    urls = [
        f"{reverse('admin:autocomplete')}?app_label={model._meta.app_label}&model_name={model._meta.model_name}"
        f"&field_name={field}&term={value}"
        for model, model_admin in admin.site._registry.items()
        for field in model_admin.autocomplete_fields
        for value in (NUL, SURROGATE, HUGE)
    ]
    assert urls
    problems = [found for url in urls if (found := problem(staff_client, url))]
    assert not problems, "\n".join(problems)
