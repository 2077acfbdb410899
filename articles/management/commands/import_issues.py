import datetime
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importer import ImportRefused, import_file

PROGRESS_FROM = 20  # files; fewer import too fast for a bar to help


def issue_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Import the paper's text dumps (files or directories of *.txt), one issue per file."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="parse only, write nothing")
        parser.add_argument("--json", action="store_true", help="with --dry-run, print the parse")
        parser.add_argument("--date", type=issue_date, help="the issue date when a file prints none")

    def handle(self, *paths, **options):
        if options["json"] and not options["dry_run"]:
            raise CommandError("--json goes with --dry-run")
        files = self.collect(options["paths"])
        refused, results, parses = [], [], []
        show_bar = len(files) >= PROGRESS_FROM and options["verbosity"] > 0
        bar = tqdm(files, unit="file", disable=not show_bar, file=sys.stderr)
        for path in bar:
            try:
                result = import_file(path, date=options["date"], dry_run=options["dry_run"])
            except ImportRefused as error:
                refused.append(path)
                self.stderr.write(f"refused {path}: {error}")
                continue
            if options["json"]:
                parses.append(result.parsed.as_json(path.name))
            elif options["verbosity"] > 0:
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stdout.write(self.describe(result))
            # Keep the tally, not the whole parse: a long run would hold every issue in memory.
            result.parsed = None
            results.append(result)
        if options["json"]:
            self.stdout.write(json.dumps(parses, ensure_ascii=False, indent=1))
        elif options["verbosity"] > 0:
            self.stdout.write(self.summary(results, refused))
        if refused:
            raise CommandError(f"{len(refused)} of {len(files)} files were refused")

    def collect(self, paths):
        files = []
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or directory")
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".txt" and p.is_file())
                if not found:
                    raise CommandError(f"{path}: the directory holds no .txt files")
                files.extend(found)
            else:
                files.append(path)
        return list(dict.fromkeys(files))

    def describe(self, result):
        parsed = result.parsed
        label = f"{parsed.date:%Y-%m-%d}"
        if parsed.number:
            label += f" 第{parsed.number}期"
        if parsed.date_source == "inferred":
            label += " (date inferred from the text, to be confirmed)"
        counts = f"{result.pages} pages, {result.articles} articles"
        if result.status == "updated":
            counts += f" ({result.created} new, {result.updated} updated, {result.removed} removed)"
        line = f"{result.status} {result.path.name}: {label}, {counts}"
        if result.status == "unchanged":
            line = f"unchanged {result.path.name}: {label}, already imported"
        for kept in result.kept:
            line += f"\n  kept an editor's correction: {kept}"
        return line

    def summary(self, results, refused):
        tally = {}
        for result in results:
            tally[result.status] = tally.get(result.status, 0) + 1
        parts = [f"{n} {status}" for status, n in sorted(tally.items())]
        if refused:
            parts.append(f"{len(refused)} refused")
        articles = sum(r.articles for r in results if r.status in ("created", "updated", "parsed"))
        return f"{len(results) + len(refused)} files: {', '.join(parts) or 'none'}; {articles} articles"
