"""Readers' proposals: a corrected text for one part of an article, or where a story starts or ends.

A proposal waits in the review queue until an editor decides; accepted, it becomes the editor's
correction (`Article.correcting`), attributed in the history as 读者更正，编辑审核. What the reader
proposed is shown to no reader before then, not even on the reader's own status page: a link
anyone can pass on must not put words on the paper's site that no editor read.
"""

import hashlib
import itertools
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from ..models import Article
from . import parts
from .diff import apply, edit_script, edits, hunks, rebase

# How the history and the public record name a correction a reader proposed.
READER_CORRECTION = "读者更正，编辑审核"
# The longest part a reader may correct (a paragraph of tens of thousands is an importer's mistake).
MAX_CHARS = 3000
NOTE_CHARS = 500
# A correction, not a new text: at most this share of the part's characters deleted plus inserted
# (a replaced character counts twice), never fewer than MIN_EDITS nor more than MAX_EDITS.
EDIT_SHARE = 0.3
MIN_EDITS = 6
MAX_EDITS = 200


def edits_allowed(original):
    return min(MAX_EDITS, max(MIN_EDITS, round(len(original) * EDIT_SHARE)))


@dataclass
class Placement:
    """Where the text a reader saw stands now, and the proposal's hunks placed on it."""

    index: int | None
    current: str
    # The same text, at another index (a paragraph added before it).
    moved: bool = False
    # Not the text the reader saw: an editor or an import changed it since.
    changed: bool = False
    # Each of the proposal's hunks on `current`, None where it no longer applies.
    hunks: list = None

    @property
    def applicable(self):
        return [hunk for hunk in self.hunks or () if hunk is not None]


class ProposalQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Proposal.Status.WAITING)

    def accepted(self):
        return self.filter(status__in=Proposal.ACCEPTED)

    def sent_since(self, client_key, since):
        return self.filter(client_key=client_key, created_at__gte=since)

    def by_token(self, token):
        return self.filter(token_hash=Proposal.hash_token(token))

    def per_day(self, start, end):
        """[{"day", "received", "accepted", "rejected"}] of each day from `start` to `end` (dates, in
        the site's time zone) that had any: received by when they came, decided by when decided."""
        zone = timezone.get_current_timezone()
        days = {}

        def counted(field, **statuses):
            rows = (
                self.filter(**{f"{field}__date__gte": start, f"{field}__date__lte": end})
                .annotate(day=TruncDate(field, tzinfo=zone))
                .values("day")
                .annotate(**{name: Count("pk", filter=condition) for name, condition in statuses.items()})
                .order_by()
            )
            for row in rows:
                entry = days.setdefault(
                    row["day"], {"day": row["day"], "received": 0, "accepted": 0, "rejected": 0}
                )
                for name in statuses:
                    entry[name] += row[name]

        counted("created_at", received=Q())
        counted(
            "decided_at",
            accepted=Q(status__in=Proposal.ACCEPTED),
            rejected=Q(status=Proposal.Status.REJECTED),
        )
        return [days[day] for day in sorted(days, reverse=True)]


