from collections import defaultdict

from django.views.generic import DetailView, TemplateView

from agreements.models import Agreement, Event, Topic, TrainingProgram
from portal.models import PublicationStatus

TOPIC_RECORD_MODELS = (Agreement, TrainingProgram, Event)


def published_topic_tree():
    """Published topics as a tree: (top-level topics, {id: topic}), each with `.subtopics`. Runs one query.

    A published subtopic of a draft topic stands at the top level, so that it stays reachable.
    """
    topics = list(Topic.objects.published())
    by_id = {topic.pk: topic for topic in topics}
    roots = []
    for topic in topics:
        topic.subtopics = []
    for topic in topics:
        parent = by_id.get(topic.parent_id)
        (parent.subtopics if parent else roots).append(topic)
    return roots, by_id


def subtree_ids(topic):
    """The ids of a topic of `published_topic_tree()` and of all its subtopics."""
    ids = [topic.pk]
    for child in topic.subtopics:
        ids.extend(subtree_ids(child))
    return ids


def count_topic_records(roots):
    """Set `.count` on every topic of the tree: its published agreements, programs and events, subtopics included.

    A record tagged with a topic and one of its subtopics counts once. Runs one query per record type.
    """
    tagged = defaultdict(set)
    for model in TOPIC_RECORD_MODELS:
        through = model.topics.through
        record_field = model._meta.model_name
        rows = through.objects.filter(
            **{f"{record_field}__publication_status": PublicationStatus.PUBLISHED},
            topic__publication_status=PublicationStatus.PUBLISHED,
        ).values_list("topic_id", f"{record_field}_id")
        for topic_id, record_id in rows:
            tagged[topic_id].add((record_field, record_id))

    def count(topic):
        records = set(tagged[topic.pk])
        for child in topic.subtopics:
            records |= count(child)
        topic.count = len(records)
        return records

    for root in roots:
        count(root)


class AgreementDetailView(DetailView):
    queryset = Agreement.objects.published()


class ProgramDetailView(DetailView):
    queryset = TrainingProgram.objects.published()


class EventDetailView(DetailView):
    queryset = Event.objects.published()


class TopicListView(TemplateView):
    template_name = "agreements/topic_list.html"

    def get_context_data(self, **kwargs):
        roots, _ = published_topic_tree()
        count_topic_records(roots)
        return super().get_context_data(topics=roots, **kwargs)


class TopicDetailView(DetailView):
    queryset = Topic.objects.published()
