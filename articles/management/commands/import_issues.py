import datetime
import json
import sys
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import unquote

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from tqdm import tqdm

from articles.importer import ImportRefused, explain_issue_file, import_file, require_writable_database
from articles.indexing import catch_up, pipelined, require_index
from articles.management.language import InOperatorLanguage
from articles.models import Issue
from zhsearch.exceptions import SearchIndexUnavailable

PROGRESS_FROM = 20  # files; fewer import too fast for a bar to help
STATUS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "parsed": gettext_lazy("parsed"),
}


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
        parser.add_argument("--date", type=issue_date, help="the issue date when a file prints none")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="with --dry-run, print each line of the files with what the parser took it for",
        )
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

    def handle(self, *paths, **options):
        if options["json"] and not options["dry_run"]:
            raise CommandError(_("--json goes with --dry-run"))
        files = self.collect(options["paths"])
        if options["explain"]:
            if not options["dry_run"]:
                raise CommandError(_("--explain goes with --dry-run"))
            return self.explain(files, options["date"])
        if options["samples"] and not options["dry_run"] and Issue.objects.filter(is_sample=False).exists():
            # Fictional issues never mix with a real archive.
            self.stdout.write(
                self.style.WARNING(_("The archive holds real issues: sample issues are not loaded."))
            )
            return
        if not options["dry_run"]:
            try:
                require_writable_database()
            except ImportRefused as error:
                raise CommandError(str(error)) from None
            self.sync_index(report=True)
        refused, results, parses = [], [], []
        show_bar = len(files) >= PROGRESS_FROM and options["verbosity"] > 0
        bar = tqdm(files, unit="file", disable=not show_bar, file=sys.stderr)
        # A dry run writes nothing; a real one indexes each file while the next is read (indexing.pipelined).
        with nullcontext() if options["dry_run"] else pipelined():
            for path in bar:
                result = self.import_one(path, files[path], options, refused)
                if result is None:
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
        if not options["dry_run"]:
            self.sync_index(report=False)  # what a failed indexing after a commit left out
        if refused:
            message = ngettext(
                "%(refused)d of %(count)d file was refused",
                "%(refused)d of %(count)d files were refused",
                len(files),
            )
            raise CommandError(message % {"refused": len(refused), "count": len(files)})

    def import_one(self, path, name, options, refused):
        """One file imported, or None when it is refused (and said so)."""
        try:
            result = import_file(
                path,
                date=options["date"],
                dry_run=options["dry_run"],
                source_name=name,
                force=options["force"],
                sample=options["samples"],
            )
        except ImportRefused as error:
            refused.append(path)
            self.stderr.write(_("refused %(path)s: %(reason)s") % {"path": path, "reason": error})
            return None
        except Exception as error:  # a bug meets this file: refuse it, go on with the next
            if options["traceback"]:
                raise
            refused.append(path)
            reason = " ".join(str(error).split())
            reason = _("it could not be read (%(error)s: %(reason)s)") % {
                "error": type(error).__name__,
                "reason": reason,
            }
            self.stderr.write(_("refused %(path)s: %(reason)s") % {"path": path, "reason": reason})
            return None
        return result

    def explain(self, files, date):
        """Print each file's lines, a blank line where the dump has one, with what each was taken for."""
        refused = 0
        for path, name in files.items():
            try:
                lines = explain_issue_file(path, date, name)
            except ImportRefused as error:
                refused += 1
                self.stderr.write(_("refused %(path)s: %(reason)s") % {"path": path, "reason": error})
                continue
            self.stdout.write(f"== {name}")
            for line in lines:
                self.stdout.write(
                    "\n" * min(line.gap, 2), ending=""
                )  # two blank lines set a title block apart
                taken = f"  → {line.taken}" if line.taken else ""
                self.stdout.write(f"{line.role:>12} | {line.text}{taken}")
        if refused:
            message = ngettext(
                "%(refused)d of %(count)d file was refused",
                "%(refused)d of %(count)d files were refused",
                len(files),
            )
            raise CommandError(message % {"refused": refused, "count": len(files)})

    def sync_index(self, report):
        """Before the run the index must be there; before and after, it catches up with the database."""
        try:
            require_index()
            caught_up = catch_up()
        except SearchIndexUnavailable as error:
            raise CommandError(str(error)) from None
        if caught_up and report:
            self.stderr.write(
                _("the search index was behind the database: %(count)d articles indexed again")
                % {"count": caught_up}
            )

    def collect(self, paths):
        """{file: its path relative to the folder named (its name, when named itself)}."""
        files = {}
        for path in paths:
            if not path.exists():
                raise CommandError(_("%(path)s: no such file or directory") % {"path": path})
            if path.is_dir():
                # Not only regular files: a pipe or a device named *.txt is refused by name, never read.
                found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".txt" and not p.is_dir())
                if not found:
                    raise CommandError(_("%(path)s: the directory holds no .txt files") % {"path": path})
                for file in found:
                    files.setdefault(file, file.relative_to(path).as_posix())
            else:
                files.setdefault(path, path.name)
        return files

    def describe(self, result):
        parsed = result.parsed
        label = f"{parsed.date:%Y-%m-%d}"
        if parsed.number:
            label += " " + _("no. %(number)d") % {"number": parsed.number}
        if parsed.date_source == "inferred":
            label += " " + _("(date inferred from the text, to be confirmed)")
        facts = {"status": STATUS[result.status], "name": result.source_name, "label": label}
        if result.status == "unchanged":
            return _("%(status)s %(name)s: %(label)s, already imported") % facts
        counts = [
            ngettext("%(count)d page", "%(count)d pages", result.pages) % {"count": result.pages},
            ngettext("%(count)d article", "%(count)d articles", result.articles) % {"count": result.articles},
        ]
        if result.doubtful:
            counts.append(
                ngettext(
                    "%(count)d to check for where it starts or ends",
                    "%(count)d to check for where they start or end",
                    result.doubtful,
                )
                % {"count": result.doubtful}
            )
        facts["counts"] = _(", ").join(counts)
        if result.status == "updated":
            changes = _("%(created)d new, %(changed)d changed, %(removed)d removed") % {
                "created": result.created,
                "changed": result.changed,
                "removed": result.removed,
            }
            facts["counts"] = _("%(counts)s (%(changes)s)") % {"counts": facts["counts"], "changes": changes}
        lines = [_("%(status)s %(name)s: %(label)s, %(counts)s") % facts]
        if result.status == "updated":
            lines += ["  " + self.story(change) for change in result.stories]
            lines += self.forgotten(result)
        lines += ["  " + self.difference(d) for d in result.differ]
        return "\n".join(lines)

    def story(self, change):
        """One line per story added, removed, merged, retitled or moved: its headline and the URLs that changed."""
        facts = {
            "headline": change.headline,
            "url": change.url,
            "other": change.other_headline,
            "other_url": change.other_url,
        }
        if change.kind == "added":
            return _("added 《%(headline)s》 %(url)s") % facts
        if change.kind == "restored":
            return _("restored 《%(headline)s》 at its former URL %(url)s") % facts
        if change.kind == "removed":
            return _("removed 《%(headline)s》: %(url)s answers 410 Gone") % facts
        if change.kind == "merged":
            return _("merged 《%(headline)s》 into 《%(other)s》: %(url)s → %(other_url)s") % facts
        if change.kind == "retitled":
            return _("《%(headline)s》 is now 《%(other)s》: %(url)s (its URL kept)") % facts
        return _("moved 《%(headline)s》 to another page: %(url)s → %(other_url)s") % facts

    def forgotten(self, result):
        """People and sections no article or page names any more (an earlier parser's misreadings)."""
        lines = []
        if result.people_removed:
            lines.append(
                _("people no article names any more, removed (their pages answer 404): %(names)s")
                % {"names": "、".join(result.people_removed)}
            )
        for old, new in result.people_renamed:
            old_url, new_url = (reverse("articles:person", args=[name]) for name in (old, new))
            lines.append(
                _("%(old)s is printed %(new)s now: %(old_url)s → %(new_url)s")
                % {"old": old, "new": new, "old_url": unquote(old_url), "new_url": unquote(new_url)}
            )
        if result.sections_removed:
            lines.append(
                _("sections no page names any more, removed: %(names)s")
                % {"names": "、".join(result.sections_removed)}
            )
        return ["  " + line for line in lines]

    def difference(self, d):
        """One line per field an editor's correction hides: which article and which field, never the texts."""
        chinese = translation.get_language() == "zh-hans"
        facts = {"what": d.what, "field": d.label if chinese else d.field.replace("_", " ")}
        if d.kind == "absent":
            return _("《%(what)s》: kept, edited but not in the file") % facts
        if d.kind == "merged":
            return (
                _(
                    "《%(what)s》: an editor's corrections of it no longer show, the file prints it inside another"
                )
                % facts
            )
        if d.kind == "issue":
            return _("issue %(what)s %(field)s: an editor's correction differs from the file") % facts
        if d.kind == "page":
            return _("page %(what)s %(field)s: an editor's correction differs from the file") % facts
        return _("《%(what)s》 %(field)s: an editor's correction differs from the file") % facts

    def summary(self, results, refused):
        tally = {}
        for result in results:
            tally[result.status] = tally.get(result.status, 0) + 1
        parts = [
            _("%(count)d %(status)s") % {"count": n, "status": STATUS[status]}
            for status, n in sorted(tally.items())
        ]
        if refused:
            parts.append(_("%(count)d refused") % {"count": len(refused)})
        articles = sum(r.articles for r in results if r.status in ("created", "updated", "parsed"))
        files = len(results) + len(refused)
        return ngettext(
            "%(files)d file: %(parts)s; %(articles)s", "%(files)d files: %(parts)s; %(articles)s", files
        ) % {
            "files": files,
            "parts": _(", ").join(parts) or _("none"),
            "articles": ngettext("%(count)d article", "%(count)d articles", articles) % {"count": articles},
        }
