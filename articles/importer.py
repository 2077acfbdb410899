"""Import the paper's text dumps: `Importer` runs over files, storing each parsed issue in one
transaction, safe to repeat.

Re-importing the same bytes changes nothing (unless forced, after a parser
upgrade). A changed file updates its issue in place, matching its articles
with the issue's as a whole (articles/identity.py): a story whose opening or
headline changed keeps its URL and its corrections; one the file now prints
inside another answers with a 301 to it, one it no longer prints with a 410.
Every import updates the source layer (articles/corrections.py); where an
editor's correction hides it and the two now differ, the result names the
article and the field. An article whose text changed gets a revision by
"导入" in its history. The result (articles/import_results.py) names each
story added, removed, merged, retitled or moved, by headline, with the URLs
that changed.
"""

import hashlib
import os
import re
import stat
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from zhsearch.exceptions import SearchIndexUnavailable

from . import changes, identity
from .corrections import IMPORT, plain
from .import_results import (
    STATUS,
    Difference,
    Explanation,
    ImportResult,
    Refusal,
    StoryChange,
    changes_said,
)
from .indexing import catch_up, pipelined, require_index
from .models import (
    Article,
    ArticleRedirect,
    Byline,
    Caption,
    District,
    FormerName,
    Issue,
    Page,
    Person,
    Section,
    article_key,
    date_kwargs,
)
from .parsing import ParseError, decode, explain_issue, parse_issue, plausible_name
from .search_indexes import ArticleIndex

# What the parser (plain Python, in English) may refuse a file for, as the report translates it.
PARSE_ERRORS = (
    gettext_noop("the file holds no text"),
    gettext_noop("no article could be found in the text"),
    gettext_noop("the file is empty"),
    gettext_noop("this is a binary file, not text"),
    gettext_noop("the text is in an unknown encoding (expected UTF-8 or GB18030/GBK)"),
)
# The parser's refusals with the file's own details in them, each with its message in our catalogue.
PARSE_ERROR_FORMS = (
    (
        re.compile(r"the masthead prints an impossible date: (?P<date>.*+)"),
        gettext_noop("the masthead prints an impossible date: %(date)s"),
    ),
    (
        re.compile(
            r"no date for this issue: no masthead, no date in the file name, and the text names no year; "
            r"pass --date YYYY-MM-DD"
        ),
        gettext_noop(
            "no date for this issue: no masthead, no date in the file name, and the text names no year; "
            "pass --date YYYY-MM-DD"
        ),
    ),
    (
        re.compile(
            r"no date for this issue: no masthead, no date in the file name, and the text names the year "
            r"(?P<year>\d++) but no day in it; pass --date YYYY-MM-DD"
        ),
        gettext_noop(
            "no date for this issue: no masthead, no date in the file name, and the text names the year "
            "%(year)s but no day in it; pass --date YYYY-MM-DD"
        ),
    ),
)


def parse_error_said(error):
    """The parser's refusal in the operator's language."""
    message = str(error)
    for form, said in PARSE_ERROR_FORMS:
        if match := form.fullmatch(message):
            return gettext(said) % match.groupdict()
    return gettext(message)


# The roles that sign a commentary as its author (□ 张三, 文/张三, 本报评论员): their byline holds
# the author's description.
AUTHOR_ROLES = ("作者", "评论员", "特约评论员")
# The largest 期号 every database's integer column holds.
MAX_NUMBER = 2**31 - 1
# A broadsheet page prints some fifteen thousand characters of body type: a longer line is no paragraph
# of it, and a story (the part of it one page prints) of five pages' worth is text the parser found no
# title in, not a story.
LONGEST_LINE = 20_000
LONGEST_STORY = 100_000
# Dates the file itself gives, as opposed to inferred from its text or corrected by an editor.
FILE_DATES = (Issue.DateSource.MASTHEAD, Issue.DateSource.OPTION, Issue.DateSource.FILENAME)


class ImportRefused(Exception):
    """The file (or the whole run) cannot be imported; the message names the problem."""


class SamplesDeclined(ImportRefused):
    """Sample issues offered to an archive that holds real ones: nothing is wrong, nothing is loaded."""


