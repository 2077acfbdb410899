"""import_issues: the door to articles/importer.py's Importer, which does the work and says what it did."""

import datetime
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from articles.importer import Importer, ImportRefused, SamplesDeclined
from articles.management.language import InOperatorLanguage

PROGRESS_FROM = 20  # files; fewer import too fast for a bar to help


def issue_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


class Command(InOperatorLanguage, BaseCommand):
    help = "Import the paper's text dumps (files or directories of *.txt), one issue per file."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="parse only, write nothing")
        parser.add_argument("--json", action="store_true", help="with --dry-run, print the parse")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="with --dry-run, print each line of the files with what the parser took it for",
        )
        parser.add_argument("--date", type=issue_date, help="the issue date when a file prints none")
        parser.add_argument(
            "--force",
            action="store_true",
            help="parse and store files again even when unchanged (a new parser)",
        )
        parser.add_argument(
            "--samples",
            action="store_true",
            help="the files are fictional sample issues (样刊): marked as such, loaded only into an empty archive",
        )

    def handle(self, *args, paths, dry_run, explain, verbosity, **options):
        if options["json"] and not dry_run:
            raise CommandError(_("--json goes with --dry-run"))
        if explain and not dry_run:
            raise CommandError(_("--explain goes with --dry-run"))
        importer = Importer(
            date=options["date"],
            dry_run=dry_run,
            force=options["force"],
            samples=options["samples"],
            explain=explain,
            traceback=options["traceback"],
        )
        parses = []
        try:
            files = importer.collect(paths)
            for notice in importer.prepare():
                self.stderr.write(notice)
            shown = verbosity > 0 and len(files) >= PROGRESS_FROM
            for outcome in tqdm(
                importer.run(files), total=len(files), unit="file", file=sys.stderr, disable=not shown
            ):
                with tqdm.external_write_mode(file=sys.stderr):
                    if outcome.refused:
                        self.stderr.write(outcome.describe())
                    elif options["json"]:
                        parses.append(outcome.as_json())
                    elif verbosity > 0 or explain:
                        self.stdout.write(outcome.describe())
        except SamplesDeclined as declined:
            self.stdout.write(self.style.WARNING(str(declined)))
            return
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(parses, ensure_ascii=False, indent=1))
        elif verbosity > 0 and not explain:
            self.stdout.write(importer.summary())
        if importer.refused:
            raise CommandError(importer.refusals())
