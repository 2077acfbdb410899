from haystack.exceptions import SearchBackendError


class SearchIndexUnavailable(SearchBackendError):
    """The index file is missing, damaged or built for other fields: rebuild it."""

    def __init__(self, reason):
        super().__init__(f"{reason}; run `python manage.py rebuild_index --noinput` to build it")
        self.reason = reason


class QuerySyntaxError(ValueError):
    """A query string that is not of the query language (query.py)."""
