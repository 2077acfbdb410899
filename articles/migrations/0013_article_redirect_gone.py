"""An article's old address answers with a 301 to where its text went, or a 410 when the story is gone.

ArticleRedirect is keyed by the address itself (the issue, the page's number, the article's number)
rather than by a page row, so it outlives a page a corrected file drops; its article may be none
(410 Gone, linking the issue), and it keeps the headline the address had.
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
        migrations.RemoveField(model_name="articleredirect", name="page_row"),
        migrations.RenameField(model_name="articleredirect", old_name="page_number", new_name="page"),
        migrations.AlterField(
            model_name="articleredirect",
            name="issue",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="former_articles",
                to="articles.issue",
                verbose_name="期",
            ),
        ),
        migrations.AlterField(
            model_name="articleredirect",
            name="page",
            field=models.PositiveSmallIntegerField(verbose_name="版次"),
        ),
        migrations.AlterField(
            model_name="articleredirect",
            name="article",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="redirects",
                to="articles.article",
                verbose_name="文章",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleredirect",
            constraint=models.UniqueConstraint(
                fields=("issue", "page", "number"), name="unique_redirect_number"
            ),
        ),
    ]
