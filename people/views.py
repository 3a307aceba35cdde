from django.views.generic import DetailView

from people.models import Organization, Person


class PersonDetailView(DetailView):
    queryset = Person.objects.published()


class OrganizationDetailView(DetailView):
    queryset = Organization.objects.published()
