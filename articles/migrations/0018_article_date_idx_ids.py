"""article_date_idx holds the articles' ids, for PostgreSQL's index-only scans.

SQLite's indexes hold the rowid anyway; a column of it (not INCLUDE, which SQLite lacks and
the system check warns of) reads the same on both.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_list_entry"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_date_idx",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["date", "page", "id"], name="article_date_idx"),
        ),
    ]
