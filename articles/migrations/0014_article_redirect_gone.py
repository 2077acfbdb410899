"""An article's old address answers with a 301 to where its text went, or a 410 when the story is gone.

ArticleRedirect is keyed by the address itself (the issue, the page's number, the article's number)
rather than by a page row, so it outlives a page a corrected file drops; its article may be none
(410 Gone, linking the issue), and it keeps the headline the address had.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_article_redirect_address"),
    ]

    operations = [
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