class Importer:
    """Imports the paper's text dumps, one issue per file, each file in a transaction of its own: what
    open-oni's BatchLoader is to its batches.

        importer = Importer(force=True)
        files = importer.collect(paths)   # {file: the name it is known by}
        notices = importer.prepare()      # the run can write, and the search index is there
        for outcome in importer.run(files):
            print(outcome.describe())     # ImportResult, Explanation or Refusal
        importer.summary()

    A file that cannot be imported is refused (a `Refusal`, the run goes on
    with the next); what stops the whole run is an ImportRefused. A dry run
    writes nothing and needs no database write nor index; `explain` gives each
    file's lines with what the parser took them for. Each file's articles
    reach the search index after its commit, folded while the next file is
    parsed (indexing.pipelined); before and after the run, the index catches
    up with what a process killed between a commit and its indexing left out.
    """

    def __init__(
        self, *, date=None, dry_run=False, force=False, samples=False, explain=False, traceback=False
    ):
        self.date = date
        self.dry_run = dry_run or explain
        self.force = force
        self.samples = samples
        self.explain = explain
        # An unexpected error stops the run with its traceback, rather than refusing the file.
        self.traceback = traceback
        self.results = []
        self.refused = []
        self.done = 0  # files imported, explained or refused

    def collect(self, paths):
        """{file: its path relative to the folder named (its name, when named itself)}."""
        files = {}
        for path in map(Path, paths):
            if not path.exists():
                raise ImportRefused(gettext("%(path)s: no such file or directory") % {"path": path})
            if path.is_dir():
                # Not only regular files: a pipe or a device named *.txt is refused by name, never read.
                found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".txt" and not p.is_dir())
                if not found:
                    raise ImportRefused(
                        gettext("%(path)s: the directory holds no .txt files") % {"path": path}
                    )
                for file in found:
                    files.setdefault(file, file.relative_to(path).as_posix())
            else:
                files.setdefault(path, path.name)
        return files

    def prepare(self):
        """Before a run that writes: the database takes writes, the search index is there and caught up
        with it. Returns what the operator should hear of it."""
        if self.dry_run:
            return []
        if self.samples and Issue.objects.filter(is_sample=False).exists():
            # Fictional issues never mix with a real archive.
            raise SamplesDeclined(gettext("The archive holds real issues: sample issues are not loaded."))
        require_writable_database()
        caught_up = self.catch_up()
        if not caught_up:
            return []
        return [
            gettext("the search index was behind the database: %(count)d articles indexed again")
            % {"count": caught_up}
        ]

    def run(self, files):
        """Import the files one by one, yielding each one's outcome as it is done."""
        with nullcontext() if self.dry_run else pipelined():
            for path, name in files.items():
                outcome = self.import_one(path, name)
                self.done += 1
                if outcome.refused:
                    self.refused.append(outcome)
                elif isinstance(outcome, ImportResult):
                    self.results.append(outcome)
                yield outcome
                if isinstance(outcome, ImportResult):
                    outcome.parsed = None  # reported: the tally is kept, not the parse
        if not self.dry_run:
            self.catch_up()  # what a failed indexing after a commit left out

    def import_one(self, path, name):
        try:
            if self.explain:
                return Explanation(name, *explain_issue_file(path, self.date, name))
            return import_file(
                path,
                date=self.date,
                dry_run=self.dry_run,
                force=self.force,
                sample=self.samples,
                source_name=name,
            )
        except ImportRefused as error:
            return Refusal(path, str(error))
        except Exception as error:  # a bug meets this file: refuse it, go on with the next
            if self.traceback:
                raise
            reason = gettext("it could not be read (%(error)s: %(reason)s)") % {
                "error": type(error).__name__,
                "reason": " ".join(str(error).split()),
            }
            return Refusal(path, reason)

    def catch_up(self):
        """The search index must be there; it takes what it lacks. Returns how many articles it took."""
        try:
            require_index()
            return catch_up()
        except SearchIndexUnavailable as error:
            raise ImportRefused(str(error)) from None

    def summary(self):
        """The run in one line: files by what became of them, and the articles it added, changed and
        removed (a dry run: the articles it parsed)."""
        tally = {}
        for result in self.results:
            tally[result.status] = tally.get(result.status, 0) + 1
        parts = [
            gettext("%(count)d %(status)s") % {"count": n, "status": STATUS[status]}
            for status, n in sorted(tally.items())
        ]
        if self.refused:
            parts.append(gettext("%(count)d refused") % {"count": len(self.refused)})
        if self.dry_run:
            parsed = sum(result.articles for result in self.results)
            articles = ngettext("%(count)d article", "%(count)d articles", parsed) % {"count": parsed}
        else:
            done = [
                sum(getattr(result, n) for result in self.results) for n in ("created", "changed", "removed")
            ]
            articles = gettext("articles: %(changes)s") % {"changes": changes_said(*done)}
        return ngettext(
            "%(files)d file: %(parts)s; %(articles)s", "%(files)d files: %(parts)s; %(articles)s", self.done
        ) % {
            "files": self.done,
            "parts": gettext(", ").join(parts) or gettext("none"),
            "articles": articles,
        }

    def refusals(self):
        """How many of the run's files were refused, or None."""
        if not self.refused:
            return None
        message = ngettext(
            "%(refused)d of %(count)d file was refused",
            "%(refused)d of %(count)d files were refused",
            self.done,
        )
        return message % {"refused": len(self.refused), "count": self.done}


