"""When an import last gave each issue, page and article the file's text: the date of its version
"导入时的版本". Rows imported before this are dated by their issue's first import, the best known.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def date_by_issue(apps, schema_editor):
    Issue = apps.get_model("articles", "Issue")
    Page = apps.get_model("articles", "Page")
    Article = apps.get_model("articles", "Article")
    Issue.objects.update(source_imported_at=models.F("imported_at"))
    Page.objects.update(
        source_imported_at=Subquery(Issue.objects.filter(pk=OuterRef("issue")).values("imported_at"))
    )
    Article.objects.update(
        source_imported_at=Subquery(Page.objects.filter(pk=OuterRef("page")).values("source_imported_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_article_date_idx_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="source_imported_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="来源文本导入时间"
            ),
        ),
        migrations.AddField(
            model_name="issue",
            name="source_imported_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="来源文本导入时间"
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="source_imported_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="来源文本导入时间"
            ),
        ),
        migrations.RunPython(date_by_issue, migrations.RunPython.noop),
    ]