class Proposal(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "改正文字"
        SPLIT = "split", "另一篇从这一段开始"
        MERGE = "merge", "下一篇是本文的后续"
        PARAGRAPHS = "paragraphs", "这一段与下一段本是一段"
        CONTINUES = "continues", "本文转到另一版继续"

    class Status(models.TextChoices):
        WAITING = "waiting", "待审核"
        ACCEPTED = "accepted", "已采纳"
        PARTLY = "partly", "部分采纳"
        EDITED = "edited", "经编辑修改后采纳"
        REJECTED = "rejected", "未采纳"

    ACCEPTED = (Status.ACCEPTED, Status.PARTLY, Status.EDITED)
    # The boundaries an editor moves with the split and merge tools (admin), not by accepting here.
    BY_TOOL = (Kind.SPLIT, Kind.MERGE)

    article = models.ForeignKey(Article, models.CASCADE, related_name="proposals", verbose_name="文章")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.TEXT)
    part = models.CharField("位置", max_length=10, choices=list(parts.NAMES.items()), default=parts.BODY)
    # The paragraph or caption, from 0 (the first paragraph of a boundary); None for the title block.
    index = models.PositiveIntegerField("第几段（条）", null=True, blank=True)
    # The text the reader saw: a paragraph, a title, a caption; two paragraphs joined by a line
    # break (PARAGRAPHS); the next article's headline (MERGE).
    original = models.TextField("读者看到的文字", blank=True)
    proposed = models.TextField("建议的文字", blank=True)
    page_number = models.PositiveSmallIntegerField("转到第几版", null=True, blank=True)
    note = models.TextField("读者附言", max_length=NOTE_CHARS, blank=True)
    # The private link's token, hashed: the table alone opens no reader's status page.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A keyed hash of the sender's address, as ErrorReport keeps it (articles/reports/clients.py).
    client_key = models.CharField("来源", max_length=64, editable=False)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="审核人",
    )
    # Told to the reader on the status page when the proposal is not taken.
    reason = models.CharField("未采纳的原因", max_length=200, blank=True)
    # The part's text just before and just after the correction, for the reader's status page.
    replaced = models.TextField("更正前", blank=True, editable=False)
    applied = models.TextField("更正后", blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        get_latest_by = "created_at"
        verbose_name = "读者更正建议"
        verbose_name_plural = "读者更正建议"
        indexes = [
            # The rate limit counts one address's recent proposals; the admin counts each source's day.
            models.Index(fields=["client_key", "created_at"], name="proposal_client_idx"),
            # The proposals' queue (the admin's list): waiting ones, oldest first.
            models.Index(fields=["status", "created_at"], name="proposal_status_idx"),
            # The review flags: whether an article has a waiting proposal.
            models.Index(fields=["article"], name="proposal_waiting_idx", condition=Q(status="waiting")),
            # The counts per day of decisions.
            models.Index(fields=["decided_at"], name="proposal_decided_idx"),
        ]

    def __str__(self):
        return f"{self.article}：{self.where}"

    def get_absolute_url(self):
        """The review page (the reader's link holds a token this row no longer knows)."""
        return reverse("admin:articles_proposal_change", args=[self.pk])

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    def issue_token(self):
        """A new private link's token for the reader; only its hash is kept."""
        token = secrets.token_urlsafe(18)
        self.token_hash = self.hash_token(token)
        return token

    @property
    def where(self):
        """标题, 第3段, 第3段起 …, as the editor and the reader read it."""
        if self.kind == self.Kind.TEXT:
            return parts.label(self.part, self.index)
        if self.kind == self.Kind.SPLIT:
            return f"从第{self.index + 1}段起"
        if self.kind == self.Kind.PARAGRAPHS:
            return f"第{self.index + 1}、{self.index + 2}段"
        if self.kind == self.Kind.CONTINUES:
            return f"转到第{self.page_number:02d}版"
        return "与下一篇"

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING

    @property
    def is_accepted(self):
        return self.status in self.ACCEPTED

    def own_hunks(self):
        """The proposal's hunks on the text the reader saw."""
        script = edit_script(self.original, self.proposed, MAX_EDITS)
        return hunks(self.proposed, script) if script else []

    def change_size(self):
        script = edit_script(self.original, self.proposed, MAX_EDITS)
        return edits(script) if script else None

    # Where the proposal stands now. The text the reader saw may have moved (a paragraph added
    # before it) or changed (an editor's or an import's correction): nothing is applied blind.

    def place(self):
        """A Placement, or None when the text the reader saw is gone."""
        article = self.article
        if self.kind == self.Kind.CONTINUES:
            now = str(article.continues_on or "")
            return Placement(None, now, changed=now != self.original)
        if self.kind == self.Kind.MERGE:
            following = article.page.articles.filter(position__gt=article.position).first()
            if following is None or following.headline != self.original:
                return None
            return Placement(None, self.original)
        if self.kind == self.Kind.TEXT:
            return self._place_text(parts.texts(article, self.part))
        paragraphs = article.paragraphs
        if self.kind == self.Kind.PARAGRAPHS:
            paragraphs = [f"{a}\n{b}" for a, b in itertools.pairwise(paragraphs)]
        found = self._find(paragraphs)
        if found is None or (self.kind == self.Kind.SPLIT and found == 0):
            return None
        return Placement(found, self.original, moved=found != self.index)

    def _find(self, texts):
        """The index of the reader's text among `texts`: where it was, or where it alone now stands."""
        index = self.index or 0
        if index < len(texts) and texts[index] == self.original:
            return index
        same = [n for n, text in enumerate(texts) if text == self.original]
        return same[0] if len(same) == 1 else None

    def _place_text(self, texts):
        own = self.own_hunks()
        found = self._find(texts)
        single = self.part in parts.SINGLE
        if found is not None:
            return Placement(
                None if single else found, self.original, moved=found != (self.index or 0), hunks=own
            )
        index = self.index or 0
        if index >= len(texts):
            return None
        current = texts[index]
        limit = edits_allowed(self.original) + edits_allowed(current)
        return Placement(self.index, current, changed=True, hunks=rebase(self.original, current, own, limit))

    # Decisions. Each is one transaction, checked against the proposal as it stands in it: an
    # editor who opened it while another decided it is told, not allowed to decide again.

    def accept(self, user, *, seen, chosen=None, text=None, page_number=None):
        """Make the proposal an editor's correction by `user`; returns its status.

        TEXT: the hunks numbered `chosen` (of the placement's), or the editor's own `text`
        (经编辑修改后采纳); PARAGRAPHS: the two paragraphs one; CONTINUES: the jump to
        `page_number` (the reader's unless the editor gave another). `seen` is the part's text as
        the editor saw it: if it changed since, or the reader's text is gone, Stale is raised and
        nothing is applied. One revision by `user`, its comment READER_CORRECTION
        (`Article.correcting`); Decided when another editor decided first.
        """
        if self.kind in self.BY_TOOL:
            raise ValueError("a split or a merge is made with its tool, then settled")
        article = self.article
        with transaction.atomic():
            self._lock()
            placement = self.place()
            if placement is None or placement.current != seen:
                raise Stale()
            status = self.Status.ACCEPTED
            with article.correcting(user, f"{READER_CORRECTION}：{self.where}"):
                self.replaced = placement.current
                if self.kind == self.Kind.TEXT:
                    if text is None:
                        taken = [placement.hunks[n] for n in chosen or () if placement.hunks[n] is not None]
                        if not taken:
                            raise ValueError("no hunk chosen")
                        text = apply(placement.current, taken)
                        if len(taken) < len(placement.hunks):
                            status = self.Status.PARTLY
                    else:
                        status = self.Status.EDITED
                    parts.write(article, self.part, placement.index, text)
                    self.applied = text
                elif self.kind == self.Kind.PARAGRAPHS:
                    parts.join_paragraphs(article, placement.index)
                    self.applied = placement.current.replace("\n", "")
                else:
                    article.continues_on = page_number or self.page_number
                    self.applied = str(article.continues_on)
                    if article.continues_on != self.page_number:
                        status = self.Status.EDITED
                self._decide(user, status)
        return status

    def settle_by_tool(self, user, what):
        """The split or merge tool did what the proposal asked (`what`, the tool's words): accepted."""
        with transaction.atomic():
            self._lock()
            self.applied = what
            self._decide(user, self.Status.ACCEPTED)

    def reject(self, user, reason):
        with transaction.atomic():
            self._lock()
            self.reason = reason
            self._decide(user, self.Status.REJECTED)

    def _lock(self):
        status = (
            Proposal.objects.select_for_update().filter(pk=self.pk).values_list("status", flat=True).get()
        )
        if status != self.Status.WAITING:
            raise Decided()

    def _decide(self, user, status):
        self.status, self.decided_at, self.decided_by = status, timezone.now(), user
        self.save()


class Stale(Exception):
    """The text the reader saw is no longer in the article."""


class Decided(Exception):
    """Another editor decided the proposal first."""
