"""One article as a reference: GB/T 7714-2015's newspaper form, RIS, BibTeX, CSL-JSON and JSON-LD.

Chinese readers cite a newspaper by GB/T 7714-2015 (作者. 题名[N]. 报纸名,
出版日期(版次).), online with [N/OL], the date they read it and the URL;
reference managers take RIS, BibTeX or CSL-JSON; search engines and
harvesters read schema.org's `NewsArticle`. Each form is made here from one
`Citation`, so all of them say the same of an article.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

# GB/T 7714-2015 (8.1.2): up to three authors are named, more end with the first three and 等.
GBT_AUTHORS = 3
# The downloads: (content type, file extension) by the format's name in the URL.
DOWNLOADS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


@dataclass(frozen=True)
class Byline:
    role: str
    name: str
    description: str
    url: str


@dataclass(frozen=True)
class Citation:
    """What every form of a reference to one article says."""

    paper: str
    headline: str
    kicker: str
    subtitle: str
    bylines: tuple[Byline, ...]
    date: datetime.date
    issue_number: int | None
    issue_url: str
    page: int
    section: str
    column: str
    url: str
    accessed: datetime.date
    key: str

    @classmethod
    def of(cls, article, build_absolute_uri, accessed=None):
        """The citation of an article read with its page, issue, section and bylines (`with_bylines()`).

        `build_absolute_uri` makes a path absolute (the request's); `accessed` is today unless given.
        """
        page, issue = article.page, article.page.issue
        return cls(
            paper=settings.PAPER_NAME,
            headline=article.headline,
            kicker=article.kicker,
            subtitle=article.subtitle,
            bylines=tuple(
                Byline(b.role, b.person.name, b.description, build_absolute_uri(b.person.get_absolute_url()))
                for b in article.bylines.all()
            ),
            date=issue.date,
            issue_number=issue.number,
            issue_url=build_absolute_uri(issue.get_absolute_url()),
            page=page.number,
            section=page.section.name if page.section_id else "",
            column=article.column,
            url=build_absolute_uri(article.get_absolute_url()),
            accessed=accessed or timezone.localdate(),
            key=f"news-{issue.date:%Y%m%d}-{page.number:02d}-{article.number}",
        )

    @property
    def authors(self):
        """The names of the bylines in print order, each once (a reporter who also took the photo)."""
        return list(dict.fromkeys(byline.name for byline in self.bylines))

    # GB/T 7714-2015 ----------------------------------------------------------

    def gbt7714(self, online=False):
        """作者. 题名[N]. 报纸名, 出版日期(版次). — or [N/OL] with the date read and the URL."""
        names = self.authors[:GBT_AUTHORS] + (["等"] if len(self.authors) > GBT_AUTHORS else [])
        head = f"{', '.join(names)}. " if names else ""
        where = f"{self.paper}, {self.date:%Y-%m-%d}({self.page})"
        if online:
            return f"{head}{self.headline}[N/OL]. {where}[{self.accessed:%Y-%m-%d}]. {self.url}."
        return f"{head}{self.headline}[N]. {where}."

    @property
    def printed(self):
        return self.gbt7714()

    @property
    def online(self):
        return self.gbt7714(online=True)

    # Reference managers ------------------------------------------------------

    def ris(self):
        """RIS (NEWS), its lines ended by CR LF as the format asks."""
        lines = [("TY", "NEWS"), *(("AU", name) for name in self.authors), ("TI", self.headline)]
        lines += [
            ("T2", self.paper),
            ("PY", f"{self.date:%Y}"),
            ("DA", f"{self.date:%Y/%m/%d}/"),
            ("SP", str(self.page)),
        ]
        if self.section:
            lines.append(("SE", self.section))
        if self.issue_number:
            lines.append(("IS", str(self.issue_number)))
        lines += [("UR", self.url), ("Y2", f"{self.accessed:%Y/%m/%d}/"), ("LA", "zh-CN"), ("ER", "")]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    def bibtex(self):
        """biblatex's `@article` with `entrysubtype = {newspaper}`; BibTeX reads it as an article."""
        fields = []
        if self.authors:
            fields.append(("author", " and ".join(f"{{{_bibtex(name)}}}" for name in self.authors)))
        fields += [
            ("title", f"{{{_bibtex(self.headline)}}}"),
            ("journaltitle", _bibtex(self.paper)),
            ("journal", _bibtex(self.paper)),
            ("entrysubtype", "newspaper"),
            ("date", f"{self.date:%Y-%m-%d}"),
            ("year", f"{self.date:%Y}"),
            ("month", str(self.date.month)),
            ("pages", str(self.page)),
        ]
        if self.issue_number:
            fields.append(("number", str(self.issue_number)))
        fields += [("url", self.url), ("urldate", f"{self.accessed:%Y-%m-%d}"), ("langid", "chinese")]
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
        return f"@article{{{self.key},\n{body}}}\n"

    def csl(self):
        """The CSL-JSON item (`article-newspaper`); names are literal, as Chinese names are not split."""
        item = {
            "id": self.key,
            "type": "article-newspaper",
            "title": self.headline,
            "container-title": self.paper,
            "author": [{"literal": name} for name in self.authors],
            "issued": {"date-parts": [[self.date.year, self.date.month, self.date.day]]},
            "page": str(self.page),
            "URL": self.url,
            "accessed": {"date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]},
            "language": "zh-CN",
        }
        if self.section:
            item["section"] = self.section
        if self.issue_number:
            item["issue"] = str(self.issue_number)
        return item

    def csl_json(self):
        """A CSL-JSON file: a list of items, this one."""
        return json.dumps([self.csl()], ensure_ascii=False, indent=2) + "\n"

    def download(self, name):
        """(text, content type, file name) of the download `name` (ris, bib, json)."""
        text = {"ris": self.ris, "bib": self.bibtex, "json": self.csl_json}[name]()
        content_type, extension = DOWNLOADS[name]
        return text, content_type, f"{self.key}.{extension}"

    # schema.org ----------------------------------------------------------------

    def news_article(self):
        """schema.org `NewsArticle` as JSON-LD: the article, its authors as printed, its place in print."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.headline,
        }
        # The kicker (引题) above the headline and the subtitle (副题) below it.
        alternative = [text for text in (self.kicker, self.subtitle) if text]
        if alternative:
            data["alternativeHeadline"] = alternative[0] if len(alternative) == 1 else alternative
        data["datePublished"] = f"{self.date:%Y-%m-%d}"
        data["author"] = [_person(byline) for byline in _one_per_name(self.bylines)]
        data["publisher"] = {"@type": "Organization", "name": self.paper}
        data["isPartOf"] = {
            "@type": "PublicationIssue",
            "datePublished": f"{self.date:%Y-%m-%d}",
            "url": self.issue_url,
            "isPartOf": {"@type": "Periodical", "name": self.paper},
        }
        if self.issue_number:
            data["isPartOf"]["issueNumber"] = str(self.issue_number)
        data["printPage"] = str(self.page)
        if self.section:
            data["printSection"] = self.section
        if self.column:
            data["printColumn"] = self.column
        data["inLanguage"] = "zh-CN"
        data["url"] = self.url
        return data


def _bibtex(text):
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in text)


def _one_per_name(bylines):
    """A person once, under the first role printed for them."""
    seen = {}
    for byline in bylines:
        seen.setdefault(byline.name, byline)
    return list(seen.values())


def _person(byline):
    person = {"@type": "Person", "name": byline.name, "url": byline.url}
    if byline.role:
        person["jobTitle"] = byline.role
    if byline.description:
        person["description"] = byline.description
    return person


def json_ld(data):
    """JSON for a <script type="application/ld+json">: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def cited_today(changed):
    """A page's `changed` stamp (caching.cached_until_changed), or the start of today when later.

    A page that cites itself online gives today as the date it was read: it renews with each day,
    not only when the archive changes, and a conditional GET of yesterday's copy is answered anew.
    """

    def stamp(request, *args, **kwargs):
        last = changed(request, *args, **kwargs)
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return max(last, today) if last else today

    return stamp