def read_issue_file(path: Path, date=None, source_name=None):
    """Read, decode and parse one file; ImportRefused says what is wrong with it."""
    data = read_bounded(path, settings.IMPORT_MAX_BYTES)
    try:
        text = decode(data)
        refuse_overlong_lines(text)
        parsed = parse_issue(text, filename=source_name or path.name, date=date)
    except ParseError as error:
        raise ImportRefused(parse_error_said(error)) from None
    refuse_overlong_stories(parsed)
    return parsed, hashlib.sha256(data).hexdigest()


def explain_issue_file(path: Path, date=None, source_name=None):
    """Each line of a file with what the parser took it for (see `parsing.explain_issue`), and the
    issue it read."""
    data = read_bounded(path, settings.IMPORT_MAX_BYTES)
    try:
        text = decode(data)
        refuse_overlong_lines(text)
        filename = source_name or path.name
        return (
            explain_issue(text, filename=filename, date=date),
            parse_issue(text, filename=filename, date=date),
        )
    except ParseError as error:
        raise ImportRefused(parse_error_said(error)) from None


def refuse_overlong_lines(text):
    """A line longer than a printed page holds: the file is no dump of printed pages (or lost its line ends)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > LONGEST_LINE:
            raise ImportRefused(
                gettext(
                    "line %(number)d holds %(length)s characters, more than the %(limit)s a printed page holds"
                )
                % {"number": number, "length": f"{len(line):,}", "limit": f"{LONGEST_LINE:,}"}
            )


def refuse_overlong_stories(parsed):
    """A story longer than pages print: the parser found no title to end it, and no reader could use it."""
    for article in parsed.articles:
        if len(article.body) > LONGEST_STORY:
            raise ImportRefused(
                gettext(
                    "the story %(headline)s runs to %(length)s characters, more than the %(limit)s "
                    "five printed pages hold: no title was found to end it"
                )
                % {
                    "headline": f"《{article.headline[:30]}》",
                    "length": f"{len(article.body):,}",
                    "limit": f"{LONGEST_STORY:,}",
                }
            )


def read_bounded(path: Path, limit):
    """The bytes of a regular file of at most `limit` bytes.

    Opened without blocking (a FIFO would wait for a writer) and checked once
    open, so a device, a pipe or a file that grows cannot slip past the limit:
    it holds for what is read, not for what stat() said.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise ImportRefused(gettext("cannot read it: %(error)s") % {"error": error.strerror}) from None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ImportRefused(gettext("it is not a regular file"))
        try:
            data = file.read(limit + 1)
        except OSError as error:
            raise ImportRefused(gettext("cannot read it: %(error)s") % {"error": error.strerror}) from None
    if len(data) > limit:
        raise ImportRefused(
            gettext("it is larger than the %(mb).0f MB (%(bytes)s bytes) an issue can be")
            % {"mb": limit / 1_048_576, "bytes": f"{limit:,}"}
        )
    return data


def import_file(
    path: Path, *, date=None, dry_run=False, force=False, sample=False, source_name=None
) -> ImportResult:
    """Import one file; `source_name` is its path relative to the folder imported (default: its name)."""
    source_name = source_name or path.name
    if len(source_name) > Issue._meta.get_field("source_name").max_length:
        raise ImportRefused(
            gettext("its path is too long to be recorded; import it from a folder nearer to it")
        )
    parsed, checksum = read_issue_file(path, date, source_name)
    if dry_run:
        return _result(path, parsed, source_name)
    return store_issue(parsed, checksum, source_name, path=path, force=force, sample=sample)


def _result(path, parsed, source_name):
    return ImportResult(
        path,
        "parsed",
        parsed=parsed,
        pages=len(parsed.pages),
        articles=len(parsed.articles),
        doubtful=sum(1 for article in parsed.articles if article.doubts),
        source_name=source_name,
    )


