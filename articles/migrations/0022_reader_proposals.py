"""Readers' proposals (articles/proposals/): a corrected text for a part of an article, or where a
story starts or ends, waiting for an editor's decision.

Editors view and decide them (change), as they do readers' reports. A waiting proposal is a review
reason, the second most urgent after a reader's report: the report's bit in `Article.review_flags`
moves up one, under it the proposal's, and the other reasons keep theirs. No proposal exists yet,
so no article has the new bit. The data steps carry their own copy of what they need.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import F

EDITORS = "editors"
PERMISSIONS = ["view_proposal", "change_proposal"]
# The report's bit before (the first of six reasons) and after (the first of seven).
REPORT_BEFORE, REPORT_AFTER = 1 << 5, 1 << 6


def let_editors_decide(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=PERMISSIONS)
    if permissions.count() != len(PERMISSIONS):
        raise RuntimeError("a permission of readers' proposals is missing")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.add(*permissions)


def forbid_deciding(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=PERMISSIONS)
        )


def move_report_bit_up(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(review_flags__gte=REPORT_BEFORE).update(
        review_flags=F("review_flags") - REPORT_BEFORE + REPORT_AFTER
    )


def move_report_bit_down(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    # Proposals go with the table: their bit too.
    Article.objects.filter(review_flags__gte=REPORT_BEFORE).update(
        review_flags=F("review_flags").bitand(REPORT_BEFORE - 1)
        + (F("review_flags").bitand(REPORT_AFTER) / REPORT_AFTER) * REPORT_BEFORE
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_article_changed_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Proposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("text", "改正文字"),
                            ("split", "另一篇从这一段开始"),
                            ("merge", "下一篇是本文的后续"),
                            ("paragraphs", "这一段与下一段本是一段"),
                            ("continues", "本文转到另一版继续"),
                        ],
                        default="text",
                        max_length=12,
                        verbose_name="类别",
                    ),
                ),
                (
                    "part",
                    models.CharField(
                        choices=[
                            ("kicker", "引题"),
                            ("headline", "标题"),
                            ("subtitle", "副题"),
                            ("body", "正文"),
                            ("captions", "图片说明"),
                        ],
                        default="body",
                        max_length=10,
                        verbose_name="位置",
                    ),
                ),
                ("index", models.PositiveIntegerField(blank=True, null=True, verbose_name="第几段（条）")),
                ("original", models.TextField(blank=True, verbose_name="读者看到的文字")),
                ("proposed", models.TextField(blank=True, verbose_name="建议的文字")),
                (
                    "page_number",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="转到第几版"),
                ),
                ("note", models.TextField(blank=True, max_length=500, verbose_name="读者附言")),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("client_key", models.CharField(editable=False, max_length=64, verbose_name="来源")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="提交时间")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "待审核"),
                            ("accepted", "已采纳"),
                            ("partly", "部分采纳"),
                            ("edited", "经编辑修改后采纳"),
                            ("rejected", "未采纳"),
                        ],
                        default="waiting",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="审核时间"),
                ),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="未采纳的原因")),
                ("replaced", models.TextField(blank=True, editable=False, verbose_name="更正前")),
                ("applied", models.TextField(blank=True, editable=False, verbose_name="更正后")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proposals",
                        to="articles.article",
                        verbose_name="文章",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="审核人",
                    ),
                ),
            ],
            options={
                "verbose_name": "读者更正建议",
                "verbose_name_plural": "读者更正建议",
                "ordering": ["created_at"],
                "get_latest_by": "created_at",
                "indexes": [
                    models.Index(fields=["client_key", "created_at"], name="proposal_client_idx"),
                    models.Index(fields=["status", "created_at"], name="proposal_status_idx"),
                    models.Index(
                        condition=models.Q(("status", "waiting")),
                        fields=["article"],
                        name="proposal_waiting_idx",
                    ),
                    models.Index(fields=["decided_at"], name="proposal_decided_idx"),
                ],
            },
        ),
        migrations.RunPython(let_editors_decide, forbid_deciding),
        migrations.RunPython(move_report_bit_up, move_report_bit_down),
    ]
