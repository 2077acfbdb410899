from haystack import indexes

from .models import Note, Word


class NoteIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, model_attr="body")
    title = indexes.CharField(model_attr="title", boost=4)
    date = indexes.DateField(model_attr="date", null=True)
    kind = indexes.CharField(model_attr="kind", faceted=True)
    tags = indexes.MultiValueField(model_attr="tags", faceted=True)

    def get_model(self):
        return Note


class WordIndex(indexes.SearchIndex, indexes.Indexable):
    """A second model in the index: clearing one model leaves the other's documents."""

    text = indexes.CharField(document=True, model_attr="text")

    def get_model(self):
        return Word
