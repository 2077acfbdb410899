from haystack.exceptions import SearchBackendError


class SearchIndexUnavailable(SearchBackendError):
    """The index file is missing, damaged or built for other fields: rebuild it.

    `reason` says what is wrong and names no file nor host: anyone may read it
    (a search page, a health check); the message adds what an operator should do.
    """

    def __init__(self, reason, message=None):
        super().__init__(message or f"{reason}; run `python manage.py rebuild_index --noinput` to build it")
        self.reason = reason


class SearchNodeUnavailable(SearchIndexUnavailable):
    """The search node does not answer (down, hung, out of reach): nothing to rebuild, the node to see to.

    The message names the node (without any password in its URL), for operators.
    """

    def __init__(self, reason, node):
        super().__init__(reason, f"{reason}: {node}")


class QuerySyntaxError(ValueError):
    """A query string that is not of the query language (query.py)."""
