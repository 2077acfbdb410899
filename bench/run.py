"""Benchmark the portal at archive scale: import, index, search and reader pages.

    .venv/bin/python bench/run.py                    # 10,000 and 100,000 articles
    .venv/bin/python bench/run.py --sizes 10000      # the quick run
    .venv/bin/python bench/run.py --database postgres --sizes 100000 --whoosh-at 0

For each size: write the corpus (bench/make_corpus.py), import it into a fresh data
directory (bench/out/<size>/), rebuild the search index, then time search
(the portal's backend beside a plain icontains search, Whoosh with jieba
at --whoosh-at articles, and with --opensearch an OpenSearch node the run
starts afresh for each size, its rebuild_index timed with the node's peak
memory and the requests it refused), every reader page, 词频趋势 and
export_archive. Each step runs in a
process of its own, so its peak memory is its own. Prints a table, writes
bench/results.json and its figures into docs/benchmark.md and README.md
(bench/report.py); with --results elsewhere, the docs are left alone.

With --database postgres the articles go into a PostgreSQL database made afresh for each size
(bench_<size>, by the role of BENCH_POSTGRES_URL, which may create databases; the search index
stays the FTS5 file), and the figures into bench/results-postgres.json.
"""

import argparse
import contextlib
import datetime
import fcntl
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

# The 1-minute load average after each step: other work on the machine shows in the figures.
LOADS = []
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS, RESULTS_POSTGRES, print_report, write_figures  # noqa: E402

# The node --opensearch starts (searchnode/node.sh): a port of its own (--opensearch-port), the
# index a name of its own; its heap is SEARCH_NODE_HEAP's (512m unless set).
OPENSEARCH_PORT = "9201"
NODE = ROOT / "searchnode" / "node.sh"
REAL_TEXT = ROOT.parent / "shared" / "realtext"
# --database postgres: a role that may create databases, and the database it connects to first
# (Debian's server as .ci/run starts it, with its role).
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://portal_ci:portal_ci@127.0.0.1:5432/postgres")


def run(argv, env, label):
    """Run a step to its end: (seconds, peak RSS in MB, stdout). A failed step stops the benchmark."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=err)
        # wait4 gives this child's own peak memory, which Popen.wait would throw away.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode:
        sys.exit(f"{label} failed ({process.returncode}):\n{stderr[-3000:]}")
    LOADS.append(os.getloadavg()[0])
    print(f"  {label}: {seconds:.1f}s, {usage.ru_maxrss / 1024:.0f} MB", flush=True)
    return seconds, round(usage.ru_maxrss / 1024, 1), stdout


def manage(*args):
    return [sys.executable, str(ROOT / "manage.py"), *args]


def fresh_postgres_database(size):
    """A new, empty database for one size's run (any from an earlier run dropped); returns its URL."""
    import psycopg

    name = f"bench_{size}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(POSTGRES_URL)._replace(path=f"/{name}"))


# Run by manage.py shell in the step's environment: the database as the portal sees it.
DATABASE_FIGURES = """
import json
from django.db import connection
from articles.models import Article

with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT current_setting('server_version'), pg_database_size(current_database())")
        version, size = cursor.fetchone()
    else:
        version, size = connection.Database.sqlite_version, None
print(json.dumps({"engine": connection.vendor, "version": version, "articles": Article.objects.count(), "bytes": size}))
"""


def database_figures(env, data):
    """The database's engine and version, the articles it holds, and its size on disk (MB)."""
    _, _, out = run(manage("shell", "-v0", "-c", DATABASE_FIGURES), env, "database")
    figures = json.loads(out)
    size = figures.pop("bytes")
    if figures["engine"] == "sqlite":
        figures["mb"] = megabytes(*[data / f"portal.sqlite3{suffix}" for suffix in ("", "-wal", "-shm")])
    else:
        figures["mb"] = round(size / 1e6, 1)
    return figures


def megabytes(*paths):
    total = 0
    for path in paths:
        if path.is_symlink():  # the index's name points at its current file: count the file once
            continue
        if path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        elif path.exists():
            total += path.stat().st_size
    return round(total / 1e6, 1)


def corpus(size, seed, out, env):
    """The corpus of this size, written once and kept in bench/out for the next run."""
    folder = out / f"corpus-{size}-seed{seed}"
    manifest = folder / "corpus.json"
    if manifest.exists():
        return folder, json.loads(manifest.read_text()), None
    shutil.rmtree(folder, ignore_errors=True)
    seconds, _, _ = run(
        [
            sys.executable,
            str(BENCH / "make_corpus.py"),
            str(folder),
            "--articles",
            str(size),
            "--seed",
            str(seed),
        ],
        env,
        "corpus",
    )
    return folder, json.loads(manifest.read_text()), round(seconds, 1)


