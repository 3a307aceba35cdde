"""Full-text search: one index entry per record, its texts folded, searched by an index on either database.

Each searchable record type names what search looks through in `search_fields` ({field: weight}, "A" for titles,
short names, acronyms and names, "B" for summaries, descriptions and biographies, "C" for places and audiences);
the titles of the sources it cites count as "C" too (a Spanish headline finds the agreement it reports), and its other
names (records.models.Alias: "Kattan", "ATS-G") as "A".
A text kept in each language (records/languages.py) is searched in every one of them, so that "acuerdo" and
"agreement" find the same record.

Its SearchEntry holds those texts folded (case and accents dropped, one space between words), so that "Kattan"
finds "Kattán" on both databases with no extension.

A word of a search matches a record when one of its forms — the word itself, its Spanish Snowball stem, its
English one (`forms`) — begins a word of the record's texts or a stem of one; every word of the search must match.
So a search finds the inflections of its words in either language ("aduanas", stem "aduan", finds "aduanera";
"acuerdos" finds "acuerdo", "agreements" "agreement", "trainings" "training") and still finds a word by its
beginning ("kat" finds "Kattán", "memorand" "memorandum"). Most stems begin their word, and finding them is
finding the word; the few that do not ("asistent", the Spanish stem of "asistencia") follow the entry's text
(`with_stems`: "asistencia mutua aduanera asistent"), so that "asistencias" and "asistente", whose stem is
"asistent" too, find "asistencia". Stemming the entry as well as the search is what keeps the two in step.

The stems come from the `snowballstemmer` package (pure Python, cached per word), on both databases: the entry is
the same on each, and `relevance` reads it the same way. SQLite searches the entries through an FTS5 table
(tokenizer unicode61), a search's words ANDed and each word's forms ORed as prefix queries
(`("asistent"* OR "asistencia"*) AND ("mutu"*)`). PostgreSQL searches a tsvector column with a GIN index: the
entry's texts parsed by the `simple`, `spanish` and `english` text search configurations with the same weights,
and each word of the search as a prefix query in each configuration, ORed, the words ANDed; its configurations
stem with the same Snowball algorithms. Both indexes are made by migration 0003 (see records/migrations);
migration 0005 added the stems to the entries written before them.

The index follows every save() and delete() of a record (signals, and the records' GenericRelation to their
entry), of a citation, of a source and of another name. bulk_create(), update() and raw SQL send no signals:
after them, run `manage.py rebuild_search_index`.
Search answers which records match; what the public may see stays the caller's `published()` QuerySet's.
"""

import operator
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache, reduce
from itertools import islice

import snowballstemmer
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import post_delete, post_save

from records import languages as text_languages

# The entry's column for each weight of `search_fields`, and how much a word found in it counts in the ranking.
COLUMNS = {"A": "names", "B": "texts", "C": "details"}
WEIGHTS = {"names": 10, "texts": 3, "details": 1}
# SQLite's FTS5 table over the entries (records/migrations/0003_search_index.py creates it with its triggers).
FTS_TABLE = "records_searchentry_fts"
# The languages whose stems are searched: Snowball's names, which are also PostgreSQL's text search configurations.
STEMMED_LANGUAGES = ("spanish", "english")
# Words of a search looked for; more are ignored (a search is cut at 200 characters before that).
MAX_TERMS = 10
BATCH_SIZE = 2000
WORD = re.compile(r"[^\W_]+")


