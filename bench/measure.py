"""The benchmark's timed work, run by bench/run.py in a process of its own so its memory is its own.

    python bench/measure.py search --seed 1 --repeat 5 [--whoosh] [--opensearch | --opensearch-only]
    python bench/measure.py pages --requests 40 --seed 1 [--kinds home admin_review]
    python bench/measure.py parse FOLDER...
    python bench/measure.py trends --seed 1 --repeat 5

PORTAL_DATA_DIR names the archive; DJANGO_SETTINGS_MODULE=bench.settings adds
the Whoosh connection that --whoosh needs, and the OpenSearch one --opensearch needs. Prints one JSON object on stdout.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def queries(seed):
    """Every kind of query a reader types, the same for every run of a seed."""
    from bench.corpus import Corpus

    reporter = Corpus(seed=seed).reporters.items[0]  # the most prolific, printed only in bylines
    return [
        ("name", reporter),
        ("name", "王伟"),
        ("place", "醴陵"),
        ("place", "荷塘区"),
        ("place", "云阳街道"),
        ("1 char", "茶"),
        ("1 char", "瓷"),
        ("2 chars", "北斗"),
        ("2 chars", "油茶"),
        ("unknown", "量子计算"),
        ("unknown", "区块链"),
        ("words", "老旧小区 加装电梯"),
        ("words", "醴陵 陶瓷"),
        ("phrase", '"老旧小区改造"'),
        ("phrase", '"跑出加速度"'),
        ("rare", "瑞恒"),
        ("rare", "擂茶"),
        ("common", "发展"),
        ("common", "工作"),
        ("common char", "的"),
        ("common char", "中"),
        ("mixed", "5G基站"),
    ]


def summary(samples):
    """Median and 95th percentile in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


def timed(call):
    began = time.perf_counter()
    value = call()
    return time.perf_counter() - began, value


def search(args):
    from django.core.cache import caches
    from django.core.paginator import Paginator
    from django.db.models import Q
    from django.test import Client
    from haystack import connections

    from articles.models import Article
    from articles.search.forms import SearchForm
    from articles.search.views import PER_PAGE
    from zhsearch import store

    def haystack(using):
        """What the search page asks of haystack: the first page with snippets, the count and the facets."""

        def run(q):
            form = SearchForm({"q": q})
            assert form.is_valid(), form.errors
            found = form.search(using=using)
            page = Paginator(found.results, PER_PAGE).get_page(1)
            shown = [found.facets, list(page)]  # what the page shows
            if using != "whoosh":  # haystack's Whoosh backend has no such order
                shown.append(found.titles_then_newest)
            return page.paginator.count

        return run

    def substring(q):
        found = Article.objects.all()
        for term in q.replace('"', " ").split():
            found = found.filter(Q(headline__icontains=term) | Q(body__icontains=term))
        list(found.for_lists().newest_first()[:20])
        return found.count()

    client = Client(HTTP_HOST="localhost")

    def page(q):
        """The search page itself, its template included, with the page cache emptied; its hits are the portal's."""
        for cache in caches.all():
            cache.clear()
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200, response.status_code

    engines = {"portal": haystack("default"), "page": page}
    if not args.no_substring:
        engines["substring"] = substring
    if args.whoosh:
        engines["whoosh"] = haystack("whoosh")
    if args.opensearch:
        engines["opensearch"] = haystack("opensearch")
    if args.opensearch_only:
        engines = {"opensearch": haystack("opensearch")}
    chosen = queries(args.seed)
    samples = {name: [] for name in engines}
    rows = []
    for kind, q in chosen:
        row = {"kind": kind, "query": q}
        for name, run in engines.items():
            hits = run(q)  # a warm-up, and the hit count
            times = [timed(lambda run=run, q=q: run(q))[0] for _ in range(args.repeat)]
            samples[name] += times
            row[name] = {"hits": hits, **summary(times), "times": times}
        rows.append(row)
    result = {name: summary(times) for name, times in samples.items()}
    for kind in dict.fromkeys(kind for kind, _ in chosen):
        result.setdefault("kinds", {})[kind] = {
            name: summary([t for row in rows if row["kind"] == kind for t in row[name]["times"]])
            for name in engines
        }
    for row in rows:
        for name in engines:
            del row[name]["times"]
    result.update(
        engine=connections["default"].options["ENGINE"],
        sqlite=store.sqlite3.sqlite_version,
        repeat=args.repeat,
        queries=rows,
    )
    return result