def store_issue(parsed, checksum, source_name, *, path=None, force=False, sample=False) -> ImportResult:
    """Store a parsed issue in one transaction; `checksum` is its file's (an unchanged one is skipped)."""
    path = path or Path(source_name)
    result = _result(path, parsed, source_name)
    result.imported_at = timezone.now()
    try:
        with changes.together():
            wait_for_other_runs(source_name, parsed.date.isoformat())
            written = _store(path, parsed, checksum, result, force=force, sample=sample)
            if result.issue and result.status != "unchanged":
                # Its new articles were bulk-created, with no signals to name them.
                changes.changed(
                    result.changed_article_ids + result.removed_article_ids,
                    days=[result.issue.date],
                    issues=[result.issue.pk],
                    written=written,
                )
    except (DatabaseError, OverflowError) as error:
        raise ImportRefused(database_refusal(error)) from None
    return result


def _store(path, parsed, checksum, result, *, force=False, sample=False):
    """Store the file's issue; returns the articles created, with the lists the search index reads."""
    name = result.source_name or path.name
    issue = _source_issue(name, parsed)
    if issue and issue.source_checksum == checksum and not force:
        result.status, result.issue = "unchanged", issue
        return []
    others = Issue.objects.exclude(pk=issue.pk) if issue else Issue.objects.all()
    claimant = others.filter(date=parsed.date).first()
    if claimant and (issue is None or "date" not in issue.source):
        page = parsed.pages[0].number if parsed.pages else 1
        raise ImportRefused(
            gettext(
                "issue %(date)s page %(page)02d is already imported from %(source)s; "
                "two files cannot claim the same issue and page"
            )
            % {"date": f"{parsed.date:%Y-%m-%d}", "page": page, "source": claimant.source_name}
        )
    if parsed.number:
        if parsed.number > MAX_NUMBER:
            raise ImportRefused(
                gettext("its 期号 %(number)d is too large to be an issue number") % {"number": parsed.number}
            )
        clash = others.filter(number=parsed.number).first()
        if clash:
            raise ImportRefused(
                gettext("issue number %(number)d is already used by %(date)s (%(source)s)")
                % {"number": parsed.number, "date": f"{clash.date:%Y-%m-%d}", "source": clash.source_name}
            )
    result.status = "updated" if issue else "created"
    issue = _store_issue(issue, parsed, name, checksum, result, sample)
    written = _store_pages(issue, parsed, result)
    result.issue = issue
    return written


def _source_issue(name, parsed):
    """The issue this file is the source of, or None for a new one.

    A file is known by its path relative to the folder imported. The same
    day's issue imported under the same file name from another folder is the
    same source. A path that now holds another
    day's issue, as both files date it, is refused: one would replace the other.
    """
    issue = Issue.objects.select_for_update().filter(source_name=name).first()
    if issue is None:
        same_day = Issue.objects.select_for_update().filter(date=parsed.date).first()
        return same_day if same_day and Path(same_day.source_name).name == Path(name).name else None
    # The date the file gave last time (an editor's correction of it changes nothing here).
    before = issue.source_layer()["date"]
    dated_by_files = issue.date_source in FILE_DATES and parsed.date_source in FILE_DATES
    if before != parsed.date.isoformat() and dated_by_files:
        raise ImportRefused(
            gettext(
                "%(name)s was imported as the issue of %(before)s, and this file is the issue of %(date)s; "
                "import both from a folder above them, so that each is known by its path"
            )
            % {"name": name, "before": before, "date": f"{parsed.date:%Y-%m-%d}"}
        )
    return issue


def _store_issue(issue, parsed, source_name, checksum, result, sample):
    values = {
        "date": parsed.date,
        "number": parsed.number,
        "page_count": parsed.page_count,
        "lunar_date": parsed.lunar_date,
    }
    found = {
        "date_source": parsed.date_source,
        "date_needs_review": parsed.date_source == Issue.DateSource.INFERRED,
        "date_evidence": parsed.date_evidence,
    }
    if issue is None:
        if not sample and not Issue.objects.filter(is_sample=False).exists():
            # The first real issue: the samples leave search (Article.objects.public()).
            result.removed_article_ids += Article.objects.filter(page__issue__is_sample=True).values_list(
                "pk", flat=True
            )
        return Issue.objects.create(
            source_name=source_name,
            source_checksum=checksum,
            is_sample=sample,
            source_imported_at=result.imported_at,
            **values,
            **found,
        )
    old_date = issue.date
    layer = issue.source_layer()
    for name in issue.take_source(values):
        result.differ.append(Difference("issue", f"{issue.date:%Y-%m-%d}", name, issue.field_label(name)))
    if "date" not in issue.source:
        # How the file dates the issue goes with the date it gives.
        for name, value in found.items():
            setattr(issue, name, value)
    if issue.source_layer() != layer:
        issue.source_imported_at = result.imported_at
    issue.source_checksum = checksum
    issue.save()
    issue.remember_date(old_date)
    if issue.date != old_date:
        result.moved_from = old_date
    return issue


