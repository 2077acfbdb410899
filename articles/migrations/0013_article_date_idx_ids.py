"""article_date_idx holds the articles' ids on PostgreSQL (INCLUDE), for index-only scans.

SQLite has no INCLUDE: there the index is made again as it was.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_list_entry"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_date_idx",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["date", "page"], include=("id",), name="article_date_idx"),
        ),
    ]