def trend_queries(seed):
    """词频趋势's words: one at a time, and five at once, each five holding a word of one character."""
    from bench.corpus import Corpus

    reporter = Corpus(seed=seed).reporters.items[0]
    return [
        ("1 word", ["茶"]),
        ("1 word", ["醴陵"]),
        ("1 word", ["老旧小区"]),
        ("1 word", [reporter]),
        ("1 word", ["发展"]),
        ("5 words", ["茶", "醴陵", "北斗", "老旧小区", "发展"]),
        ("5 words", ["瓷", "荷塘区", "油茶", "加装电梯", reporter]),
    ]


def trends(args):
    """Each trend as /trends/ counts it (the archive's total per month, then each word's), nothing cached."""
    from articles.research.forms import Trend

    samples, rows = {}, []
    for kind, terms in trend_queries(args.seed):
        Trend(terms=terms).rows()  # a warm-up
        times = [timed(lambda terms=terms: Trend(terms=terms).rows())[0] for _ in range(args.repeat)]
        samples.setdefault(kind, []).extend(times)
        trend = Trend(terms=terms)
        rows.append(
            {
                "kind": kind,
                "terms": terms,
                "unit": trend.unit,
                "periods": len(trend.periods),
                "matches": [sum(series.counts) for series in trend.series],
                **summary(times),
            }
        )
    return {
        "kinds": {kind: summary(times) for kind, times in samples.items()},
        "repeat": args.repeat,
        "queries": rows,
    }


