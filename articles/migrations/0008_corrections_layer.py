"""Corrections as a layer over the source, stable article numbers, moved links, samples.

Rows corrected before this migration keep their corrections: the file's
value of a corrected field is unknown here, so the shown value stands in
for it until the next import of the file tells it (frozen copy of the rule
in articles/corrections.py; this migration does not import app code).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F

RELATED = ("districts", "bylines", "captions")


def shown(row, name):
    if name == "districts":
        return sorted(d.name for d in row.districts.all())
    if name == "bylines":
        return [[b.role, b.person.name] for b in row.bylines.order_by("position")]
    if name == "captions":
        return [[c.text, c.credit] for c in row.captions.order_by("position")]
    value = getattr(row, name)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if name == "section":
        return value.name if value else None
    return value


def keep_corrections(apps, schema_editor):
    for model in ("Issue", "Page", "Article"):
        rows = apps.get_model("articles", model).objects.exclude(edited_fields=[])
        for row in rows.iterator():
            row.source = {name: shown(row, name) for name in row.edited_fields}
            row.save(update_fields=["source"])
    Article = apps.get_model("articles", "Article")
    Article.objects.update(number=F("position"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_page_kind_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="issue",
            name="source",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="来源文本（被编辑更正的字段）"
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="source",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="来源文本（被编辑更正的字段）"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="source",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="来源文本（被编辑更正的字段）"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="number",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="编号"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="article",
            name="split_off",
            field=models.BooleanField(default=False, editable=False, verbose_name="编辑拆出"),
        ),
        migrations.AddField(
            model_name="issue",
            name="is_sample",
            field=models.BooleanField(default=False, editable=False, verbose_name="样刊"),
        ),
        migrations.RunPython(keep_corrections, migrations.RunPython.noop),
        migrations.RemoveField(model_name="issue", name="edited_fields"),
        migrations.RemoveField(model_name="page", name="edited_fields"),
        migrations.RemoveField(model_name="article", name="edited_fields"),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(fields=("page", "number"), name="unique_article_number"),
        ),
        migrations.CreateModel(
            name="ArticleRedirect",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="编号")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="redirects",
                        to="articles.article",
                        verbose_name="文章",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="redirects",
                        to="articles.page",
                        verbose_name="版面",
                    ),
                ),
            ],
            options={
                "verbose_name": "文章转址",
                "verbose_name_plural": "文章转址",
                "constraints": [
                    models.UniqueConstraint(fields=("page", "number"), name="unique_redirect_number")
                ],
            },
        ),
        migrations.CreateModel(
            name="MovedIssue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(unique=True, verbose_name="原日期")),
                (
                    "issue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="moved_from",
                        to="articles.issue",
                        verbose_name="期",
                    ),
                ),
            ],
            options={"verbose_name": "期的原日期", "verbose_name_plural": "期的原日期"},
        ),
    ]
