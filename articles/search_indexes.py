"""What the search index holds of an article.

The document field (`text`, prepare_text) holds the printed text a reader
may search but the title block and the bylines: column, body, the author's
description (作者为……) and captions, as printed, so a snippet cut from it
shows only what the paper printed. The bylines (role/name) are a field of
their own, searched as text but never cut into a snippet: a reporter's
name finds their articles. An article whose text an editor corrected (本文已更正)
is searched by the corrected text in these fields and by the printed one in
`printed`, a text field of its own, so either finds it. The title block (kicker, headline, subtitle) is
three fields of their own with one weight, so that a match in any of them
ranks as a title match (their `boost` is their BM25 weight in the FTS5
backend, whose title tables hold the fields of the top weight, and of the
OpenSearch one). Districts,
section, date and kind are filters and facets, not text: a query finds what
the article prints. Everything a result page shows is stored, so results
never touch the database.
"""

from django.db.models import Prefetch, prefetch_related_objects
from haystack import indexes

from .models import Article, Byline, Caption

# What an article's document holds of its bylines, captions and districts, in print order.
RELATED_LISTS = (
    Prefetch("bylines", Byline.objects.select_related("person").order_by("position"), to_attr="byline_list"),
    Prefetch("captions", Caption.objects.order_by("position"), to_attr="caption_list"),
    Prefetch("districts", to_attr="district_list"),
)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    bylines = indexes.CharField()
    headline = indexes.CharField(model_attr="headline", boost=8)
    date = indexes.DateField(model_attr="page__issue__date")
    section = indexes.CharField(model_attr="page__section__name", null=True, faceted=True)
    districts = indexes.MultiValueField(faceted=True)
    reporters = indexes.MultiValueField(faceted=True)
    kind = indexes.CharField(model_attr="kind", faceted=True)
    kicker = indexes.CharField(model_attr="kicker", boost=8)
    subtitle = indexes.CharField(model_attr="subtitle", boost=8)
    page = indexes.IntegerField(model_attr="page__number", indexed=False)
    url = indexes.CharField(indexed=False)
    # What the paper printed of the text fields corrected since (本文已更正), so the printed words
    # still find the article; searched as text, never cut into a snippet or shown.
    printed = indexes.CharField()
    # A result from a sample issue (样刊, searched only while no real issue exists) says so.
    sample = indexes.BooleanField(model_attr="page__issue__is_sample", indexed=False, default=False)

    def get_model(self):
        return Article

    @staticmethod
    def as_written(article, *, bylines, captions, districts):
        """The hook for a writer that has just stored an article and its related rows (the importer's
        bulk writes): the index takes them as they are, and reads nothing back.

        They are the lists `index_queryset` prefetches (RELATED_LISTS), in the
        order it gives them. Returns the article, ready to hand to changes.changed as `written`.
        """
        article.byline_list = sorted(bylines, key=lambda byline: byline.position)
        article.caption_list = sorted(captions, key=lambda caption: caption.position)
        article.district_list = sorted(districts, key=lambda district: (district.position, district.name))
        return article

    def index_queryset(self, using=None):
        """The articles to index, each with the lists the prepare methods read (RELATED_LISTS)."""
        # Sample issues (样刊) are searched only while the archive has no real issue.
        return (
            Article.objects.public()
            .select_related("page__issue", "page__section")
            .prefetch_related(*RELATED_LISTS)
        )

    def prepare(self, article):
        if not hasattr(article, "byline_list"):  # handed over alone: its lists are read now
            prefetch_related_objects([article], *RELATED_LISTS)
        return super().prepare(article)

    def prepare_text(self, article):
        # Joined here rather than rendered from a template: an import prepares thousands a minute.
        notes = [f"（{note}）" for note in article.author_notes(article.byline_list)]
        captions = [f"{caption.text} {caption.credit}" for caption in article.caption_list]
        return "\n".join([article.column, article.body, *notes, *captions])

    def prepare_printed(self, article):
        """What was printed in place of a correction. The body's paragraphs only where the article
        still has a paragraph to correct: a split moves its tail to another article, whose own entry
        finds it, and a merge or a join keeps every printed word in the body."""
        values = []
        for name, value in article.printed_texts().items():
            if name == "body":
                now = article.paragraphs
                printed = [p for p in value.split("\n") if p.strip()]
                values += [p for n, p in enumerate(printed) if n < len(now) and p != now[n]]
            elif name == "captions":
                now = [[caption.text, caption.credit] for caption in article.caption_list]
                values += [f"{text} {credit}" for text, credit in value if [text, credit] not in now]
            else:
                values.append(value)
        return "\n".join(values)

    def prepare_bylines(self, article):
        # As the paper prints them under a title (全媒体记者/刘毅): a search for what the page shows finds it.
        return " ".join(f"{byline.role}/{byline.person.name}" for byline in article.byline_list)

    def prepare_districts(self, article):
        return [district.name for district in article.district_list]

    def prepare_reporters(self, article):
        return list(dict.fromkeys(byline.person.name for byline in article.byline_list))

    def prepare_url(self, article):
        return article.get_absolute_url()
