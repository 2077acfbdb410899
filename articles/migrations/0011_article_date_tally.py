"""The issue's date on articles and bylines, the archive's counts per month in Tally, stored review flags.

The data steps carry their own copy of what they compute, so later changes to
articles/derived.py cannot change what this migration did.
"""

from django.db import migrations, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Length, TruncMonth

NOT_STORIES = ("editor_note", "ad", "guide", "notice")
SHORT_BODY, LONG_BODY = 60, 5000


def fill_dates(apps, schema_editor):
    Issue = apps.get_model("articles", "Issue")
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Article.objects.update(date=Subquery(Issue.objects.filter(pages=OuterRef("page")).values("date")[:1]))
    Byline.objects.update(date=Subquery(Article.objects.filter(pk=OuterRef("article")).values("date")[:1]))


def fill_tallies(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Tally = apps.get_model("articles", "Tally")
    stories = Article.objects.exclude(kind__in=NOT_STORIES).annotate(month=TruncMonth("date"))
    sample = "page__issue__is_sample"
    grouped = {
        "district": stories.filter(districts__isnull=False).values_list("districts", "month", sample),
        "section": stories.filter(page__section__isnull=False).values_list("page__section", "month", sample),
        "person": Byline.objects.annotate(month=TruncMonth("date")).values_list(
            "person", "month", f"article__{sample}"
        ),
    }
    for scope, keys in grouped.items():
        counted = Count("article", distinct=True) if scope == "person" else Count("pk")
        Tally.objects.bulk_create(
            (
                Tally(scope=scope, key=key, month=month, sample=is_sample, count=n)
                for key, month, is_sample, n in keys.annotate(n=counted).order_by().iterator()
            ),
            batch_size=1000,
        )
    totals = Tally.objects.values_list("scope", "key", "sample").annotate(n=Sum("count")).order_by()
    Tally.objects.bulk_create(
        (
            Tally(scope=scope, key=key, month=None, sample=is_sample, count=n)
            for scope, key, is_sample, n in totals
        ),
        batch_size=1000,
    )


def fill_review_flags(apps, schema_editor):
    """The review reasons as they stood (articles/models.py REVIEW_REASONS), one bit each."""
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Page = apps.get_model("articles", "Page")
    ErrorReport = apps.get_model("articles", "ErrorReport")
    Link = Article.districts.through
    continuation = Article.objects.filter(
        page__issue=OuterRef("page__issue"),
        page__number=OuterRef("continues_on"),
        continued_from=OuterRef("page__number"),
    )
    target_page = Page.objects.filter(issue=OuterRef("page__issue"), number=OuterRef("continues_on"))
    jump_lands = Q(Exists(continuation)) | Q(Exists(target_page), kind="guide")
    story = ~Q(kind__in=NOT_STORIES)
    reasons = [
        Q(Exists(ErrorReport.objects.filter(article=OuterRef("pk"), resolved_at__isnull=True))),
        Q(needs_review=True),
        Q(continues_on__isnull=False) & ~jump_lands,
        story & ~Q(Exists(Byline.objects.filter(article=OuterRef("pk")))),
        story & ~Q(Exists(Link.objects.filter(article=OuterRef("pk")))),
        None,
        None,
    ]
    for bit, condition in enumerate(reasons):
        if condition is not None:
            ids = Article.objects.filter(condition).values("pk")
            Article.objects.filter(pk__in=ids).update(review_flags=F("review_flags").bitor(1 << bit))
    lengths = Article.objects.filter(story).annotate(length=Length("body"))
    for bit, length in ((5, Q(length__lt=SHORT_BODY)), (6, Q(length__gt=LONG_BODY))):
        ids = lengths.filter(length).values("pk")
        Article.objects.filter(pk__in=ids).update(review_flags=F("review_flags").bitor(1 << bit))
    # A reader's report (bit 0) waits even on a reviewed article.
    reported = Article.objects.alias(report=F("review_flags").bitand(1)).filter(report__gt=0)
    reported.update(in_review_queue=True)
    Article.objects.filter(reviewed_at__isnull=True, review_flags__gt=0).update(in_review_queue=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_parse_doubts"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="date",
            field=models.DateField(editable=False, null=True, verbose_name="出版日期"),
        ),
        migrations.AddField(
            model_name="byline",
            name="date",
            field=models.DateField(editable=False, null=True, verbose_name="出版日期"),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="date",
            field=models.DateField(editable=False, verbose_name="出版日期"),
        ),
        migrations.AlterField(
            model_name="byline",
            name="date",
            field=models.DateField(editable=False, verbose_name="出版日期"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["date", "page"], name="article_date_idx"),
        ),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["person", "date"], name="byline_person_date_idx"),
        ),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["date"], name="byline_date_idx"),
        ),
        migrations.CreateModel(
            name="Tally",
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
                ("month", models.DateField(null=True)),
                ("sample", models.BooleanField(default=False)),
                ("count", models.PositiveIntegerField()),
            ],
            options={
                "verbose_name": "文章计数",
                "verbose_name_plural": "文章计数",
                "indexes": [models.Index(fields=["month"], name="tally_month_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=Q(month__isnull=False),
                        fields=("scope", "key", "month", "sample"),
                        name="unique_tally_month",
                    ),
                    models.UniqueConstraint(
                        condition=Q(month__isnull=True),
                        fields=("scope", "key", "sample"),
                        name="unique_tally_total",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill_tallies, migrations.RunPython.noop),
        migrations.AddField(
            model_name="article",
            name="review_flags",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="审核疑点"),
        ),
        migrations.AddField(
            model_name="article",
            name="in_review_queue",
            field=models.BooleanField(default=False, editable=False, verbose_name="在审核队列中"),
        ),
        migrations.RunPython(fill_review_flags, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=Q(in_review_queue=True),
                fields=["date", "review_flags"],
                name="article_queue_idx",
            ),
        ),
    ]
