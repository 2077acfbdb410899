from haystack import indexes

from .models import Note


class NoteIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, model_attr="body")
    title = indexes.CharField(model_attr="title", boost=4)
    date = indexes.DateField(model_attr="date", null=True)
    kind = indexes.CharField(model_attr="kind", faceted=True)
    tags = indexes.MultiValueField(model_attr="tags", faceted=True)

    def get_model(self):
        return Note