def page_urls(seed):
    """A few of each kind of reader page, spread over the archive."""
    from django.db.models import Count

    from articles.models import Article, District, Issue, Person, Section

    def spread(queryset, count):
        total = queryset.count()
        step = max(1, total // count)
        return [queryset[i] for i in range(0, total, step)][:count]

    issues = spread(Issue.objects.order_by("date"), 20)
    articles = spread(Article.objects.stories().order_by("pk").select_related("page__issue"), 20)
    people = Person.objects.annotate(n=Count("bylines")).order_by("-n", "name")[:10]
    # People with few articles too: their lists must not read the archive to find them.
    few = spread(Person.objects.annotate(n=Count("bylines")).filter(n__gt=0).order_by("n", "name"), 10)
    years = sorted({issue.date.year for issue in issues})
    # Lists of few articles (or none) too: their pages must not walk the archive to fill a page.
    rare_districts = District.objects.with_article_counts().order_by("article_count", "name")[:3]
    rare_sections = Section.objects.with_article_counts().order_by("article_count", "name")[:3]
    district = District.objects.order_by("position").first()
    section = Section.objects.annotate(n=Count("pages")).order_by("-n").first()
    # The most printed columns and the least.
    columns = list(
        Article.objects.stories()
        .exclude(column="")
        .values_list("column", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n", "column")
    )
    columns = columns[:3] + columns[-2:]
    return {
        "home": ["/"],
        "issue": [issue.get_absolute_url() for issue in issues],
        "page": [page.get_absolute_url() for issue in issues for page in issue.pages.all()[1:2]],
        "article": [article.get_absolute_url() for article in articles],
        "district": [district.get_absolute_url() for district in District.objects.all()],
        "district_few": [district.get_absolute_url() for district in rare_districts],
        "section": [section.get_absolute_url() for section in Section.objects.all()],
        "section_few": [section.get_absolute_url() for section in rare_sections],
        "reporter": [person.get_absolute_url() for person in people],
        "reporter_few": [person.get_absolute_url() for person in few[:5]],
        # Deep in a long list, and a year or a month of it.
        "list_deep": [
            f"{district.get_absolute_url()}?page=150",
            f"{section.get_absolute_url()}?page=200",
            f"{people[0].get_absolute_url()}?page=100",
            f"{district.get_absolute_url()}?year={years[len(years) // 2]}&page=5",
            f"{section.get_absolute_url()}?year={years[0]}&month=6",
        ],
        "lists": ["/people/", "/people/?page=2", "/districts/", "/sections/", "/archive/"],
        # An article reached from a search, its words marked; the printed paper's pages around it.
        "article_marked": [
            f"{article.get_absolute_url()}?" + urlencode({"hl": article.headline[:2]}) for article in articles
        ],
        "front_pages": ["/front-pages/", "/front-pages/?page=5", "/front-pages/?page=50"],
        "column": [f"/column/{name}/" for name in columns],
        "about": ["/about/"],
        "year": [f"/{year}/" for year in years],
        "month": [f"/{issue.date:%Y/%m}/" for issue in issues],
        # Every kind of query, words in most articles and characters in nearly all included.
        "search": ["/search/?" + urlencode({"q": q.strip('"')}) for kind, q in queries(seed)],
    }


def admin_urls():
    """The editors' lists: articles and the review queue, with their filters, date hierarchy and search."""
    from articles.models import District, Issue

    district = District.objects.order_by("position").first()
    middle = Issue.objects.order_by("date")[Issue.objects.count() // 2].date
    articles, queue = "/admin/articles/article/", "/admin/articles/articlereview/"
    return {
        "admin_articles": [
            articles,
            f"{articles}?p=100",
            f"{articles}?review=waiting",
            f"{articles}?missing=byline",
            f"{articles}?districts__id__exact={district.pk}",
            f"{articles}?kind__exact=commentary",
            f"{articles}?date__year={middle.year}",
            f"{articles}?date__year={middle.year}&date__month={middle.month}",
        ],
        "admin_search": [
            f"{articles}?" + urlencode({"q": "经济"}),
            f"{articles}?" + urlencode({"q": "醴陵"}),
            f"{articles}?" + urlencode({"q": "茶", "p": 5}),
            f"{queue}?" + urlencode({"q": "醴陵"}),
            f"{articles}?" + urlencode({"q": "经济", "districts__id__exact": district.pk}),
        ],
        "admin_review": [
            queue,
            f"{queue}?p=20",
            f"{queue}?reason=implausible",
            f"{queue}?missing=district",
            f"{queue}?reason=short",
            f"{queue}?date__year={middle.year}&date__month={middle.month}",
        ],
    }


def pages(args):
    """Each request twice: first with the page cache emptied (the server's own work), then served from it.

    The reader pages, then the editors' lists in the admin (kinds admin_*), as a logged-in superuser.
    """
    from django.contrib.auth.models import User
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    readers = Client(HTTP_HOST="localhost")
    editors = Client(HTTP_HOST="localhost")
    # The benchmark's own editor, in its own throwaway archive.
    boss = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench")
    editors.force_login(boss)
    result = {}
    kinds = {**page_urls(args.seed), **admin_urls()}
    for kind, urls in kinds.items():
        if args.kinds and kind not in args.kinds:
            continue
        client = editors if kind.startswith("admin") else readers
        client.get(urls[0])  # templates compile on first use
        cold, warm, counts, statuses = [], [], [], set()
        for n in range(args.requests):
            url = urls[n % len(urls)]
            for cache in caches.all():
                cache.clear()
            with CaptureQueriesContext(connection) as queries_run:
                seconds, response = timed(lambda url=url, client=client: client.get(url))
            cold.append(seconds)
            counts.append(len(queries_run))
            statuses.add(response.status_code)
            warm.append(timed(lambda url=url, client=client: client.get(url))[0])
        warm_summary = summary(warm)
        result[kind] = {
            **summary(cold),
            "warm_median_ms": warm_summary["median_ms"],
            "warm_p95_ms": warm_summary["p95_ms"],
            "queries": round(statistics.median(counts)),
            "max_queries": max(counts),
            "status": sorted(statuses),
            "example": urls[0],
        }
    return result


def parse(args):
    """Parse every dump under the folders named, as the importer reads them, storing nothing."""
    from articles.parsing import ParseError, decode, default_gazetteer, parse_issue

    default_gazetteer()  # loaded once per process, as in an import: not part of any file's time
    files = sorted(f for folder in args.folders for f in Path(folder).rglob("*.txt"))
    timings, articles, refused = [], 0, 0
    for file in files:
        data = file.read_bytes()
        began = time.perf_counter()
        try:
            articles += len(parse_issue(decode(data), filename=file.name).articles)
        except ParseError:
            refused += 1
        timings.append((time.perf_counter() - began, len(data), file.name))
    seconds = sum(t for t, _, _ in timings)
    mb = sum(size for _, size, _ in timings) / 1e6
    slowest = max(timings, default=(0, 0, None))
    return {
        "files": len(files),
        "mb": round(mb, 2),
        "articles": articles,
        "refused": refused,
        "seconds": round(seconds, 2),
        "ms_per_mb": round(seconds * 1000 / mb, 1) if mb else None,
        "median_ms_per_file": round(statistics.median(t for t, _, _ in timings) * 1000, 2)
        if timings
        else None,
        "slowest_ms": round(slowest[0] * 1000, 1),
        "slowest_file": slowest[2],
        "slowest_kb": round(slowest[1] / 1000),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["search", "pages", "parse", "trends"])
    parser.add_argument("folders", nargs="*", type=Path, help="with parse: the folders of dumps")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--whoosh", action="store_true")
    parser.add_argument("--no-substring", action="store_true", help="with search: leave out SQLite's LIKE")
    parser.add_argument("--opensearch", action="store_true")
    parser.add_argument(
        "--opensearch-only", action="store_true", help="time the OpenSearch node alone (a step of its own)"
    )
    parser.add_argument("--kinds", nargs="*", help="with pages: only these kinds of page")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    result = {"search": search, "pages": pages, "parse": parse, "trends": trends}[args.what](args)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
