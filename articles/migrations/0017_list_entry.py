"""ListEntry: each article's place in its districts', section's and people's lists, by date.

The data step carries its own copy of what it writes, so later changes to
articles/models.py cannot change what this migration did.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_entries(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    ListEntry = apps.get_model("articles", "ListEntry")
    listed = {
        "district": Article.objects.filter(districts__isnull=False).values_list("districts", "date", "pk"),
        "section": Article.objects.filter(page__section__isnull=False).values_list(
            "page__section", "date", "pk"
        ),
        # One entry for a person who signs an article twice (reporter and photographer).
        "person": Byline.objects.values_list("person", "date", "article").distinct(),
    }
    for scope, rows in listed.items():
        ListEntry.objects.bulk_create(
            (
                ListEntry(scope=scope, key=key, date=day, article_id=article)
                for key, day, article in rows.order_by().iterator()
            ),
            batch_size=2000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_section_former_slug"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "scope",
                    models.CharField(
                        choices=[("district", "区县"), ("section", "版面栏目"), ("person", "作者")],
                        max_length=10,
                    ),
                ),
                ("key", models.PositiveIntegerField()),
                ("date", models.DateField()),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="list_entries",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "verbose_name": "列表条目",
                "verbose_name_plural": "列表条目",
                "indexes": [
                    models.Index(fields=["scope", "key", "date", "article"], name="list_entry_idx"),
                    models.Index(fields=["date"], name="list_entry_date_idx"),
                ],
            },
        ),
        migrations.RunPython(fill_entries, migrations.RunPython.noop),
    ]
