"""A reader proposes: the article part by part, a form for one part or boundary, a private status page;
and the public record of an article's corrections, with its text as printed.

No account and no JavaScript: each part of the article has a link to a small form prefilled with
its text. The same protections as readers' error reports (articles/reports/): CSRF, a honeypot and
a limit per address per hour.
"""

import logging

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ..caching import cached_until_changed
from ..history import char_diff
from ..models import Article, Caption
from ..reports.clients import sent_too_many
from ..views import issue_changed, respond, to_date
from . import parts, record, serializers
from .forms import ContinuesForm, ReaderForm, TextProposalForm
from .models import MAX_CHARS, Proposal

log = logging.getLogger(__name__)


def article_or_404(article_id):
    articles = Article.objects.select_related("page__issue", "page__section").prefetch_related(
        Prefetch("captions", Caption.objects.order_by("position"))
    )
    return get_object_or_404(articles, pk=article_id)


@never_cache
def proofread(request, article_id):
    """The article part by part, each with a link to correct it, and where a story may start or end."""
    article = article_or_404(article_id)
    following = article.page.articles.filter(position__gt=article.position).only("headline").first()
    context = {
        "article": article,
        "title_parts": [
            (part, parts.NAMES[part], getattr(article, part))
            for part in parts.SINGLE
            if getattr(article, part)
        ],
        "paragraphs": article.paragraphs,
        "captions": [caption.text for caption in article.captions.all()],
        "following": following,
        "max_chars": MAX_CHARS,
        "accepted": Proposal.objects.accepted().count(),
    }
    return render(request, "proposals/proofread.html", context)


@never_cache
@csrf_protect
def propose_text(request, article_id, part, index=None):
    article = article_or_404(article_id)
    original = parts.text_of(article, part, index)
    if len(original) > MAX_CHARS:
        raise Http404("too long to propose on")
    form = TextProposalForm(request.POST or None, original=original)
    proposal = Proposal(article=article, kind=Proposal.Kind.TEXT, part=part, index=index, original=original)
    if request.method == "POST" and form.is_valid():
        proposal.proposed = form.cleaned_data["text"]
        return receive(request, proposal, form)
    context = {"article": article, "form": form, "proposal": proposal, "original": original}
    return render(request, "proposals/propose.html", context)


@never_cache
@csrf_protect
def propose_boundary(request, article_id, kind, index=None):
    """Another story starts at paragraph `index` (split); the next article is this one's (merge); two
    paragraphs are one (paragraphs); the story continues on another page (continues)."""
    article = article_or_404(article_id)
    proposal = Proposal(article=article, kind=kind, index=index)
    paragraphs = article.paragraphs
    if kind == Proposal.Kind.SPLIT:
        if index is None or not 0 < index < len(paragraphs):
            raise Http404("no such paragraph")
        proposal.original = paragraphs[index]
    elif kind == Proposal.Kind.PARAGRAPHS:
        if index is None or not 0 <= index < len(paragraphs) - 1:
            raise Http404("no such paragraph")
        proposal.original = f"{paragraphs[index]}\n{paragraphs[index + 1]}"
    elif kind == Proposal.Kind.MERGE:
        following = article.page.articles.filter(position__gt=article.position).first()
        if following is None:
            raise Http404("the last article of its page")
        proposal.original = following.headline
    else:
        proposal.original = str(article.continues_on or "")
    form_class = ContinuesForm if kind == Proposal.Kind.CONTINUES else ReaderForm
    extra = {"article": article} if kind == Proposal.Kind.CONTINUES else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        proposal.page_number = form.cleaned_data.get("page_number")
        return receive(request, proposal, form)
    context = {"article": article, "form": form, "proposal": proposal, "paragraphs": paragraphs}
    return render(request, "proposals/boundary.html", context)


def receive(request, proposal, form):
    """Keep a valid proposal and send the reader to its private status page; a robot is thanked
    with nothing kept, a reader past the hour's limit told to wait."""
    article = proposal.article
    if form.is_from_a_robot:
        return redirect(article)
    key, too_many = sent_too_many(request, Proposal.objects, settings.PROPOSALS_PER_HOUR)
    if too_many:
        # The editors' list shows each source's day; the log shows the refused.
        log.warning("proposal refused: source %s sent %s this hour", key[:8], settings.PROPOSALS_PER_HOUR)
        return render(request, "proposals/too_many.html", {"article": article}, status=429)
    proposal.note = form.cleaned_data["note"]
    proposal.client_key = key
    token = proposal.issue_token()
    proposal.save()
    return redirect(reverse("proposals:status", args=[token]) + "?sent=1")


@never_cache
def status(request, token):
    """Where the proposal stands, for whoever holds the link: what the reader proposed is not shown
    until an editor accepts it (then the correction is public anyway)."""
    proposal = get_object_or_404(Proposal.objects.by_token(token).select_related("article__page__issue"))
    diff = (
        char_diff(proposal.replaced, proposal.applied)
        if proposal.is_accepted and proposal.kind == "text"
        else []
    )
    context = {
        "proposal": proposal,
        "article": proposal.article,
        "diff": diff,
        "sent": "sent" in request.GET,
        "link": request.build_absolute_uri(request.path),
    }
    response = render(request, "proposals/status.html", context)
    # The link is the reader's key: no page it leads to needs to learn it.
    response["Referrer-Policy"] = "no-referrer"
    return response


# The public record: what was corrected, and the text as printed. Cached as the article's own page.


def article_at(year, month, day, page, number):
    date = to_date(year, month, day)
    articles = Article.objects.select_related("page__issue", "page__section").prefetch_related(
        Prefetch("captions", Caption.objects.order_by("position"))
    )
    return get_object_or_404(articles, page__issue__date=date, page__number=page, number=number)


@cached_until_changed(issue_changed)
def corrections(request, year, month, day, page, number):
    """本文已更正: the text against the printed one, and each correction with its date."""
    article = article_at(year, month, day, page, number)
    context = {
        "article": article,
        "issue": article.page.issue,
        "against_print": record.against_print(article),
        "history": record.history(article),
        "by_readers": article.proposals.accepted().count(),
    }
    return respond(request, "proposals/corrections.html", context, serializers.corrections)


@cached_until_changed(issue_changed)
def printed(request, year, month, day, page, number):
    """The article's text as the paper printed it, corrections set aside."""
    article = article_at(year, month, day, page, number)
    layer = {
        name: article.source[name] if name in article.source else article.shown(name)
        for name in Article.TEXT_FIELDS
    }
    context = {
        "article": article,
        "issue": article.page.issue,
        "printed": layer,
        "paragraphs": [p for p in layer["body"].split("\n") if p.strip()],
        "captions": layer["captions"],
    }
    return respond(request, "proposals/printed.html", context, serializers.printed)
