"""Readers' proposals: the editors' queue of them, each as a diff against the text as shown; the review
page (accept all or some hunks, edit, reject with a reason, a key each); the counts per day; the
sources that send too many.

An accepted proposal is the editor's correction (`Proposal.accept`, through `Article.correcting`),
attributed as 读者更正，编辑审核; a boundary opens the split or merge tool at its place, which
settles the proposal when it is done.
"""

import contextlib
import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .. import changes
from ..history import char_diff
from ..proposals.diff import apply, edit_script
from ..proposals.models import MAX_EDITS, READER_CORRECTION, Decided, Proposal, Stale
from ..templatetags.proposal_tags import diff_html

# Characters of unchanged text shown on either side of a hunk on the review page.
HUNK_CONTEXT = 12
# Why a proposal is not taken, as the reader reads it on the status page.
REASONS = [
    ("原报如此：报纸上印的就是这样。", "原报如此"),
    ("改动有误：核对原报后，原文没有错。", "改动有误"),
    ("不是文字错误，不作改动。", "不是文字错误"),
    ("已有同样的更正建议。", "重复的建议"),
    ("原文此后已经更改，建议不再适用。", "原文已更改"),
    ("无效的提交。", "无效的提交"),
]
SPAM = REASONS[-1][0]


def day_ago():
    return timezone.now() - datetime.timedelta(days=1)


def proposal_diff(proposal):
    """What the proposal changes, as HTML: the text's diff, or the boundary in words."""
    kind = proposal.kind
    if kind == Proposal.Kind.TEXT:
        script = edit_script(proposal.original, proposal.proposed, MAX_EDITS)
        return diff_html(char_diff(proposal.original, proposal.proposed, script)) if script else "—"
    if kind == Proposal.Kind.PARAGRAPHS:
        first, second = proposal.original.split("\n", 1)
        return format_html("「…{}」与「{}…」连成一段", first[-HUNK_CONTEXT:], second[:HUNK_CONTEXT])
    if kind == Proposal.Kind.SPLIT:
        return format_html("从「{}…」起是另一篇", proposal.original[: HUNK_CONTEXT * 2])
    if kind == Proposal.Kind.MERGE:
        return format_html("与下一篇《{}》是同一篇", proposal.original)
    return format_html("下转第{}版", f"{proposal.page_number:02d}")


def waiting_list(proposals):
    """The waiting proposals of an article, each a link to its review with its diff (the review queue)."""
    return format_html_join(
        "",
        '<p><a href="{}">{}</a>：{}</p>',
        ((p.get_absolute_url(), p.where, proposal_diff(p)) for p in proposals),
    )


class StatusFilter(admin.SimpleListFilter):
    """Waiting proposals unless the editor asks for others: the queue is what waits."""

    title = "状态"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Proposal.Status.choices, ("all", "全部")]

    def choices(self, changelist):
        value = self.value() or Proposal.Status.WAITING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or Proposal.Status.WAITING
        return queryset if value == "all" else queryset.filter(status=value)


