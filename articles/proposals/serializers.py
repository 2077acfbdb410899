"""The public record's pages as JSON (?format=json), as articles/serializers.py gives the others."""

from ..serializers import url


def diff(parts):
    return [{"kind": kind, "text": text} for kind, text in parts]


def corrections(request, context):
    article = context["article"]
    return {
        "article": url(request, article),
        "corrected": article.is_corrected,
        "corrections_by_readers": context["by_readers"],
        "against_print": [{"field": label, "diff": diff(parts)} for label, parts in context["against_print"]],
        "history": [
            {
                "date": entry.when.isoformat(),
                "by_reader": entry.by_reader,
                "changes": [{"field": label, "diff": diff(parts)} for label, parts in entry.changes],
            }
            for entry in context["history"]
        ],
    }


def printed(request, context):
    layer = context["printed"]
    return {
        "article": url(request, context["article"]),
        "kicker": layer["kicker"],
        "headline": layer["headline"],
        "subtitle": layer["subtitle"],
        "column": layer["column"],
        "paragraphs": context["paragraphs"],
        "captions": [{"text": text, "credit": credit} for text, credit in layer["captions"]],
        "author_note": layer["author_note"],
    }