def _store_pages(issue, parsed, result):
    """The file's pages and articles, each matched with a story the issue held; returns the articles created."""
    sections = {}
    for name in {page.section for page in parsed.pages if page.section}:
        sections[name], _ = Section.objects.get_or_create(name=name)
    districts = {d.name: d for d in District.objects.all()}
    people = _people({name for a in parsed.articles for _, name in a.bylines})

    existing_pages = {page.number: page for page in issue.pages.select_related("section")}
    stored = list(
        Article.objects.filter(page__issue=issue)
        .select_related("page")
        .with_bylines()
        .prefetch_related("districts", "captions")
        .order_by("page__number", "position")
    )
    old_order = {}
    for article in stored:
        old_order.setdefault(article.page_id, []).append(article.pk)
    # Whom and what the issue named before: those no article or page names afterwards go (_forget).
    named = {b.person_id for article in stored for b in article.bylines.all()}
    named |= set(
        Person.objects.filter(
            name__in={b[1] for article in stored for b in article.source.get("bylines", ())}
        ).values_list("pk", flat=True)
    )
    sections_named = {page.section_id for page in existing_pages.values() if page.section_id}
    addresses = {article.pk: _address(issue, article.page.number, article.number) for article in stored}
    # Free every position first, so articles can move without clashing.
    Article.objects.filter(page__issue=issue).update(position=F("position") + 10000)
    numbers = {page.pk: page.next_article_number() for page in existing_pages.values()}
    # The addresses of stories earlier imports removed or merged away: one the file prints apart
    # again takes its address back.
    former = {(r.page, "".join(r.headline.split())): r for r in issue.former_articles.order_by("-number")}

    seen = set()
    placed = [(page, article) for page in parsed.pages for article in page.articles]
    keys = [_unique_key(article_key(article), seen) for _, article in placed]
    matching = identity.match(
        [_stored_story(article) for article in stored],
        [
            identity.Story(key, article.kind, page.number, _story_text(article))
            for key, (page, article) in zip(keys, placed, strict=True)
        ],
    )

    new, found, absorbed, restored = [], {}, {}, {}
    index = 0
    for parsed_page in parsed.pages:
        page = existing_pages.get(parsed_page.number)
        if page is None:
            page = Page.objects.create(
                issue=issue,
                number=parsed_page.number,
                section=sections.get(parsed_page.section),
                editors=parsed_page.editors,
                source_imported_at=result.imported_at,
            )
            existing_pages[page.number] = page
            numbers[page.pk] = page.next_article_number()
        else:
            _update_page(page, parsed_page, result)
        position = 0
        for parsed_article in parsed_page.articles:
            index, i = index + 1, index
            if i in matching.absorbed:
                # An editor merged this story into another: it stays there.
                holder = stored[matching.absorbed[i]]
                absorbed.setdefault(holder.pk, set(holder.merged_keys)).add(keys[i])
                continue
            position += 1
            if i not in matching.same:
                values = _article_values(parsed_article)
                again = former.pop((page.number, "".join(values["headline"].split())), None)
                if again:
                    number = again.number
                    restored[again.pk] = parsed_article
                else:
                    number, numbers[page.pk] = numbers[page.pk], numbers[page.pk] + 1
                article = Article(
                    page=page,
                    date=issue.date,
                    position=position,
                    number=number,
                    import_key=keys[i],
                    source_imported_at=result.imported_at,
                    **values,
                )
                # The parser's doubts send a new article to the review queue, with the reason.
                article.parse_doubts = _doubts_of(parsed_article)
                article.needs_review = bool(article.parse_doubts)
                new.append((article, parsed_article))
                found[i] = article
                continue
            article = stored[matching.same[i]]
            if article.page_id != page.pk:
                # Re-laid out onto another page: the old link follows it there.
                ArticleRedirect.objects.create(
                    issue=issue,
                    page=article.page.number,
                    number=article.number,
                    article=article,
                    headline=article.headline,
                )
                article.number, numbers[page.pk] = numbers[page.pk], numbers[page.pk] + 1
            article.page, article.position, article.import_key = page, position, keys[i]
            retitled = _note_retitled(article, parsed_article, addresses[article.pk], result)
            if _update_article(article, parsed_article, districts, result) and not retitled:
                result.stories.append(StoryChange("changed", article.headline, addresses[article.pk]))
            if addresses[article.pk] != _address(issue, page.number, article.number):
                result.stories.append(
                    StoryChange(
                        "moved",
                        article.headline,
                        addresses[article.pk],
                        article.headline,
                        _address(issue, page.number, article.number),
                    )
                )
            found[i] = article
    ArticleRedirect.objects.filter(pk__in=restored).delete()
    restored = {id(parsed) for parsed in restored.values()}
    written = _create_articles(new, districts, people, result)
    for article, (_, parsed_article) in zip(written, new, strict=True):
        kind = "restored" if id(parsed_article) in restored else "added"
        result.stories.append(
            StoryChange(kind, article.headline, _address(issue, article.page.number, article.number))
        )
    for pk, merged_keys in absorbed.items():
        Article.objects.filter(pk=pk).update(merged_keys=sorted(merged_keys))

    # Stories the file prints inside another: their addresses lead there.
    for j, i in matching.merged.items():
        article, into = stored[j], found[i]
        if article.source:
            result.differ.append(Difference("merged", article.headline, "", ""))
        result.stories.append(
            StoryChange(
                "merged",
                article.headline,
                addresses[article.pk],
                into.headline,
                _address(issue, into.page.number, into.number),
            )
        )
        result.removed_article_ids.append(article.pk)
        result.removed += 1
        article.retire(into=into)

    # Stories the file no longer prints: gone, unless an editor worked on them.
    kept = []
    for j in matching.gone(stored):
        article = stored[j]
        if article.source or article.split_off:
            result.differ.append(Difference("absent", article.headline, "", ""))
            kept.append(article)
        else:
            result.stories.append(StoryChange("removed", article.headline, addresses[article.pk]))
            result.removed_article_ids.append(article.pk)
            result.removed += 1
            article.retire()
    for article in kept:
        _keep_in_place(article, old_order[article.page_id])
    for number, page in existing_pages.items():
        if number not in {p.number for p in parsed.pages} and not page.articles.exists():
            page.delete()
    _forget(named, sections_named, result)
    return written


