from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.management.language import InOperatorLanguage
from articles.models import Tally


class Command(InOperatorLanguage, BaseCommand):
    help = (
        "Count the articles per district, section and person again, every month and in all, "
        "and correct the kept counts that disagree (after a manual change to the database). "
        "Safe to run again."
    )

    def handle(self, **options):
        changed = Tally.objects.recount_all()
        if changed:
            message = ngettext("%(count)d count row corrected", "%(count)d count rows corrected", changed)
            self.stdout.write(message % {"count": changed})
        else:
            self.stdout.write(_("the counts were right: nothing changed"))
