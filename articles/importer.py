"""Store a parsed issue: one transaction per file, safe to repeat.

Re-importing the same bytes changes nothing. A changed file updates its
issue in place, matching articles by a key taken from their opening text,
and never overwrites a field an editor corrected: those are listed in
`edited_fields` and reported back as kept.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Article, Byline, Caption, District, Issue, Page, Person, Section
from .parsing import ParseError, decode, parse_issue
from .search.signals import index_on_commit


class ImportRefused(Exception):
    """The file cannot be imported; the message names the problem."""


@dataclass
class ImportResult:
    path: Path
    status: str  # created, updated, unchanged, parsed (dry run)
    issue: Issue | None = None
    parsed: object = None
    pages: int = 0
    articles: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: list[str] = field(default_factory=list)
    changed_article_ids: list[int] = field(default_factory=list)
    removed_article_ids: list[int] = field(default_factory=list)


def read_issue_file(path: Path, date=None):
    """Read, decode and parse one file; ImportRefused says what is wrong with it."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"cannot read it: {error.strerror}") from None
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            f"it is {size / 1_048_576:.1f} MB, larger than the "
            f"{settings.IMPORT_MAX_BYTES / 1_048_576:.0f} MB an issue can be"
        )
    data = path.read_bytes()
    try:
        parsed = parse_issue(decode(data), filename=path.name, date=date)
    except ParseError as error:
        raise ImportRefused(str(error)) from None
    return parsed, hashlib.sha256(data).hexdigest()


def import_file(path: Path, *, date=None, dry_run=False) -> ImportResult:
    parsed, checksum = read_issue_file(path, date)
    result = ImportResult(
        path, "parsed", parsed=parsed, pages=len(parsed.pages), articles=len(parsed.articles)
    )
    if dry_run:
        return result
    try:
        with transaction.atomic():
            _store(path, parsed, checksum, result)
            # The search index follows once this file's transaction commits.
            index_on_commit(result.changed_article_ids + result.removed_article_ids)
    except IntegrityError as error:
        raise ImportRefused(f"the database refused it ({error}); nothing was written") from None
    return result


def _store(path, parsed, checksum, result):
    issue = Issue.objects.select_for_update().filter(source_name=path.name).first()
    if issue and issue.source_checksum == checksum:
        result.status, result.issue = "unchanged", issue
        return
    claimant = Issue.objects.filter(date=parsed.date).exclude(source_name=path.name).first()
    if claimant and (issue is None or "date" not in issue.edited_fields):
        page = parsed.pages[0].number if parsed.pages else 1
        raise ImportRefused(
            f"issue {parsed.date:%Y-%m-%d} page {page:02d} is already imported from "
            f"{claimant.source_name}; two files cannot claim the same issue and page"
        )
    if parsed.number:
        clash = Issue.objects.filter(number=parsed.number).exclude(source_name=path.name).first()
        if clash:
            raise ImportRefused(
                f"issue number {parsed.number} is already used by {clash.date:%Y-%m-%d} ({clash.source_name})"
            )
    result.status = "updated" if issue else "created"
    issue = _store_issue(issue, parsed, path.name, checksum, result)
    _store_pages(issue, parsed, result)
    result.issue = issue


def _store_issue(issue, parsed, source_name, checksum, result):
    values = {
        "date": parsed.date,
        "number": parsed.number,
        "page_count": parsed.page_count,
        "lunar_date": parsed.lunar_date,
        "date_source": parsed.date_source,
        "date_needs_review": parsed.date_source == Issue.DateSource.INFERRED,
        "date_evidence": parsed.date_evidence,
    }
    if issue is None:
        return Issue.objects.create(source_name=source_name, source_checksum=checksum, **values)
    for name, value in values.items():
        if _is_kept(issue, name, getattr(issue, name), value, result, f"issue {name}"):
            continue
        setattr(issue, name, value)
    issue.source_checksum = checksum
    issue.save()
    return issue


def _is_kept(obj, name, current, new, result, label):
    """True when an editor corrected this field; noted in the report when it differs."""
    if name not in obj.edited_fields and not (name.startswith("date") and "date" in obj.edited_fields):
        return False
    if current != new:
        result.kept.append(f"{label}: kept {current!r}, file says {new!r}")
    return True


