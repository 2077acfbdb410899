"""RSS and Atom feeds: the latest articles, and the latest of one district or section."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from .models import Article, District, Section

ITEMS = 30
SUMMARY_CHARS = 200


class LatestArticlesFeed(Feed):
    language = "zh-CN"

    def title(self):
        return f"{settings.PAPER_NAME} · 最新文章"

    def description(self):
        return f"{settings.SITE_NAME}的最新文章。"

    def link(self):
        return reverse("articles:home")

    def items(self):
        return self.articles(Article.objects.public())

    def articles(self, queryset):
        return (
            queryset.stories()
            .select_related("page__issue", "page__section")
            .with_bylines()
            .prefetch_related("districts")
            .newest_first()[:ITEMS]
        )

    def item_title(self, item):
        # Sample issues are fed only while the archive has no real one; a reader still learns they are fiction.
        return f"【样刊】{item.full_title}" if item.page.issue.is_sample else item.full_title

    def item_description(self, item):
        # Readers render an RSS description and an Atom summary (type="html") as HTML: the article's
        # text goes there escaped, so markup a file or an editor wrote reads as the characters it is.
        summary = escape(Truncator("".join(item.paragraphs[:2])).chars(SUMMARY_CHARS))
        printed = item.printed_texts()
        if not printed:
            return summary
        # 本文已更正: the printed text of what was corrected goes with the corrected one.
        as_printed = "；".join(
            f"{item.field_label(name)}：{Truncator(printed_text(name, value)).chars(SUMMARY_CHARS)}"
            for name, value in printed.items()
        )
        return f"{summary}<p>{escape(f'【本文已更正】印刷版{as_printed}')}</p>"

    def item_pubdate(self, item):
        # The paper has a date, not a time: its midnight where it is printed.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item):
        return item.page.issue.updated_at

    def item_author_name(self, item):
        return "、".join(byline.person.name for byline in item.bylines.all()) or None

    def item_categories(self, item):
        names = [item.page.section.name] if item.page.section else []
        return names + [district.name for district in item.districts.all()]


def printed_text(name, value):
    """A printed field's value as a summary reads it: the body's first two paragraphs, the captions' texts."""
    if name == "body":
        return "".join([p for p in value.split("\n") if p.strip()][:2])
    if name == "captions":
        return " ".join(text for text, credit in value)
    return value


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


class DistrictFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(District, slug=slug)

    def title(self, district):
        return f"{settings.PAPER_NAME} · {district.name}"

    def description(self, district):
        return f"{settings.PAPER_NAME}关于{district.name}的最新文章。"

    def link(self, district):
        return district.get_absolute_url()

    def items(self, district):
        return self.articles(Article.objects.public().in_district(district))


class DistrictAtomFeed(DistrictFeed):
    feed_type = Atom1Feed

    def subtitle(self, district):
        return self.description(district)


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{settings.PAPER_NAME} · {section.name}"

    def description(self, section):
        return f"{settings.PAPER_NAME}「{section.name}」版的最新文章。"

    def link(self, section):
        return section.get_absolute_url()

    def items(self, section):
        return self.articles(Article.objects.public().in_section(section))


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, section):
        return self.description(section)
