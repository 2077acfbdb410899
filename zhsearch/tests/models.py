from django.db import models


class Note(models.Model):
    """A dated note with a title and tags: the least a test of the engine needs, of no domain of its own."""

    title = models.CharField(max_length=100)
    body = models.TextField()
    date = models.DateField(null=True)
    kind = models.CharField(max_length=20, default="note")
    tags = models.JSONField(default=list)

    def __str__(self):
        return self.title


class Word(models.Model):
    """A word the segmenter must keep whole, handed to it by the vocabulary hook."""

    text = models.CharField(max_length=20)

    def __str__(self):
        return self.text


def vocabulary(since):
    """The test project's ZHSEARCH_VOCABULARY: the words added after the pk `since`."""
    rows = list(Word.objects.filter(pk__gt=since or 0).order_by("pk").values_list("pk", "text"))
    return [text for _, text in rows], rows[-1][0] if rows else since or 0