def _forget(people, sections, result):
    """The people and sections the issue named that no article or page names any more go.

    They are an earlier parser's misreadings (a fragment of a sentence taken
    for a reporter, a box label for a page's section), cleaned up by a
    re-import with --force. A person whose name the file now prints corrected
    (a role word no longer glued to it) leaves their old URL leading to the
    corrected one, as an editor's rename does.
    """
    corrected = {old: new.pop() for old, new in result.renamed_people.items() if len(new) == 1}
    targets = {person.name: person for person in Person.objects.filter(name__in=set(corrected.values()))}
    unsigned = Person.objects.filter(pk__in=people).exclude(
        Exists(Byline.objects.filter(person=OuterRef("pk")))
    )
    for person in unsigned.order_by("name"):
        target = targets.get(corrected.get(person.name))
        if target is not None:
            FormerName.objects.filter(person=person).update(person=target)
        person.delete()
        if target is not None:
            FormerName.objects.update_or_create(name=person.name, defaults={"person": target})
            result.people_renamed.append((person.name, target.name))
        else:
            result.people_removed.append(person.name)
    unused = Section.objects.filter(pk__in=sections).exclude(
        Exists(Page.objects.filter(section=OuterRef("pk")))
    )
    for section in unused.order_by("name"):
        section.delete()
        result.sections_removed.append(section.name)


def _stored_story(article):
    """What matching reads of a stored article: the text the file gave it, and what an editor made of it."""
    text = " ".join(
        article.source.get(name, getattr(article, name))
        for name in ("kicker", "headline", "subtitle", "body")
    )
    return identity.Story(
        article.import_key,
        article.source.get("kind", article.kind),
        article.page.number,
        text,
        merged_keys=tuple(article.merged_keys),
        merged_text=article.body if article.merged_keys else "",
        editors_own=article.split_off,
    )


def _story_text(parsed):
    return " ".join((parsed.kicker, parsed.headline, parsed.subtitle, parsed.body))


def _address(issue, page, number):
    return reverse("articles:article", kwargs={**date_kwargs(issue.date), "page": page, "number": number})


