"""The words the search engine's segmenter must keep whole: places and reporters' names.

zhsearch asks for them through settings.ZHSEARCH_VOCABULARY (see zhsearch/README.md).
"""

from .models import Person
from .parsing import default_gazetteer


def vocabulary(since):
    """The gazetteer's places and every reporter's name at first, then the names imported after `since`."""
    words = default_gazetteer().words() if since is None else []
    names = list(Person.objects.filter(pk__gt=since or 0).order_by("pk").values_list("pk", "name"))
    return [*words, *(name for _, name in names)], names[-1][0] if names else since or 0
