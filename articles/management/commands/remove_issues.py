import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import changes
from articles.management.language import InOperatorLanguage
from articles.models import Article, Issue


def day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("dates are YYYY-MM-DD, not %(value)r") % {"value": value}) from None


class Command(InOperatorLanguage, BaseCommand):
    help = (
        "Remove issues by date, date range or source file, with their pages, articles, corrections, "
        "readers' reports and search entries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=day, action="append", default=[], help="an issue's date (repeatable)"
        )
        parser.add_argument("--start", type=day, help="the first date of a range")
        parser.add_argument("--end", type=day, help="the last date of a range")
        parser.add_argument(
            "--source",
            action="append",
            default=[],
            help="the source file an issue was imported from (repeatable)",
        )
        parser.add_argument("--samples", action="store_true", help="the sample issues (样刊)")
        parser.add_argument("--dry-run", action="store_true", help="list what would go, remove nothing")

    def handle(self, **options):
        issues = self.chosen(options)
        listed = list(issues.order_by("date"))
        for issue in listed:
            count = Article.objects.in_issue(issue).count()
            articles = ngettext("%(count)d article", "%(count)d articles", count) % {"count": count}
            self.stdout.write(
                _("%(date)s %(source)s: %(articles)s")
                % {"date": f"{issue.date:%Y-%m-%d}", "source": issue.source_name, "articles": articles}
            )
        if options["dry_run"]:
            message = ngettext(
                "%(count)d issue would be removed (dry run: nothing was removed)",
                "%(count)d issues would be removed (dry run: nothing was removed)",
                len(listed),
            )
            self.stdout.write(message % {"count": len(listed)})
            return
        # Counted, flagged and stamped once, at the end; the articles leave the index at the commit.
        with changes.together():
            # Reports, bylines, captions, redirects and moved dates go by cascade; revisions stay in history.
            Issue.objects.filter(pk__in=[issue.pk for issue in listed]).delete()
        message = ngettext("%(count)d issue removed", "%(count)d issues removed", len(listed))
        self.stdout.write(message % {"count": len(listed)})

    def chosen(self, options):
        if not (
            options["date"] or options["start"] or options["end"] or options["source"] or options["samples"]
        ):
            raise CommandError(_("say which issues: --date, --start/--end, --source or --samples"))
        issues = Issue.objects.all()
        if options["date"]:
            issues = issues.filter(date__in=options["date"])
        if options["start"]:
            issues = issues.filter(date__gte=options["start"])
        if options["end"]:
            issues = issues.filter(date__lte=options["end"])
        if options["source"]:
            issues = issues.filter(source_name__in=options["source"])
        if options["samples"]:
            issues = issues.filter(is_sample=True)
        return issues
