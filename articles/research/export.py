"""The archive to take home: every article as a line of JSON, a gzipped file per year, and a manifest.

`ArchiveExport` writes them (`manage.py export_archive` is its door): the
articles of one year at a time, read in chunks with their bylines, districts
and captions prefetched chunk by chunk, each written as soon as it is read,
so memory stays what one chunk needs whatever the archive's size. Sample
issues (样刊) are never exported. With `since`, only the articles changed
since that day are written, into a folder of their own.

A file is written beside its old version and swapped in whole; gzip is told
no time and no name, so the same articles make the same bytes, and a file
whose checksum did not change keeps the date it was first written: /data/
and its feed announce only what is new.
"""

import datetime
import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from articles.models import Article, Byline, Caption

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
CHUNK_SIZE = 1000
# What each line holds: the manifest says it, and /api/ shows it.
FIELDS = {
    "id": "文章的永久编号（整数），重新导入、更正后不变",
    "url": "文章的网址",
    "date": "出版日期，YYYY-MM-DD",
    "issue_number": "期号（没有印期号时为 null）",
    "page": "版次（整数）",
    "section": "版名（没有时为 null）",
    "position": "在该版中的顺序",
    "kind": "类别：news、photo、commentary、editor_note、ad、guide、notice",
    "column": "栏目",
    "kicker": "引题",
    "headline": "标题",
    "subtitle": "副题",
    "bylines": "署名，按印刷顺序：[{role 身份, name 姓名, description 作者简介}]",
    "author_note": "不属于某个署名的作者简介",
    "districts": "涉及的区县名称",
    "body": "正文（编辑更正后的文本），每段一行",
    "captions": "图片说明：[{text, credit}]",
    "continues_on": "下转版次（没有时为 null）",
    "continued_from": "上接版次（没有时为 null）",
    "corrected_fields": "编辑更正过的字段名",
    "as_printed": "被更正字段的原文（来自报纸文本），{字段名: 原值}；不在其中的字段即为原文",
    "changed_at": "最后更改时间（ISO 8601）",
    "text_sha256": "正文（body）UTF-8 编码的 SHA-256",
}


def export_folder():
    return Path(settings.EXPORT_DIR)


def changes_folder_name(since):
    return f"changes-since-{since:%Y-%m-%d}"


def record(article, url):
    """One article as a line of the export; `url` makes its path a URL."""
    issue, page = article.page.issue, article.page
    return {
        "id": article.pk,
        "url": url(article.get_absolute_url()),
        "date": issue.date.isoformat(),
        "issue_number": issue.number,
        "page": page.number,
        "section": page.section.name if page.section_id else None,
        "position": article.position,
        "kind": article.kind,
        "column": article.column,
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "bylines": [
            {"role": b.role, "name": b.person.name, "description": b.description}
            for b in article.bylines.all()
        ],
        "author_note": article.author_note,
        "districts": [district.name for district in article.districts.all()],
        "body": article.body,
        "captions": [{"text": c.text, "credit": c.credit} for c in article.captions.all()],
        "continues_on": article.continues_on,
        "continued_from": article.continued_from,
        "corrected_fields": article.edited_fields,
        "as_printed": {name: article.source[name] for name in article.edited_fields},
        "changed_at": article.changed_at.isoformat(),
        "text_sha256": hashlib.sha256(article.body.encode()).hexdigest(),
    }


@dataclass
class Written:
    """One file of an export, as the manifest lists it."""

    name: str
    year: int
    articles: int
    bytes: int
    sha256: str
    written_at: str

    def as_json(self):
        return dict(self.__dict__)


