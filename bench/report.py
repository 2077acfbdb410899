"""The benchmark's figures, made from bench/results.json: printed after a run, and written between
markers into docs/benchmark.md (every figure) and README.md (the targets), never copied by hand.
The run on PostgreSQL (bench/results-postgres.json, when there is one) has a block of its own.

    .venv/bin/python bench/report.py     # write the figures of the results files into the docs

tests/test_docs.py fails when the committed figures differ from what this makes of the results.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
RESULTS_POSTGRES = ROOT / "bench" / "results-postgres.json"
# A run of a million articles, a whole run of the paper: hours of its own, so a file of its own.
RESULTS_MILLION = ROOT / "bench" / "results-million.json"
# The files that hold figures, each block between <!-- NAME:start --> and <!-- NAME:end -->.
DOCS = (ROOT / "README.md", ROOT / "docs" / "benchmark.md")

PAGES = (
    "home",
    "issue",
    "page",
    "article",
    "district",
    "district_few",
    "section",
    "section_few",
    "reporter",
    "reporter_few",
    "list_deep",
    "lists",
    "article_marked",
    "front_pages",
    "column",
    "about",
    "year",
    "month",
    "search",
)
# The editors' lists in the admin (bench/measure.py admin_urls): not cached, their own target.
ADMIN_PAGES = ("admin_articles", "admin_search", "admin_review")


# The goals a size is held to: import and rebuild_index in minutes, then the search's and the
# search page's 95th percentiles in milliseconds.
# A million articles, the paper's whole run, may take longer to import and to search; its reader
# pages, index and serving process are held to the same goals as 100,000.
GOALS = {100_000: (5, 2, 20, 30), 1_000_000: (50, 20, 50, 60)}


def targets(figures):
    """The issue's targets for one archive size: (what, measured, target, met)."""
    search = figures["search"]
    imported = figures["import"]["seconds"]
    rebuilt = figures.get("rebuild_index", {}).get("seconds", float("nan"))
    index_ratio = figures["disk"]["index_mb"] / figures["corpus"]["mb"]
    size = figures["corpus"]["articles"]
    import_min, rebuild_min, search_ms, page_ms = GOALS[max((g for g in GOALS if g <= size), default=100_000)]
    readers = {
        page: f
        for page, f in figures["pages"].items()
        if not page.startswith("search") and page not in ADMIN_PAGES
    }
    slowest = max((f["p95_ms"], page) for page, f in readers.items())
    admin = max(
        ((f["p95_ms"], page) for page, f in figures["pages"].items() if page in ADMIN_PAGES), default=None
    )
    slowest_admin = [(f"slowest admin list p95 ({admin[1]})", f"{admin[0]} ms", "< 150 ms", admin[0] < 150)]
    slowest_kind = max((f["portal"]["p95_ms"], kind) for kind, f in search["kinds"].items())
    research = []
    if "trends" in figures:  # runs before 词频趋势 and export_archive were measured have neither
        trend = figures["trends"]["kinds"]
        research = [
            (
                "词频趋势 p95, one word",
                f"{trend['1 word']['p95_ms']} ms",
                "< 100 ms",
                trend["1 word"]["p95_ms"] < 100,
            ),
            (
                "词频趋势 p95, five words (a one-character word among them)",
                f"{trend['5 words']['p95_ms']} ms",
                "< 300 ms",
                trend["5 words"]["p95_ms"] < 300,
            ),
        ]
    if "export" in figures:
        export = figures["export"]
        research.append(
            (
                f"export_archive: peak memory ({export['seconds']:.0f} s)",
                f"{export['peak_rss_mb']:.0f} MB",
                "< 200 MB",
                export["peak_rss_mb"] < 200,
            )
        )
    substring = []
    if "substring" in search:  # a run of a million may leave the slow LIKE out
        ratio = search["substring"]["median_ms"] / max(search["portal"]["median_ms"], 0.001)
        substring = [("faster than icontains (medians)", f"{ratio:.0f}×", "≥ 20×", ratio >= 20)]
    return [
        (
            "import with indexing",
            f"{imported / 60:.1f} min",
            f"< {import_min} min",
            imported < import_min * 60,
        ),
        (
            "search p95 (the page's search: count, facets, snippets), every kind of query",
            f"{search['portal']['p95_ms']} ms",
            f"< {search_ms} ms",
            search["portal"]["p95_ms"] < search_ms,
        ),
        (
            f"… its slowest kind ({slowest_kind[1]}), p95",
            f"{slowest_kind[0]} ms",
            f"< {search_ms} ms",
            slowest_kind[0] < search_ms,
        ),
        (
            "search page p95 with its template, the same queries",
            f"{search['page']['p95_ms']} ms",
            f"< {page_ms} ms",
            search["page"]["p95_ms"] < page_ms,
        ),
        (
            "search page p95 among the reader pages (the same queries)",
            f"{figures['pages']['search']['p95_ms']} ms",
            f"< {page_ms} ms",
            figures["pages"]["search"]["p95_ms"] < page_ms,
        ),
        *substring,
        (
            "search index ÷ the text it holds",
            f"{index_ratio:.2f}×",
            "≤ 3×",
            index_ratio <= 3,
        ),
        ("rebuild_index", f"{rebuilt:.0f} s", f"< {rebuild_min} min", rebuilt < rebuild_min * 60),
        (f"slowest reader page p95 ({slowest[1]})", f"{slowest[0]} ms", "< 30 ms", slowest[0] < 30),
        *(slowest_admin if admin else []),
        (
            "one serving process",
            f"{figures['serving_peak_rss_mb']:.0f} MB",
            "< 300 MB",
            figures["serving_peak_rss_mb"] < 300,
        ),
        *research,
    ]


