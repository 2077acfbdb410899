from collections import defaultdict

from django.db import migrations, models
from django.db.models import Case, Count, Value, When
from django.db.models.functions import TruncMonth

SCOPES = [("district", "区县"), ("section", "版面栏目"), ("person", "作者"), ("archive", "馆藏")]
# Tally.STORIES and Tally.OTHER, and Article.NOT_STORIES, as they are when this runs.
STORIES, OTHER = 1, 0
NOT_STORIES = ("editor_note", "ad", "guide", "notice")


def count_archive(apps, schema_editor):
    """The archive's articles per month and in all, as TallyQuerySet.recount would write them."""
    Article = apps.get_model("articles", "Article")
    Tally = apps.get_model("articles", "Tally")
    kind = Case(When(kind__in=NOT_STORIES, then=Value(OTHER)), default=Value(STORIES))
    rows = (
        Article.objects.order_by()
        .values_list(TruncMonth("date"), kind, "page__issue__is_sample")
        .annotate(n=Count("pk"))
    )
    totals = defaultdict(int)
    tallies = []
    for month, key, sample, n in rows:
        tallies.append(Tally(scope="archive", key=key, month=month, sample=sample, count=n))
        totals[key, sample] += n
    tallies += [
        Tally(scope="archive", key=key, month=None, sample=sample, count=n)
        for (key, sample), n in totals.items()
    ]
    Tally.objects.bulk_create(tallies, batch_size=500)


def forget_archive(apps, schema_editor):
    apps.get_model("articles", "Tally").objects.filter(scope="archive").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_article_queue_date_idx"),
    ]

    operations = [
        migrations.AlterField(
            model_name="listentry",
            name="scope",
            field=models.CharField(choices=SCOPES, max_length=10),
        ),
        migrations.AlterField(
            model_name="tally",
            name="scope",
            field=models.CharField(choices=SCOPES, max_length=10),
        ),
        migrations.RunPython(count_archive, forget_archive),
    ]
