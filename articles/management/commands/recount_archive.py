from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.indexing import issue_stamps, record_stamps
from articles.management.language import InOperatorLanguage
from articles.models import Issue, Tally


class Command(InOperatorLanguage, BaseCommand):
    help = (
        "Count the articles per district, section and person again, every month and in all, "
        "and correct the kept counts that disagree (after a manual change to the database). "
        "Safe to run again."
    )

    def handle(self, **options):
        changed = Tally.objects.recount_all()
        if changed:
            # Counts alone changed, and the newest issue's stamp with them: its articles are as indexed (health.py).
            record_stamps(
                issue_stamps(Issue.objects.filter(pk__in=Issue.objects.order_by("-date").values("pk")[:1]))
            )
            message = ngettext("%(count)d count row corrected", "%(count)d count rows corrected", changed)
            self.stdout.write(message % {"count": changed})
        else:
            self.stdout.write(_("the counts were right: nothing changed"))