def ratio(a, b):
    return f"{a / b:.0f}×" if b else "–"


def tables(results):
    sizes = list(results["sizes"])
    head = "| | " + " | ".join(f"{int(s):,} articles" for s in sizes) + " |"
    rule = "|---" * (len(sizes) + 1) + "|"

    def row(label, value):
        cells = []
        for size in sizes:
            try:
                cells.append(value(results["sizes"][size]))
            except (KeyError, TypeError):
                cells.append("–")
        return f"| {label} | " + " | ".join(cells) + " |"

    def engine(name, key):
        return lambda f: f"{f['search'][name][key]} ms"

    lines = [head, rule]
    lines += [
        row("corpus", lambda f: f"{f['corpus']['files']:,} files, {f['corpus']['mb']} MB"),
        row(
            "parse (no storing): ms per MB · slowest file",
            lambda f: "{ms_per_mb} ms · {slowest_ms} ms ({slowest_kb} kB)".format(**f["parse"]),
        ),
        row("import with indexing", lambda f: f"{f['import']['seconds']} s"),
        row(
            "… files/s · articles/s · MB/s",
            lambda f: "{files_per_s} · {articles_per_s} · {mb_per_s}".format(**f["import"]),
        ),
        row("… peak memory", lambda f: f"{f['import']['peak_rss_mb']:.0f} MB"),
        row(
            "rebuild_index",
            lambda f: f"{f['rebuild_index']['seconds']} s, {f['rebuild_index']['peak_rss_mb']:.0f} MB",
        ),
        row(
            "Whoosh + jieba update_index",
            lambda f: "{seconds} s ({articles_per_s} articles/s)".format(**f["whoosh_index"]),
        ),
        row(
            "OpenSearch rebuild_index",
            lambda f: "{seconds} s ({articles_per_s} articles/s)".format(**f["opensearch_index"]),
        ),
        row(
            "… the node's peak memory (heap) · requests it refused",
            lambda f: (
                f"{f['opensearch_index']['node_peak_rss_mb']} MB ({f['opensearch_node']['heap']}) · "
                f"{sum(f['opensearch_index']['node_refused'].values())}"
            ),
        ),
        row(
            "database · index on disk",
            lambda f: f"{f['disk']['database_mb']} MB · {f['disk']['index_mb']} MB",
        ),
        row(
            "search median · p95 (portal)",
            lambda f: f"{engine('portal', 'median_ms')(f)} · {engine('portal', 'p95_ms')(f)}",
        ),
        row(
            "search median · p95 (icontains)",
            lambda f: f"{engine('substring', 'median_ms')(f)} · {engine('substring', 'p95_ms')(f)}",
        ),
        row(
            "search median · p95 (Whoosh + jieba)",
            lambda f: f"{engine('whoosh', 'median_ms')(f)} · {engine('whoosh', 'p95_ms')(f)}",
        ),
        row(
            "search median · p95 (OpenSearch)",
            lambda f: f"{engine('opensearch', 'median_ms')(f)} · {engine('opensearch', 'p95_ms')(f)}",
        ),
        row(
            "OpenSearch node: memory now · peak (heap) · index on disk",
            lambda f: "{rss_mb} · {peak_rss_mb} MB ({heap}) · {index_mb} MB".format(**f["opensearch_node"]),
        ),
        row(
            "icontains ÷ portal (median · p95)",
            lambda f: (
                f"{ratio(f['search']['substring']['median_ms'], f['search']['portal']['median_ms'])} · {ratio(f['search']['substring']['p95_ms'], f['search']['portal']['p95_ms'])}"
            ),
        ),
        row(
            "Whoosh ÷ portal (median · p95)",
            lambda f: (
                f"{ratio(f['search']['whoosh']['median_ms'], f['search']['portal']['median_ms'])} · {ratio(f['search']['whoosh']['p95_ms'], f['search']['portal']['p95_ms'])}"
            ),
        ),
    ]
    for page in PAGES:
        lines.append(
            row(
                f"{page} page median · p95 (queries) · cached median",
                lambda f, page=page: "{median_ms} · {p95_ms} ms ({queries}) · {warm_median_ms} ms".format(
                    **f["pages"][page]
                ),
            )
        )
    for page in ADMIN_PAGES:
        lines.append(
            row(
                f"{page} median · p95 (queries)",
                lambda f, page=page: "{median_ms} · {p95_ms} ms ({queries})".format(**f["pages"][page]),
            )
        )
    lines.append(row("one serving process, peak", lambda f: f"{f['serving_peak_rss_mb']:.0f} MB"))
    return "\n".join(lines)