class SourceFilter(admin.SimpleListFilter):
    """The addresses (their keyed hashes) that sent many proposals in the past day: a flood shows here."""

    title = "频繁提交的来源（24小时内）"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        many = max(settings.PROPOSALS_PER_HOUR // 2, 2)
        sources = (
            Proposal.objects.filter(created_at__gte=day_ago())
            .values("client_key")
            .annotate(n=Count("pk"))
            .filter(n__gte=many)
            .order_by("-n")[:20]
        )
        return [(row["client_key"], f"{row['client_key'][:8]}（{row['n']}条）") for row in sources]

    def queryset(self, request, queryset):
        return queryset.filter(client_key=self.value()) if self.value() else queryset


class ReviewForm(forms.Form):
    DECISIONS = [("accept", "采纳"), ("edit", "修改后采纳"), ("reject", "不采纳")]

    decision = forms.ChoiceField(choices=DECISIONS)
    # The part's text as the editor saw it: the decision is for that text, not one changed since.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    hunks = forms.TypedMultipleChoiceField(
        label="采纳哪几处", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(
        label="修改后的文字",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="选「修改后采纳」时，文章里这一处改为这里的文字。",
    )
    page_number = forms.IntegerField(label="下转版次", required=False, min_value=1, max_value=99)
    reason = forms.ChoiceField(label="不采纳的原因", choices=REASONS, required=False)
    reason_note = forms.CharField(label="补充说明（读者可见）", required=False, max_length=100)

    def __init__(self, *args, proposal, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal, self.placement = proposal, placement
        hunks = placement.hunks if placement else []
        self.fields["hunks"].choices = [(n, f"第{n + 1}处") for n, hunk in enumerate(hunks or ()) if hunk]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "reject":
            if not data.get("reason"):
                raise forms.ValidationError("请选择不采纳的原因。")
        elif self.placement is None:
            raise forms.ValidationError("读者看到的文字已不在文章里，只能不采纳。")
        elif self.proposal.kind in Proposal.BY_TOOL:
            raise forms.ValidationError("分篇的建议请用拆分或合并工具处理，完成后自动记为采纳。")
        elif self.proposal.kind == Proposal.Kind.TEXT:
            if decision == "accept" and not data.get("hunks"):
                raise forms.ValidationError("请至少勾选一处改动，或选「修改后采纳」。")
            if decision == "edit":
                text = (data.get("text") or "").replace("\r\n", "\n")
                if not text.strip() or "\n" in text:
                    raise forms.ValidationError("修改后的文字不能为空，也不能换行。")
                data["text"] = text
        return data

    @property
    def reason_text(self):
        note = self.cleaned_data.get("reason_note")
        return f"{self.cleaned_data['reason']}{note}" if note else self.cleaned_data["reason"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["created", "article_link", "where_link", "change", "note_text", "state", "source"]
    list_display_links = None
    list_filter = [StatusFilter, "kind", SourceFilter]
    list_per_page = 50
    ordering = ["created_at"]
    actions = ["reject_selected"]
    change_list_template = "admin/articles/proposal/change_list.html"

    def get_queryset(self, request):
        same_source = (
            Proposal.objects.filter(client_key=OuterRef("client_key"), created_at__gte=day_ago())
            .order_by()
            .values("client_key")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("article__page__issue", "decided_by")
            .defer("article__body")
            .annotate(same_source=Subquery(same_source))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="提交时间", ordering="created_at")
    def created(self, proposal):
        return timezone.localtime(proposal.created_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description="文章")
    def article_link(self, proposal):
        article = proposal.article
        return format_html(
            '<a href="{}">{}</a><br><small>{} 第{}版</small>',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.headline,
            article.date,
            f"{article.page.number:02d}",
        )

    @admin.display(description="位置")
    def where_link(self, proposal):
        label = "审核" if proposal.is_waiting else "查看"
        return format_html('<a href="{}">{}</a><br>{}', proposal.get_absolute_url(), proposal.where, label)

    @admin.display(description="改动")
    def change(self, proposal):
        return format_html('<span class="diff">{}</span>', proposal_diff(proposal))

    @admin.display(description="读者附言")
    def note_text(self, proposal):
        return proposal.note or "—"

    @admin.display(description="状态", ordering="status")
    def state(self, proposal):
        return proposal.get_status_display()

    @admin.display(description="来源")
    def source(self, proposal):
        many = (proposal.same_source or 0) >= settings.PROPOSALS_PER_HOUR
        return format_html(
            '<a href="?source={}&amp;status=all"{}>{}</a><br><small>24小时内{}条</small>',
            proposal.client_key,
            format_html(' class="{}"', "flood") if many else "",
            proposal.client_key[:8],
            proposal.same_source or 0,
        )

    @admin.action(description="不采纳所选（无效的提交）", permissions=["change"])
    def reject_selected(self, request, queryset):
        count = 0
        with changes.together():
            for proposal in queryset.waiting():
                try:
                    proposal.reject(request.user, SPAM)
                except Decided:
                    continue
                count += 1
        self.message_user(request, f"已将 {count} 条建议标为不采纳。", messages.SUCCESS)

    def get_urls(self):
        stats = path("stats/", self.admin_site.admin_view(self.stats_view), name="articles_proposal_stats")
        return [stats, *super().get_urls()]

    # The review page: the admin's change form, as a decision.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.review_view(request, object_id)

    def review_view(self, request, object_id):
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            raise Http404("no such proposal")
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        can_decide = proposal.is_waiting and self.has_change_permission(request, proposal)
        placement = proposal.place() if proposal.is_waiting else None
        form = ReviewForm(
            request.POST if request.method == "POST" else None,
            proposal=proposal,
            placement=placement,
            initial={
                "seen": placement.current if placement else "",
                "hunks": [n for n, hunk in enumerate(placement.hunks or ()) if hunk] if placement else [],
                "text": self._suggested_text(proposal, placement),
                "page_number": proposal.page_number,
                "reason": REASONS[0][0],
            },
        )
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            if form.is_valid():
                decided = self._decide(request, proposal, form)
                if decided:
                    return redirect(self._next_url(proposal))
        context = {
            **self.admin_site.each_context(request),
            "title": f"审核读者更正建议：{proposal.where}",
            "opts": self.model._meta,
            "proposal": proposal,
            "article": proposal.article,
            "placement": placement,
            "form": form,
            "can_decide": can_decide,
            "hunks": self._hunk_rows(placement, {str(n) for n in form["hunks"].value() or ()})
            if placement
            else [],
            "diff": proposal_diff(proposal),
            "decided_diff": diff_html(char_diff(proposal.replaced, proposal.applied))
            if proposal.is_accepted and proposal.kind == Proposal.Kind.TEXT
            else "",
            "tool_url": self._tool_url(proposal, placement),
            "next_url": self._next_url(proposal),
        }
        context["same_source"] = Proposal.objects.filter(
            client_key=proposal.client_key, created_at__gte=day_ago()
        ).count()
        context["flood"] = context["same_source"] >= settings.PROPOSALS_PER_HOUR
        return TemplateResponse(request, "admin/articles/proposal/review.html", context)

    def _decide(self, request, proposal, form):
        try:
            with changes.together():
                message = self._apply(proposal, form, request.user)
        except Stale:
            messages.error(request, "这段文字在您审核时已被改动，请对照现在的文字重新审核。")
            return False
        except Decided:
            messages.warning(request, "这条建议已由别的编辑处理。")
            return True
        messages.success(request, f"《{proposal.article.headline}》{proposal.where}：{message}")
        return True

    @staticmethod
    def _apply(proposal, form, user):
        data = form.cleaned_data
        if data["decision"] == "reject":
            proposal.reject(user, form.reason_text)
            return "已标为不采纳。"
        if data["decision"] == "edit" and proposal.kind == Proposal.Kind.TEXT:
            proposal.accept(user, seen=data["seen"], text=data["text"])
            return "已按您修改的文字采纳。"
        status = proposal.accept(
            user, seen=data["seen"], chosen=data["hunks"], page_number=data.get("page_number")
        )
        return f"{Proposal.Status(status).label}。"

    @staticmethod
    def _suggested_text(proposal, placement):
        """The proposal on the text as it is now: what 修改后采纳 starts from."""
        if proposal.kind != Proposal.Kind.TEXT or placement is None:
            return ""
        return apply(placement.current, placement.applicable)

    @staticmethod
    def _hunk_rows(placement, checked):
        """Each hunk with a little of the text around it, on the text as it is now; whether it still
        applies, and whether it is ticked."""
        rows = []
        for n, hunk in enumerate(placement.hunks or ()):
            if hunk is None:
                rows.append({"n": n, "applies": False})
                continue
            text = placement.current
            rows.append(
                {
                    "n": n,
                    "applies": True,
                    "checked": str(n) in checked,
                    "before": text[max(hunk.start - HUNK_CONTEXT, 0) : hunk.start],
                    "deleted": text[hunk.start : hunk.end],
                    "inserted": hunk.text,
                    "after": text[hunk.end : hunk.end + HUNK_CONTEXT],
                }
            )
        return rows

    @staticmethod
    def _tool_url(proposal, placement):
        """The split or merge tool, opened at the proposal's place, which it settles when done."""
        if not proposal.is_waiting or placement is None or proposal.kind not in Proposal.BY_TOOL:
            return ""
        if proposal.kind == Proposal.Kind.SPLIT:
            url = reverse("admin:articles_article_split", args=[proposal.article_id])
            return f"{url}?at={placement.index}&proposal={proposal.pk}"
        return f"{reverse('admin:articles_article_merge', args=[proposal.article_id])}?proposal={proposal.pk}"

    def _next_url(self, proposal):
        """The next waiting proposal, oldest first: the queue is worked through one after another."""
        following = (
            Proposal.objects.waiting()
            .exclude(pk=proposal.pk)
            .filter(created_at__gte=proposal.created_at)
            .order_by("created_at", "pk")
            .first()
        ) or Proposal.objects.waiting().exclude(pk=proposal.pk).order_by("created_at", "pk").first()
        return following.get_absolute_url() if following else reverse("admin:articles_proposal_changelist")

    # Counts: proposals per day, accepted and rejected.

    def stats_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            month = datetime.date.fromisoformat(f"{request.GET.get('month', '')}-01")
        except ValueError:
            month = today.replace(day=1)
        end = (month + datetime.timedelta(days=32)).replace(day=1)
        totals = Proposal.objects.aggregate(
            received=Count("pk"),
            waiting=Count("pk", filter=Q(status=Proposal.Status.WAITING)),
            accepted=Count("pk", filter=Q(status__in=Proposal.ACCEPTED)),
            rejected=Count("pk", filter=Q(status=Proposal.Status.REJECTED)),
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"读者更正建议：{month:%Y年%-m月}每日统计",
            "opts": self.model._meta,
            "days": Proposal.objects.per_day(month, end - datetime.timedelta(days=1)),
            "totals": totals,
            "month": month,
            "previous_month": (month - datetime.timedelta(days=1)).replace(day=1),
            "next_month": end if end <= today else None,
        }
        return TemplateResponse(request, "admin/articles/proposal/stats.html", context)


# The split and merge tools (articles.py), opened for a proposal: ?proposal=<pk>.


def proposal_for_tool(request, article):
    """The waiting proposal of `article` that the tool was opened for, if any."""
    pk = request.GET.get("proposal", "")
    return Proposal.objects.waiting().filter(pk=pk, article=article).first() if pk.isdigit() else None


def by_reader(proposal, comment):
    """The tool's revision comment, attributed to the reader when a proposal asked for it."""
    return f"{READER_CORRECTION}：{comment}" if proposal else comment


def settle(proposal, user, comment):
    """The tool did what the proposal asked: it is accepted (unless another editor decided it meanwhile)."""
    if proposal is not None:
        with contextlib.suppress(Decided):
            proposal.settle_by_tool(user, comment)