def bench_size(size, args):
    print(f"{size:,} articles", flush=True)
    data = args.out / (str(size) if args.database == "sqlite" else f"{size}-postgres")
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    # The portal's own settings everywhere but where Whoosh is wanted: a serving process is the portal's.
    env = {
        **os.environ,
        "PORTAL_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_STATIC_ROOT": str(args.out / "static"),
    }
    env.pop("PORTAL_ENV", None)
    env.pop("OPENSEARCH_URL", None)  # the portal's own connection stays the FTS5 index
    env.pop("DATABASE_URL", None)
    if args.database == "postgres":
        env["DATABASE_URL"] = fresh_postgres_database(size)
    with_whoosh = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    if args.opensearch:
        with_whoosh["BENCH_OPENSEARCH_URL"] = f"http://127.0.0.1:{args.opensearch_port}"
    folder, manifest, made_in = corpus(size, args.seed, args.out, env)
    files, articles, mb = len(manifest["files"]), manifest["articles"], manifest["bytes"] / 1e6
    result = {"corpus": {"files": files, "articles": articles, "mb": round(mb, 1), "seconds": made_in}}

    measure = [sys.executable, str(BENCH / "measure.py")]
    if "parse" not in args.skip:
        _, _, out = run([*measure, "parse", str(folder)], env, "parse")
        result["parse"] = json.loads(out)
    run(manage("migrate", "--no-input", "-v0"), env, "migrate")
    run(manage("collectstatic", "--no-input", "-v0"), env, "collectstatic")
    seconds, rss, _ = run(manage("import_issues", str(folder), "-v0"), env, "import (with indexing)")
    if args.database == "postgres":
        # The planner's statistics of the new rows, as autovacuum gathers them soon after an import.
        run(
            manage(
                "shell",
                "-v0",
                "-c",
                "from django.db import connection; connection.cursor().execute('ANALYZE')",
            ),
            env,
            "analyze",
        )
    stored = database_figures(env, data)
    if stored["articles"] != articles:
        sys.exit(f"the import stored {stored['articles']} articles of {articles}")
    result["import"] = {
        "seconds": round(seconds, 1),
        "files_per_s": round(files / seconds, 1),
        "articles_per_s": round(articles / seconds),
        "mb_per_s": round(mb / seconds, 2),
        "peak_rss_mb": rss,
    }
    if not args.no_rebuild:
        seconds, rss, _ = run(
            manage("rebuild_index", "--noinput", "--using", "default", "-v0"), env, "rebuild_index"
        )
        result["rebuild_index"] = {"seconds": round(seconds, 1), "peak_rss_mb": rss}
    whoosh = size == args.whoosh_at
    if whoosh:
        seconds, rss, _ = run(
            manage("update_index", "--using", "whoosh", "-v0"), with_whoosh, "whoosh update_index"
        )
        result["whoosh_index"] = {
            "seconds": round(seconds, 1),
            "articles_per_s": round(articles / seconds, 1),
            "peak_rss_mb": rss,
        }
    database = [data / f"portal.sqlite3{suffix}" for suffix in ("", "-wal", "-shm")]
    index = [p for p in data.iterdir() if p not in database and p.name != "whoosh"]
    result["database"] = {"engine": stored["engine"], "version": stored["version"]}
    result["disk"] = {
        "database_mb": database_figures(env, data)["mb"],
        "index_mb": megabytes(*index),
        "whoosh_mb": megabytes(data / "whoosh") if whoosh else None,
    }
    search = [*measure, "search", "--seed", str(args.seed), "--repeat", str(args.repeat)]
    if "icontains" in args.skip:
        search.append("--no-substring")
    _, rss, out = run(search + (["--whoosh"] if whoosh else []), with_whoosh, "search latency")
    result["search"] = json.loads(out)
    _, rss, out = run(
        [*measure, "pages", "--seed", str(args.seed), "--requests", str(args.requests)], env, "pages"
    )
    result["pages"] = json.loads(out)
    result["serving_peak_rss_mb"] = rss
    _, _, out = run(
        [*measure, "trends", "--seed", str(args.seed), "--repeat", str(args.repeat)], env, "trends"
    )
    result["trends"] = json.loads(out)
    if "export" not in args.skip:
        exported = data / "export"
        seconds, rss, _ = run(manage("export_archive", "--out", str(exported), "-v0"), env, "export_archive")
        manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
        result["export"] = {
            "seconds": round(seconds, 1),
            "articles_per_s": round(manifest["articles"] / seconds),
            "peak_rss_mb": rss,
            "articles": manifest["articles"],
            "files": len(manifest["files"]),
            "mb": round(sum(f["bytes"] for f in manifest["files"]) / 1e6, 1),
        }
    if args.opensearch:
        # After the portal's timings, apart: beside a node that has just indexed (on the same
        # cores, merging in the background), the portal's searches are slower (docs/benchmark.md).
        with search_node(args.opensearch_port) as node:
            seconds, rss, _ = run(
                manage("rebuild_index", "--noinput", "--using", "opensearch", "-v0"),
                with_whoosh,
                "opensearch rebuild_index",
            )
            # A node started for this size: its peak so far is its peak during the rebuild.
            result["opensearch_index"] = {
                "seconds": round(seconds, 1),
                "articles_per_s": round(articles / seconds, 1),
                "peak_rss_mb": rss,
                "node_peak_rss_mb": node.memory()["peak_rss_mb"],
                "node_refused": node.refused(),
            }
            _, _, out = run([*search, "--opensearch-only"], with_whoosh, "opensearch search latency")
            merge_engine(result["search"], json.loads(out), "opensearch")
            result["opensearch_node"] = node.figures()
    if not args.keep:
        shutil.rmtree(data / "whoosh", ignore_errors=True)
    return result