def _store_pages(issue, parsed, result):
    sections = {}
    for name in {page.section for page in parsed.pages if page.section}:
        sections[name], _ = Section.objects.get_or_create(name=name)
    districts = {d.name: d for d in District.objects.all()}
    people = _people({name for a in parsed.articles for _, name in a.bylines})

    existing_pages = {page.number: page for page in issue.pages.all()}
    existing = {a.import_key: a for a in Article.objects.filter(page__issue=issue)}
    # Articles an editor merged into others stay merged.
    merged = {key for a in existing.values() for key in a.merged_keys}
    # Free every position first, so articles can move without clashing.
    Article.objects.filter(page__issue=issue).update(position=F("position") + 10000)

    seen, new = set(), []
    for parsed_page in parsed.pages:
        page = existing_pages.get(parsed_page.number)
        section = sections.get(parsed_page.section)
        if page is None:
            page = Page.objects.create(
                issue=issue, number=parsed_page.number, section=section, editors=parsed_page.editors
            )
            existing_pages[page.number] = page
        else:
            _update_page(page, section, parsed_page.editors, result)
        position = 0
        for parsed_article in parsed_page.articles:
            key = _unique_key(article_key(parsed_article), seen)
            if key in merged:
                continue
            position += 1
            article = existing.pop(key, None)
            if article is None:
                new.append(
                    (
                        Article(
                            page=page, position=position, import_key=key, **_article_values(parsed_article)
                        ),
                        parsed_article,
                    )
                )
            else:
                _update_article(article, page, position, parsed_article, districts, people, result)
    _create_articles(new, districts, people, result)

    # Articles the new file no longer has: gone, unless an editor worked on them.
    for article in existing.values():
        if article.edited_fields:
            result.kept.append(f"article {article.headline!r}: kept, edited but not in the file")
            last = article.page.articles.exclude(pk=article.pk).order_by("-position").first()
            article.position = (last.position + 1) if last and last.position < 10000 else 1
            article.save(update_fields=["position"])
        else:
            result.removed_article_ids.append(article.pk)
            article.delete()
            result.removed += 1
    for number, page in existing_pages.items():
        if number not in {p.number for p in parsed.pages} and not page.articles.exists():
            page.delete()


def _update_page(page, section, editors, result):
    values = {"section": section, "editors": [list(e) for e in editors]}
    changed = []
    for name, value in values.items():
        label = f"page {page.number:02d} {name}"
        if getattr(page, name) != value and not _is_kept(
            page, name, getattr(page, name), value, result, label
        ):
            setattr(page, name, value)
            changed.append(name)
    if changed:
        page.save(update_fields=changed)


def _article_values(parsed):
    return {
        "kind": parsed.kind,
        "column": parsed.column[:100],
        "kicker": parsed.kicker[:200],
        "headline": (parsed.headline or "（无标题）")[:200],
        "subtitle": parsed.subtitle[:200],
        "body": parsed.body,
        "continues_on": parsed.continues_on,
        "continued_from": parsed.continued_from,
    }


def _create_articles(new, districts, people, result):
    """New articles, their bylines, captions and districts: a handful of queries per file."""
    articles = Article.objects.bulk_create([article for article, _ in new])
    bylines, captions, places = [], [], []
    for article, (_, parsed) in zip(articles, new, strict=True):
        bylines += _bylines(article, parsed, people)
        captions += _captions(article, parsed)
        places += [
            Article.districts.through(article=article, district=districts[name])
            for name in _districts_of(parsed)
            if name in districts
        ]
    Byline.objects.bulk_create(bylines)
    Caption.objects.bulk_create(captions)
    Article.districts.through.objects.bulk_create(places)
    result.created += len(articles)
    result.changed_article_ids += [article.pk for article in articles]


def _update_article(article, page, position, parsed, districts, people, result):
    label = f"article {article.headline!r}"
    for name, value in _article_values(parsed).items():
        if not _is_kept(article, name, getattr(article, name), value, result, f"{label} {name}"):
            setattr(article, name, value)
    article.page, article.position = page, position
    article.save()
    result.updated += 1
    result.changed_article_ids.append(article.pk)
    if "districts" not in article.edited_fields:
        article.districts.set([districts[n] for n in _districts_of(parsed) if n in districts])
    if "bylines" not in article.edited_fields:
        article.bylines.all().delete()
        Byline.objects.bulk_create(_bylines(article, parsed, people))
    if "captions" not in article.edited_fields:
        article.captions.all().delete()
        Caption.objects.bulk_create(_captions(article, parsed))


def _districts_of(parsed):
    """Stories are browsed by district; guide entries, notes and ads are not."""
    return [] if parsed.kind in Article.NOT_STORIES else parsed.districts


def _bylines(article, parsed, people):
    unique = dict.fromkeys(parsed.bylines)
    return [
        Byline(article=article, person=people[name], role=role, position=n)
        for n, (role, name) in enumerate(unique)
    ]


def _captions(article, parsed):
    return [
        Caption(article=article, text=c.text, credit=c.credit[:100], position=n)
        for n, c in enumerate(parsed.captions)
    ]


def _people(names):
    people = {p.name: p for p in Person.objects.filter(name__in=names)}
    missing = [Person(name=name) for name in names if name not in people]
    if missing:
        Person.objects.bulk_create(missing, ignore_conflicts=True)
        people.update({p.name: p for p in Person.objects.filter(name__in=names)})
    return people


def article_key(parsed):
    """A key that survives re-layout: the kind and the opening words of the text."""
    text = parsed.body or parsed.headline
    text = re.sub(r"\W", "", unicodedata.normalize("NFKC", text))[:40]
    return hashlib.sha1(f"{parsed.kind}:{text}".encode()).hexdigest()


def _unique_key(key, seen):
    candidate, n = key, 1
    while candidate in seen:
        n += 1
        candidate = hashlib.sha1(f"{key}:{n}".encode()).hexdigest()
    seen.add(candidate)
    return candidate
