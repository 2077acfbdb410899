"""What the parser gives back: plain dataclasses, no Django."""

import datetime
from dataclasses import dataclass, field


@dataclass
class Caption:
    text: str
    credit: str = ""


@dataclass
class ParsedArticle:
    kind: str = "news"
    column: str = ""
    kicker: str = ""
    headline: str = ""
    subtitle: str = ""
    bylines: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    continues_on: int | None = None
    continued_from: int | None = None
    districts: list[str] = field(default_factory=list)
    # The author's description as printed at the end of a commentary, without its brackets:
    # 作者为某大学教授. It names no one; the author's name is printed elsewhere.
    author_note: str = ""
    # Why the parser is unsure of this article's bounds, for an editor to check.
    doubts: list[str] = field(default_factory=list)

    @property
    def body(self):
        return "\n".join(self.paragraphs)

    @property
    def title_text(self):
        return " ".join(p for p in (self.column, self.kicker, self.headline, self.subtitle) if p)


@dataclass
class ParsedPage:
    number: int
    section: str = ""
    editors: list[tuple[str, str]] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedIssue:
    date: datetime.date | None = None
    date_source: str = ""
    date_evidence: str = ""
    number: int | None = None
    page_count: int | None = None
    lunar_date: str = ""
    pages: list[ParsedPage] = field(default_factory=list)

    @property
    def articles(self):
        return [article for page in self.pages for article in page.articles]

    def as_json(self, source):
        """The dry-run shape that ../shared/gold/README.md describes."""
        page_index = {id(page): i for i, page in enumerate(self.pages, start=1)}
        return {
            "source": source,
            "issue": {
                "date": self.date.isoformat() if self.date else None,
                "date_source": self.date_source,
                "date_evidence": self.date_evidence,
                "number": self.number,
                "page_count": self.page_count,
                "lunar_date": self.lunar_date or None,
            },
            "pages": [
                {
                    "number": page.number,
                    "section": page.section or None,
                    "editors": [list(e) for e in page.editors],
                }
                for page in self.pages
            ],
            "articles": [
                {
                    "page": page_index[id(page)],
                    "kind": article.kind,
                    "column": article.column or None,
                    "kicker": article.kicker or None,
                    "headline": article.headline,
                    "subtitle": article.subtitle or None,
                    "bylines": [list(b) for b in article.bylines],
                    "author_note": article.author_note or None,
                    "districts": article.districts,
                    "body": article.body,
                    "captions": [c.text for c in article.captions],
                    "caption_credits": [c.credit for c in article.captions],
                    "continued_to": f"{article.continues_on:02d}" if article.continues_on else None,
                    "continued_from": (f"{article.continued_from:02d}" if article.continued_from else None),
                    "doubts": article.doubts,
                }
                for page in self.pages
                for article in page.articles
            ],
        }


class ParseError(ValueError):
    """The text cannot be read as an issue; the message says what to do."""
