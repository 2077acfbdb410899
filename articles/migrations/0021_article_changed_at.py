import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def from_issues(apps, schema_editor):
    """Until now the issue knew when anything of it changed: its articles start from that."""
    Article = apps.get_model("articles", "Article")
    Issue = apps.get_model("articles", "Issue")
    Article.objects.update(
        changed_at=Subquery(Issue.objects.filter(pages__articles=OuterRef("pk")).values("updated_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_chinese_slugs_issue_sample_idx")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="最后更改"
            ),
        ),
        migrations.RunPython(from_issues, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["changed_at"], name="article_changed_idx"),
        ),
    ]