class ArchiveExport:
    """The archive's articles (or those changed since a day), a gzipped JSON Lines file per year."""

    def __init__(self, folder=None, *, since=None, base_url=None, chunk_size=CHUNK_SIZE):
        self.root = Path(folder) if folder else export_folder()
        self.since = since
        self.folder = self.root / changes_folder_name(since) if since else self.root
        self.base_url = (settings.SITE_URL if base_url is None else base_url).rstrip("/")
        self.chunk_size = chunk_size

    def articles(self):
        """What is exported: every article of a real issue (changed since `since`), its lists prefetched."""
        found = Article.objects.filter(page__issue__is_sample=False)
        if self.since:
            start = datetime.datetime.combine(self.since, datetime.time(), timezone.get_current_timezone())
            found = found.filter(changed_at__gte=start)
        return found.select_related("page__issue", "page__section").prefetch_related(
            Prefetch("bylines", Byline.objects.select_related("person").order_by("position")),
            "districts",
            Prefetch("captions", Caption.objects.order_by("position")),
        )

    def years(self):
        days = self.articles().order_by().values_list("date", flat=True).distinct()
        return sorted({day.year for day in days})

    def run(self, report=None):
        """Write every year's file, then the manifest; returns the manifest. `report(written)` hears of each file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        before = {entry["name"]: entry for entry in read_manifest(self.folder).get("files", [])}
        files = []
        for year in self.years():
            written = self.write_year(year, before.get(self.file_name(year)))
            files.append(written)
            if report:
                report(written)
        kept = {written.name for written in files}
        for stale in set(before) - kept:  # a year the archive no longer holds
            (self.folder / stale).unlink(missing_ok=True)
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "paper": settings.PAPER_NAME,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "since": self.since.isoformat() if self.since else None,
            "licence": settings.ARCHIVE_LICENCE,
            "articles": sum(written.articles for written in files),
            "files": [written.as_json() for written in files],
            "fields": FIELDS,
        }
        _replace(self.folder / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode())
        return manifest

    @staticmethod
    def file_name(year):
        return f"articles-{year}.jsonl.gz"

    def write_year(self, year, before=None):
        """One year's file, written beside the old one and swapped in whole."""
        path = self.folder / self.file_name(year)
        part = path.with_name(f".{path.name}.part")
        articles = (
            self.articles()
            .filter(date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1))
            .order_by("date", "page__number", "position")
        )
        count = 0
        with open(part, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
            for article in articles.iterator(chunk_size=self.chunk_size):
                out.write(json.dumps(record(article, self.url), ensure_ascii=False).encode() + b"\n")
                # Its prefetched bylines and captions point back at it: a cycle that only the cyclic
                # collector frees, which runs too seldom to keep memory flat. Freed now, by count.
                article._prefetched_objects_cache = {}
                count += 1
        digest = file_sha256(part)
        os.replace(part, path)
        unchanged = before and before.get("sha256") == digest
        return Written(
            name=path.name,
            year=year,
            articles=count,
            bytes=path.stat().st_size,
            sha256=digest,
            written_at=before["written_at"] if unchanged else timezone.now().isoformat(timespec="seconds"),
        )

    def url(self, path):
        return f"{self.base_url}{path}"


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _replace(path, data):
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    os.replace(part, path)


def read_manifest(folder):
    """A folder's manifest, or {} where none was written."""
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def published():
    """The manifests /data/ lists: the whole archive's first, then the changes since a day, newest first.

    Each with `folder`: "" for the whole archive, else the changes' folder name.
    """
    root = export_folder()
    found = []
    whole = read_manifest(root)
    if whole:
        found.append({**whole, "folder": ""})
    changes = sorted(root.glob("changes-since-*/" + MANIFEST), reverse=True) if root.is_dir() else []
    for path in changes:
        manifest = read_manifest(path.parent)
        if manifest:
            found.append({**manifest, "folder": path.parent.name})
    return found


def published_file(folder, name):
    """The path of a file a manifest lists, or None: nothing else under the folder is served."""
    for manifest in published():
        if manifest["folder"] == folder and (
            name == MANIFEST or any(entry["name"] == name for entry in manifest["files"])
        ):
            return export_folder() / folder / name
    return None
