"""ArticleRedirect keyed by the address itself: the issue and the page's number, taken from its page.

The next migration drops the page row and lets the article be none (a 410); apart, so that PostgreSQL
alters the table in a transaction of its own, after this one's updates.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def address_of_page(apps, schema_editor):
    ArticleRedirect = apps.get_model("articles", "ArticleRedirect")
    Page = apps.get_model("articles", "Page")
    pages = Page.objects.filter(pk=OuterRef("page_row"))
    ArticleRedirect.objects.update(
        issue=Subquery(pages.values("issue")[:1]), page_number=Subquery(pages.values("number")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_review_reasons_as_decisions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="articleredirect", name="unique_redirect_number"),
        migrations.RenameField(model_name="articleredirect", old_name="page", new_name="page_row"),
        migrations.AddField(
            model_name="articleredirect",
            name="issue",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="former_articles",
                to="articles.issue",
                verbose_name="期",
            ),
        ),
        migrations.AddField(
            model_name="articleredirect",
            name="page_number",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="版次"),
        ),
        migrations.AddField(
            model_name="articleredirect",
            name="headline",
            field=models.CharField(blank=True, max_length=200, verbose_name="原标题"),
        ),
        migrations.RunPython(address_of_page, migrations.RunPython.noop),
    ]