def merge_engine(search, other, name):
    """Add engine `name`'s figures, timed in a step of its own, to the search figures."""
    search[name] = other[name]
    for kind, figures in other["kinds"].items():
        search["kinds"][kind][name] = figures[name]
    for row, other_row in zip(search["queries"], other["queries"], strict=True):
        row[name] = other_row[name]


@contextlib.contextmanager
def search_node(port):
    """An OpenSearch node of its own for one size (searchnode/node.sh), stopped after it."""
    env = {**os.environ, "OPENSEARCH_PORT": port}
    subprocess.run([str(NODE), "start"], env=env, check=True, stdout=subprocess.DEVNULL)
    try:
        yield SearchNode(port)
    finally:
        subprocess.run([str(NODE), "stop"], env=env, check=True)


class SearchNode:
    """What the benchmark reads of the node: its memory, the requests it refused, its index."""

    def __init__(self, port):
        self.url = f"http://127.0.0.1:{port}"
        self.pid = (ROOT / "searchnode" / "target" / f"node-{port}.pid").read_text().strip()

    def get(self, path):
        with urllib.request.urlopen(f"{self.url}{path}") as response:
            return json.load(response)

    def memory(self):
        """The JVM's resident set, now and at its peak since it started."""
        status = dict(
            line.split(":", 1)
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines()
            if ":" in line
        )
        return {
            "rss_mb": round(int(status["VmRSS"].split()[0]) / 1024),
            "peak_rss_mb": round(int(status["VmHWM"].split()[0]) / 1024),
        }

    def refused(self):
        """Requests the node refused for want of memory or room (HTTP 429): its breakers' trips and the
        writes its thread pool turned away, since it started."""
        node = next(iter(self.get("/_nodes/stats/breaker,thread_pool")["nodes"].values()))
        return {
            "breaker_trips": sum(breaker["tripped"] for breaker in node["breakers"].values()),
            "write_rejections": node["thread_pool"]["write"]["rejected"],
        }

    def figures(self):
        """The node's memory, its heap and its index on disk."""
        stats = self.get("/bench/_stats/store,docs")["_all"]["primaries"]
        return {
            **self.memory(),
            "heap": os.environ.get("SEARCH_NODE_HEAP", "512m"),
            "index_mb": round(stats["store"]["size_in_bytes"] / 1e6, 1),
            "documents": stats["docs"]["count"],
        }


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    import django

    return {
        "arch": platform.machine(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--whoosh-at", type=int, default=10_000, help="the size to index with Whoosh; 0 for none"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--requests", type=int, default=40, help="timed requests of each kind of page")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="scratch space (gitignored)")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="where the articles go: an SQLite file, or PostgreSQL at BENCH_POSTGRES_URL (its own database per size)",
    )
    parser.add_argument(
        "--results", type=Path, help="where the figures go (bench/results.json, or results-postgres.json)"
    )
    parser.add_argument("--no-rebuild", action="store_true", help="skip the separate rebuild_index")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["parse", "icontains", "export"],
        help="leave out steps that a large size makes long: the parse alone, SQLite's LIKE, the export",
    )
    parser.add_argument("--keep", action="store_true", help="keep the Whoosh index after the run")
    parser.add_argument(
        "--opensearch",
        action="store_true",
        help="also index and search on an OpenSearch node started for each size",
    )
    parser.add_argument(
        "--opensearch-port", default=OPENSEARCH_PORT, help="the --opensearch node's HTTP port on 127.0.0.1"
    )
    args = parser.parse_args()
    default_results = RESULTS_POSTGRES if args.database == "postgres" else RESULTS
    args.results = args.results or default_results
    args.out.mkdir(parents=True, exist_ok=True)
    # Two runs at once would delete each other's data directories and share the two cores.
    lock = (args.out / "run.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another bench/run.py is using {args.out}; wait for it to finish")
    began = time.perf_counter()
    results = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": args.seed,
        "sizes": {},
    }
    for size in args.sizes:
        results["sizes"][str(size)] = bench_size(size, args)
    if REAL_TEXT.is_dir():  # real published text laid out as dumps, beside the repository
        _, _, out = run(
            [sys.executable, str(BENCH / "measure.py"), "parse", str(REAL_TEXT)],
            os.environ,
            "parse real text",
        )
        results["parse_real_text"] = json.loads(out)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["machine"]["load_average_max"] = round(max(LOADS), 2)
    results["total_seconds"] = round(time.perf_counter() - began)
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_report(results)
    # The docs' figures are those of the committed results, whatever a trial run wrote elsewhere.
    if args.results.resolve() == default_results:
        write_figures()


if __name__ == "__main__":
    main()