def _note_retitled(article, parsed, url, result):
    """A story whose headline the file changed, where no editor's headline hides it, is named in the report."""
    before = article.source.get("headline", article.headline)
    after = _article_values(parsed)["headline"]
    if before != after and "headline" not in article.source:
        result.stories.append(StoryChange("retitled", before, url, after))
        return True
    return False


def _keep_in_place(article, old_order):
    """An edited article the file lacks (a split-off half) stays right after the article it followed."""
    earlier = old_order[: old_order.index(article.pk)]
    placed = Article.objects.filter(pk__in=earlier, page=article.page_id, position__lt=10000)
    positions = dict(placed.values_list("pk", "position"))
    after = next((positions[pk] for pk in reversed(earlier) if pk in positions), 0)
    article.shift_positions_after(after, 1)
    article.position = after + 1
    article.save(update_fields=["position"])


def _update_page(page, parsed_page, result):
    values = {"section": parsed_page.section or None, "editors": [list(e) for e in parsed_page.editors]}
    before = page.source_layer(), {name: page.shown(name) for name in values}
    for name in page.take_source(values):
        result.differ.append(Difference("page", f"{page.number:02d}", name, page.field_label(name)))
    # A saved page renews its articles' index entries and cached pages: only when something changed.
    if before != (page.source_layer(), {name: page.shown(name) for name in values}):
        if page.source_layer() != before[0]:
            page.source_imported_at = result.imported_at
        page.save()


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
        "author_note": _signed(parsed)[1],
    }


def _signed(parsed):
    """The article's bylines as [role, name] (with the author's description third on the author's),
    and the description the article keeps itself when no one byline is told to be the author's.

    The author's is the one byline in an author's role (作者, 评论员), or the only byline. With
    co-authors, reporters only or no byline the description stays with the article: a title
    pinned on the wrong person would print under a stranger's name.
    """
    bylines = [list(byline) for byline in dict.fromkeys(parsed.bylines)]
    note = (
        parsed.author_note.strip().strip("()（）").strip()[: Byline._meta.get_field("description").max_length]
    )
    if not note:
        return bylines, ""
    authors = [n for n, (role, _) in enumerate(bylines) if role in AUTHOR_ROLES]
    if len(authors) == 1 or (not authors and len(bylines) == 1):
        bylines[authors[0] if authors else 0].append(note)
        return bylines, ""
    return bylines, note


def _create_articles(new, districts, people, result):
    """New articles, their bylines, captions and districts: a handful of queries per file; returns them,
    with what the search index reads of them (ArticleIndex.as_written)."""
    articles = Article.objects.bulk_create([article for article, _ in new])
    bylines, captions, places = [], [], []
    for article, (_, parsed) in zip(articles, new, strict=True):
        signed, printed = _bylines(article, parsed, people), _captions(article, parsed)
        named = [districts[name] for name in _districts_of(parsed) if name in districts]
        # The search index takes them as written, when this file's transaction commits.
        ArticleIndex.as_written(article, bylines=signed, captions=printed, districts=named)
        bylines += signed
        captions += printed
        places += [Article.districts.through(article=article, district=district) for district in named]
    Byline.objects.bulk_create(bylines)
    Caption.objects.bulk_create(captions)
    Article.districts.through.objects.bulk_create(places)
    result.created += len(articles)
    result.changed_article_ids += [article.pk for article in articles]
    return articles


def _update_article(article, parsed, districts, result):
    """The file's values become the article's source layer; its history hears of a change.
    Returns whether the file changed the article's text."""
    values = {
        **_article_values(parsed),
        "districts": sorted(name for name in _districts_of(parsed) if name in districts),
        "bylines": _signed(parsed)[0],
        "captions": [[c.text, c.credit[:100]] for c in parsed.captions],
    }
    values = {name: plain(value) for name, value in values.items()}
    layer = article.source_layer()
    _note_renamed(layer["bylines"], values["bylines"], result)
    text_changed = values != layer
    result.changed += text_changed
    result.changed_article_ids.append(article.pk)
    # A changed text is a change by the import, in the article's history; else only its place moved.
    with article.correcting(None, IMPORT) if text_changed else nullcontext():
        for name in article.take_source(values):
            result.differ.append(Difference("article", article.headline, name, article.field_label(name)))
        article.split_off = False
        _take_doubts(article, _doubts_of(parsed))
        if text_changed:
            article.source_imported_at = result.imported_at
    if not text_changed:
        article.save()
    return text_changed


