"""The Atom feed of the exported files: a file written anew (a new checksum) is a new entry."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .export import published

ENTRIES = 50


class ExportsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return f"{settings.PAPER_NAME} · 数据下载"

    def subtitle(self):
        return "馆藏导出的新文件：每年一个 gzip 压缩的 JSON Lines 文件。"

    def link(self):
        return reverse("research:data")

    def items(self):
        files = [
            {**entry, "folder": manifest["folder"], "since": manifest["since"]}
            for manifest in published()
            for entry in manifest["files"]
        ]
        return sorted(files, key=lambda entry: entry["written_at"], reverse=True)[:ENTRIES]

    def item_title(self, item):
        if item["since"]:
            return f"{item['year']}年自{item['since']}以来更改的文章（{item['articles']:,}篇）"
        return f"{item['year']}年的全部文章（{item['articles']:,}篇）"

    def item_description(self, item):
        return f"{item['name']}：{item['bytes']:,}字节，SHA-256 {item['sha256']}"

    def item_link(self, item):
        if item["folder"]:
            return reverse("research:data-changes-file", args=[item["folder"], item["name"]])
        return reverse("research:data-file", args=[item["name"]])

    def item_guid(self, item):
        return f"{self.item_link(item)}#{item['sha256']}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return datetime.datetime.fromisoformat(item["written_at"])

    item_pubdate = item_updateddate
