"""rebuild_index that never shows readers a partial index.

haystack's own empties the index and fills it again, so searches meanwhile
find a part of the archive, and it cannot open a damaged file to empty it.
Here the FTS5 index is built whole in a new file beside the old one and
swapped in at once (store.IndexFile.replace_with), and OpenSearch's beside
the old one too; other engines' backends rebuild as haystack does. A rebuild
that fails leaves the old index serving and says why in one line (and what
it could not clean up).
"""

from django.core.management import CommandError
from haystack import connections
from haystack.exceptions import SearchBackendError
from haystack.management.commands import rebuild_index

from articles.indexing import catch_up, issue_stamps
from articles.models import Article, Issue
from zhsearch.base import SearchBackend

BATCH = 1000


class Command(rebuild_index.Command):
    def handle(self, **options):
        aliases = options["using"] or list(connections.connections_info)
        backends = {using: connections[using].get_backend() for using in aliases}
        if not all(isinstance(backend, SearchBackend) for backend in backends.values()):
            return super().handle(**options)
        question = "Build a new search index from the database and swap it in? [y/N] "
        if options["interactive"] and input(question).strip().lower() != "y":
            self.stdout.write("No changes were made.")
            return
        size = options.get("batchsize") or BATCH
        # Read before the articles: an issue changed while the new file is built shows as stale after it.
        stamps = issue_stamps(Issue.objects.all())
        for using, backend in backends.items():
            index = connections[using].get_unified_index().get_index(Article)
            counted = []
            try:
                backend.rebuild(index, counting(batches(index.index_queryset(using=using), size), counted))
            except SearchBackendError as error:
                reasons = "; ".join([str(error), *getattr(error, "__notes__", [])])
                raise CommandError(
                    f"{using}: nothing was swapped in, searches read the index they read before: {reasons}"
                ) from error
            backend.set_stamps("issue", stamps)
            if options["verbosity"] > 0:
                self.stdout.write(f"{using}: {sum(counted)} articles indexed anew, swapped in")
        # What was imported or edited while the new file was being built.
        catch_up()


def batches(queryset, size):
    """The queryset in lists of `size`, by primary key: no OFFSET to walk past at every batch."""
    last = 0
    while batch := list(queryset.filter(pk__gt=last).order_by("pk")[:size]):
        yield batch
        last = batch[-1].pk


def counting(lists, counted):
    for items in lists:
        counted.append(len(items))
        yield items