def _note_renamed(before, after, result):
    """Names the file now prints corrected: a name gone from the bylines whose one successor it
    holds (周晓岚整理 → 周晓岚, 朱 磊 → 朱磊)."""
    now = {name for _, name, *_ in after}
    for _, name, *_ in before:
        if name in now:
            continue
        packed = "".join(name.split())
        successors = [new for new in now if len(new) >= 2 and new in packed]
        if len(successors) == 1:
            result.renamed_people.setdefault(name, set()).add(successors[0])


def _take_doubts(article, doubts):
    """The parse's doubts now. The import's own flag follows them: raised for new doubts on an
    article no editor has reviewed, lowered when the doubts it was raised for are gone."""
    if article.needs_review and article.parse_doubts and not doubts:
        article.needs_review = False
    elif doubts and not article.parse_doubts and article.reviewed_at is None:
        article.needs_review = True
    article.parse_doubts = doubts


def _doubts_of(parsed):
    return "；".join(parsed.doubts)[: Article._meta.get_field("parse_doubts").max_length]


def _districts_of(parsed):
    """Stories are browsed by district; guide entries, notes and ads are not."""
    return [] if parsed.kind in Article.NOT_STORIES else parsed.districts


def _bylines(article, parsed, people):
    return [
        Byline(
            article=article,
            person=people[name],
            role=role,
            description=description[0] if description else "",
            position=n,
            date=article.date,
        )
        for n, (role, name, *description) in enumerate(_signed(parsed)[0])
    ]


def _captions(article, parsed):
    return [
        Caption(article=article, text=c.text, credit=c.credit[:100], position=n)
        for n, c in enumerate(parsed.captions)
    ]


def _people(names):
    people = {p.name: p for p in Person.objects.filter(name__in=names)}
    missing = [Person(name=name, plausible=plausible_name(name)) for name in names if name not in people]
    if missing:
        Person.objects.bulk_create(missing, ignore_conflicts=True)
        people.update({p.name: p for p in Person.objects.filter(name__in=names)})
    return people


def _unique_key(key, seen):
    candidate, n = key, 1
    while candidate in seen:
        n += 1
        candidate = hashlib.sha1(f"{key}:{n}".encode()).hexdigest()
    seen.add(candidate)
    return candidate


# The database and other runs ------------------------------------------------


def require_writable_database():
    """Refuse the whole run at once when the database takes no writes (a read-only file, a standby, a read-only role)."""
    try:
        with transaction.atomic():
            # A write that changes nothing: the database refuses it as it would refuse the import's.
            Issue.objects.filter(pk=-1).update(source_checksum="")
    except DatabaseError as error:
        if not waited_for_a_lock(
            error
        ):  # busy with another writer is not read-only: each file waits its turn
            raise ImportRefused(
                gettext("the database cannot be written (%(reason)s); nothing was imported")
                % {"reason": " ".join(str(error).split())}
            ) from None


def wait_for_other_runs(*names):
    """Wait while another run imports the same file or another file of the same issue, then go on.

    That run's work is then committed, and this one finds the file unchanged
    (or the issue claimed) instead of colliding with it in the database. On
    PostgreSQL a transaction-level advisory lock per name, taken in one order;
    on SQLite every write transaction waits for the one before it (IMMEDIATE),
    which is the same wait.
    """
    if connection.vendor != "postgresql":
        return
    wait = f"{settings.IMPORT_OTHER_RUN_WAIT}s"
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [wait])
        for key in sorted({import_lock(name) for name in names}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        cursor.execute("SET LOCAL lock_timeout TO DEFAULT")


def import_lock(name):
    """The advisory lock (a signed 64-bit key) of one file's or one issue's import."""
    return int.from_bytes(hashlib.sha256(f"import:{name}".encode()).digest()[:8], "big", signed=True)


def database_refusal(error):
    """What the report says of a file the database refused: the database's words, on one line, unless
    they only say that another run held the file past the wait."""
    if waited_for_a_lock(error):
        return gettext("it is being imported by another run; import it again once that run is done")
    reason = " ".join(str(error).split())
    return gettext("the database refused it (%(reason)s); nothing was written") % {"reason": reason}


def waited_for_a_lock(error):
    """The database gave up waiting for another transaction's lock (SQLite's busy timeout, PostgreSQL's lock_timeout)."""
    cause = error.__cause__
    return "database is locked" in str(error) or getattr(cause, "sqlstate", None) == "55P03"