def fold(text):
    """`text` in lower case without accents, its words separated by one space: "Kattán, D.G.M.E." → "kattan d g m e"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORD.findall(bare.casefold()))


def search_terms(q):
    """The folded words of a search, at most MAX_TERMS."""
    return fold(q).split()[:MAX_TERMS]


@lru_cache(maxsize=2**16)
def stems(word):
    """The Spanish and English stems of a folded word that differ from it: "asistencia" → ("asistent",).

    Cached, as the pure-Python stemmers take a fraction of a millisecond a word; a stemmer is made per call because
    one keeps its word while it works and threads must not share it.
    """
    found = (snowballstemmer.stemmer(language).stemWord(word) for language in STEMMED_LANGUAGES)
    return tuple(stem for stem in dict.fromkeys(found) if stem != word)


def forms(term):
    """The forms of a search's word that search looks for at the beginning of a record's words and stems: the word
    and its stems, less those that begin with another form, which finds all they would ("customs" → "custom")."""
    shortest_first = sorted((term, *stems(term)), key=len)
    kept = []
    for form in shortest_first:
        if not any(form.startswith(shorter) for shorter in kept):
            kept.append(form)
    return tuple(kept)


def with_stems(folded):
    """A folded text followed by the stems of its words that do not begin them ("asistencia" → "asistent").

    A stem that begins its word ("custom" of "customs") is left out: every form of a search is looked for at the
    beginning of a word, so whatever form finds the stem finds the word too, and the index stays small.
    """
    words = dict.fromkeys(folded.split())
    added = dict.fromkeys(stem for word in words for stem in stems(word) if not word.startswith(stem))
    return " ".join([folded, *(stem for stem in added if stem not in words)])


class SearchEntry(models.Model):
    """The folded texts of one record that search looks through, by weight, each followed by the stems of its
    words that do not begin them (`with_stems`). Written by this module only.

    On SQLite, triggers copy every change to the FTS5 table: a migration that rebuilds this table on SQLite
    (altering a column does) drops them and must create them again (see migration 0003).
    """

    # Any searchable record; the records' GenericRelation deletes their entry with them.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    names = models.TextField(blank=True)
    texts = models.TextField(blank=True)
    details = models.TextField(blank=True)
    # PostgreSQL only (its GIN index is made by migration 0003); always empty on SQLite, which uses FTS5.
    document = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["content_type", "object_id"]
        constraints = [
            # One entry per record; it also serves the join from a record to its entry.
            models.UniqueConstraint(fields=["content_type", "object_id"], name="records_searchentry_one_per_record"),
        ]

    def __str__(self):
        return self.names


class SearchIndex(models.Model):
    """SQLite only: the FTS5 table over SearchEntry, read through joins and never written by Django."""

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="index"
    )
    # Compared to an FTS5 query, the column named after the table runs the query on every column.
    query = models.TextField(db_column=FTS_TABLE)

    class Meta:
        managed = False
        db_table = FTS_TABLE

    def __str__(self):
        return str(self.entry_id)


# PostgreSQL's text search configurations that parse an entry's texts and a search's words: "simple" keeps the
# words as they are, the others stem them.
CONFIGS = ("simple", *STEMMED_LANGUAGES)


def weighted_document(column):
    """The weighted tsvector of an entry's texts, parsed by each of CONFIGS; `column(name)` is the expression of
    each text."""
    return reduce(
        operator.add,
        (
            SearchVector(column(name), weight=weight, config=config)
            for weight, name in COLUMNS.items()
            for config in CONFIGS
        ),
    )


def _postgresql_query(term):
    """The tsquery of one word of a search: its beginning as it is, or the beginning of its stem in either
    language (PostgreSQL stems it)."""
    return reduce(operator.or_, (SearchQuery(f"{term}:*", search_type="raw", config=config) for config in CONFIGS))


def matching_ids(model, terms):
    """The ids of the `model` records in which every term matches (a subquery): one of its forms begins a word or
    a stem of the record's texts.

    A subquery rather than a join, so that each database runs the full-text query once: joined to the records,
    SQLite would probe the FTS5 table once per record.
    """
    entries = SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if connection.vendor == "postgresql":
        entries = entries.filter(document=reduce(operator.and_, map(_postgresql_query, terms)))
    else:
        query = " AND ".join("(" + " OR ".join(f'"{form}"*' for form in forms(term)) + ")" for term in terms)
        entries = entries.filter(pk__in=SearchIndex.objects.filter(query=query).values("entry"))
    return entries.values("object_id")


def relevance(terms):
    """How well a record of matching_ids(terms) matches, the same on both databases: per term, the weight of
    each of the entry's texts in which one of its forms begins a word or a stem (names 10, texts 3, details 1)."""
    score = Value(0)
    for term in terms:
        for column, weight in WEIGHTS.items():
            begins_a_word = reduce(
                operator.or_,
                (
                    Q(**{f"search_entries__{column}__startswith": form})
                    | Q(**{f"search_entries__{column}__contains": f" {form}"})
                    for form in forms(term)
                ),
            )
            score += Case(When(begins_a_word, then=Value(weight)), default=Value(0))
    return score


def searchable_models():
    """Every concrete model that declares `search_fields`, whichever app declares it."""
    return [model for model in apps.get_models() if getattr(model, "search_fields", None)]


