"""export_archive: the door to articles/research/export.py's ArchiveExport, which writes the files."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.research.export import ArchiveExport


def day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since must be a day, YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Write every article of the archive (samples never) as gzipped JSON Lines, a file per year, "
        "and a manifest of them; with --since, only the articles changed since that day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="the folder (PORTAL_EXPORT_DIR, which /data/ serves)")
        parser.add_argument("--since", type=day, help="only the articles changed since this day (YYYY-MM-DD)")
        parser.add_argument("--base-url", help="what the articles' URLs begin with (PORTAL_SITE_URL)")

    def handle(self, *args, out, since, base_url, verbosity, **options):
        export = ArchiveExport(out, since=since, base_url=base_url)

        def report(written):
            if verbosity:
                self.stdout.write(f"{written.name}: {written.articles:,} articles, {written.bytes:,} bytes")

        try:
            manifest = export.run(report)
        except OSError as error:
            raise CommandError(f"{error.filename or export.folder}: {error.strerror}") from None
        if verbosity:
            self.stdout.write(f"{export.folder / 'manifest.json'}: {manifest['articles']:,} articles in all")