def query_table(figures):
    engines = [e for e in ("portal", "substring", "whoosh", "opensearch") if e in figures["search"]]
    lines = [
        "| kind | query | " + " | ".join(f"{e} ms (hits)" for e in engines) + " |",
        "|---|---|" + "---|" * len(engines),
    ]
    for q in figures["search"]["queries"]:
        cells = [f"{q[e]['median_ms']} ({q[e]['hits']:,})" for e in engines]
        lines.append(f"| {q['kind']} | `{q['query']}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine_line(results):
    m = results["machine"]
    index = {figures["search"].get("sqlite") for figures in results["sizes"].values()} - {None, m["sqlite"]}
    sqlite = f"SQLite {m['sqlite']}" + "".join(f" (the search index's {version})" for version in index)
    postgres = {
        figures["database"]["version"]
        for figures in results["sizes"].values()
        if figures.get("database", {}).get("engine") == "postgresql"
    }
    databases = "".join(f"PostgreSQL {version}, " for version in sorted(postgres))
    return (
        f"{results['date']} on {m['cpu']} ({m['arch']}, {m['cores']} cores, {m['ram_gb']} GB RAM), "
        f"{m['os']}, Python {m['python']}, {databases}{sqlite}, Django {m['django']}; "
        f"load average {m['load_average_at_start'][0]} at the start, "
        + (f"up to {m['load_average_max']} between steps, " if "load_average_max" in m else "")
        + f"{m['load_average_at_end'][0]} at the end; "
        f"{results['total_seconds'] / 60:.0f} minutes in all."
    )


def markdown(results):
    largest = results["sizes"][max(results["sizes"], key=int)]
    parts = [
        f"Latest run: {machine_line(results)}",
        "",
        tables(results),
        "",
        f"Targets at {int(max(results['sizes'], key=int)):,} articles:",
        "",
        "| target | measured | goal | met |",
        "|---|---|---|---|",
        *(
            f"| {what} | {value} | {goal} | {'–' if ok is None else 'yes' if ok else '**no**'} |"
            for what, value, goal, ok in targets(largest)
        ),
    ]
    if real := results.get("parse_real_text"):
        parts += [
            "",
            "Parsing real published text laid out as dumps (`../shared/realtext`): "
            "{files} files, {mb} MB, {articles:,} articles in {seconds} s: {ms_per_mb} ms per MB; "
            "slowest file {slowest_ms} ms ({slowest_kb} kB).".format(**real),
        ]
    for size, figures in results["sizes"].items():
        parts += [
            "",
            f"Per query at {int(size):,} articles (median of the timed runs):",
            "",
            query_table(figures),
        ]
    return "\n".join(parts)


def summary(results):
    """The targets at the largest size, for the README."""
    largest = max(results["sizes"], key=int)
    m = results["machine"]
    return "\n".join(
        [
            f"Targets at {int(largest):,} articles, from the run of {results['date'][:10]} on "
            f"{m['cores']} cores (every figure in [docs/benchmark.md](docs/benchmark.md)):",
            "",
            "| target | measured | goal | met |",
            "|---|---|---|---|",
            *(
                f"| {what} | {value} | {goal} | {'–' if ok is None else 'yes' if ok else '**no**'} |"
                for what, value, goal, ok in targets(results["sizes"][largest])
            ),
        ]
    )


# What the run on PostgreSQL is held to: the same targets as the pages and the admin's lists on SQLite.
POSTGRES_TARGETS = (
    "import with indexing",
    "slowest reader page",
    "slowest admin list",
    "one serving process",
)


def postgres_markdown(postgres):
    """The figures of the run on PostgreSQL, or how to make them."""
    if postgres is None:
        return (
            "No run on PostgreSQL is recorded yet: `.venv/bin/python bench/run.py --database postgres "
            "--sizes 100000 --whoosh-at 0` writes `bench/results-postgres.json` and its figures here."
        )
    largest = max(postgres["sizes"], key=int)
    return "\n".join(
        [
            f"Latest run on PostgreSQL: {machine_line(postgres)}",
            "",
            tables(postgres),
            "",
            f"Targets at {int(largest):,} articles on PostgreSQL:",
            "",
            "| target | measured | goal | met |",
            "|---|---|---|---|",
            *(
                f"| {what} | {value} | {goal} | {'–' if ok is None else 'yes' if ok else '**no**'} |"
                for what, value, goal, ok in targets(postgres["sizes"][largest])
                if what.startswith(POSTGRES_TARGETS)
            ),
        ]
    )


def million_markdown(million):
    """The figures of the run of a million articles, or how to make them."""
    if million is None:
        return (
            "No run of a million articles is recorded yet: `.venv/bin/python bench/run.py --sizes 1000000 "
            "--whoosh-at 0 --skip parse icontains export --results bench/results-million.json` writes "
            "`bench/results-million.json` and its figures here."
        )
    return markdown(million)


def load():
    """(the SQLite run's results, the PostgreSQL run's or None, the million's or None)."""

    def read(path):
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    return read(RESULTS), read(RESULTS_POSTGRES), read(RESULTS_MILLION)


def blocks(results, postgres=None, million=None):
    """{marker name: the markdown between its markers}."""
    return {
        "benchmark-targets": summary(results),
        "benchmark-figures": markdown(results),
        "benchmark-postgres": postgres_markdown(postgres),
        "benchmark-million": million_markdown(million),
    }


def render(text, results, postgres=None, million=None):
    """The text with every block it marks made again from the results; the rest as written."""
    for name, block in blocks(results, postgres, million).items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        made = f"{start}\n{block}\n{end}"
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _, made=made: made, text, flags=re.S)
    return text


def print_report(results):
    print()
    print(markdown(results))


def write_figures(paths=DOCS):
    """Write the figures of the results files into each file's blocks; returns the files that changed."""
    results, postgres, million = load()
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if (made := render(text, results, postgres, million)) != text:
            path.write_text(made, encoding="utf-8")
            changed.append(path)
    return changed


def main():
    changed = write_figures()
    for path in changed:
        print(f"wrote the benchmark's figures into {path.relative_to(ROOT)}")
    if not changed:
        print("the docs already hold the benchmark's figures")


if __name__ == "__main__":
    main()