def _in_each_language(model, field):
    """The columns holding `field`: one per language for a text kept in each (title_en, title_es), else itself."""
    if field in text_languages.translated_fields(model):
        return [text_languages.column(field, language) for language in text_languages.languages()]
    return [field]


def _texts(record, source_titles, aliases):
    """The record's folded texts and their stems by entry column, its texts kept in each language in all of them."""
    texts = {column: [] for column in COLUMNS.values()}
    for field, weight in record.search_fields.items():
        values = dict.fromkeys(getattr(record, name) or "" for name in _in_each_language(type(record), field))
        texts[COLUMNS[weight]].extend(values)
    texts[COLUMNS["A"]].extend(aliases)
    texts[COLUMNS["C"]].extend(source_titles)
    return {column: with_stems(fold(" ".join(values))) for column, values in texts.items()}


def index_record(record):
    """Write the entry of one record. Runs four queries."""
    texts = _texts(
        record, record.citations.values_list("source__title", flat=True), record.aliases.values_list("name", flat=True)
    )
    if connection.vendor == "postgresql":
        texts["document"] = weighted_document(lambda name: Value(texts[name]))
    SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, defaults=texts
    )


def rebuild_index():
    """Write every searchable record's entry afresh, in one transaction; safe to run at any time."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for model in searchable_models():
            content_type = ContentType.objects.get_for_model(model)
            searched = [name for field in model.search_fields for name in _in_each_language(model, field)]
            records = model.objects.order_by().only(*searched).iterator(chunk_size=BATCH_SIZE)
            while batch := list(islice(records, BATCH_SIZE)):
                ids = [record.pk for record in batch]
                titles, aliases = _source_titles(content_type, ids), _alias_names(content_type, ids)
                SearchEntry.objects.bulk_create(
                    SearchEntry(
                        content_type=content_type,
                        object_id=record.pk,
                        **_texts(record, titles[record.pk], aliases[record.pk]),
                    )
                    for record in batch
                )
        if connection.vendor == "postgresql":
            SearchEntry.objects.update(document=weighted_document(F))
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
    return SearchEntry.objects.count()


def _source_titles(content_type, ids):
    """{record id: titles of the sources it cites} for records of one type. Runs one query."""
    titles = defaultdict(list)
    citations = apps.get_model("records", "Citation").objects.filter(content_type=content_type, object_id__in=ids)
    for object_id, title in citations.values_list("object_id", "source__title"):
        titles[object_id].append(title)
    return titles


def _alias_names(content_type, ids):
    """{record id: its other names} for records of one type. Runs one query."""
    names = defaultdict(list)
    aliases = apps.get_model("records", "Alias").objects.filter(content_type=content_type, object_id__in=ids)
    for object_id, name in aliases.values_list("object_id", "name"):
        names[object_id].append(name)
    return names


def _index_if_searchable(record):
    if record is not None and getattr(record, "search_fields", None):
        index_record(record)


def _record_saved(sender, instance, update_fields=None, **kwargs):
    searched = {name for field in sender.search_fields for name in _in_each_language(sender, field)}
    if update_fields is None or set(update_fields) & (searched | set(sender.search_fields)):
        index_record(instance)


def _row_changed(sender, instance, **kwargs):
    """A citation or another name of a record, saved or deleted."""
    _index_if_searchable(instance.record)


def _source_saved(sender, instance, **kwargs):
    for citation in instance.citations.prefetch_related("record"):
        _index_if_searchable(citation.record)


def connect_signals():
    """Keep each record's entry in step with the saves of the record, its citations and their sources, and its
    other names; deleting a record deletes its entry (GenericRelation)."""
    for model in searchable_models():
        post_save.connect(_record_saved, sender=model, dispatch_uid=f"search-index-{model._meta.label_lower}")
    citation, source = apps.get_model("records", "Citation"), apps.get_model("records", "Source")
    post_save.connect(_row_changed, sender=citation, dispatch_uid="search-index-citation-saved")
    post_delete.connect(_row_changed, sender=citation, dispatch_uid="search-index-citation-deleted")
    alias = apps.get_model("records", "Alias")
    post_save.connect(_row_changed, sender=alias, dispatch_uid="search-index-alias-saved")
    post_delete.connect(_row_changed, sender=alias, dispatch_uid="search-index-alias-deleted")
    post_save.connect(_source_saved, sender=source, dispatch_uid="search-index-source")
