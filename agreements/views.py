from django.views.generic import DetailView

from agreements.models import Agreement, Event, Topic, TrainingProgram


class AgreementDetailView(DetailView):
    queryset = Agreement.objects.published()


class ProgramDetailView(DetailView):
    queryset = TrainingProgram.objects.published()


class EventDetailView(DetailView):
    queryset = Event.objects.published()


class TopicDetailView(DetailView):
    queryset = Topic.objects.published()
