"""Load test: gunicorn on loopback under wrk, with an import running at the same time.

    .venv/bin/python bench/load.py                       # builds a 3,000-article archive first
    .venv/bin/python bench/load.py --data bench/out/10000  # an archive bench/run.py built

Starts gunicorn with the repository's configuration on 127.0.0.1, drives it
with wrk (Debian's package) over the home, issue, article, district and
search pages for --seconds with --connections connections; a fifth of the
way through it runs rebuild_index while a probe asks one search again and
again (any answer other than a 200 with the whole count, a partial index, is
counted), then imports new issues. Prints requests per second, median and
p95 latency, errors, the searches that saw a partial index (must be 0) and
each worker's peak memory. Writes bench/load.json.
Every request goes to 127.0.0.1; the run is bounded in time and stops by itself.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUERIES = ["株洲", "醴陵", "茶", "北斗", "荷塘区", "项目建设", "乡村振兴", '"城中村改造"', "陶瓷 -醴陵"]

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; counter = math.random(1, #paths) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function response(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local http_errors = 0
  for _, thread in ipairs(threads) do http_errors = http_errors + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "http_errors": %d, "socket_errors": %d, '
    .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\\n',
    summary.requests, summary.duration / 1e6, http_errors,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def manage(env, *args, check=True):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


def make_corpus(env, *args):
    return subprocess.run(
        [PYTHON, "bench/make_corpus.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def build_archive(env, articles):
    corpus = ROOT / "bench" / "out" / f"load-corpus-{articles}"
    if not corpus.exists():
        make_corpus(env, str(corpus), "--articles", str(articles), "--seed", "7")
    manage(env, "migrate", "--no-input")
    manage(env, "import_issues", str(corpus), "-v0")
    return corpus


def sample_urls(env, count=300):
    """Real URLs of the archive: what the readers of a day would ask for."""
    code = (
        "import json, random\n"
        "from articles.models import Article, District, Issue\n"
        "rng = random.Random(1)\n"
        "issues = [i.get_absolute_url() for i in Issue.objects.order_by('?')[:40]]\n"
        "articles = [a.get_absolute_url() for a in Article.objects.select_related('page__issue')"
        ".order_by('?')[:120]]\n"
        "districts = [d.get_absolute_url() for d in District.objects.all()]\n"
        "print(json.dumps({'issues': issues, 'articles': articles, 'districts': districts}))\n"
    )
    found = json.loads(manage(env, "shell", "--no-imports", "-c", code).stdout)
    rng = random.Random(1)
    searches = [f"/search/?q={urllib.parse.quote(q)}" for q in QUERIES]
    pages = ["/"] * 20 + found["issues"] + found["articles"] + found["districts"] * 3 + searches * 6
    rng.shuffle(pages)
    return pages[:count]


def worker_memory(master_pid):
    """Resident memory (MiB) of each gunicorn worker, from /proc."""
    sizes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes[int(entry.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return sizes


def search_count(base, query):
    """(status, count) of one search, as its JSON says."""
    url = f"{base}/search/?q={urllib.parse.quote(query)}&format=json"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())["count"]
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return 0, None


def rebuild_under_load(env, base, query, seconds):
    """Run rebuild_index while probing one search; how many answers saw anything but the whole index."""
    status, whole = search_count(base, query)
    probes = {"searches": 0, "partial": 0, "not_200": 0, "whole_count": whole, "first_status": status}
    started = time.monotonic()
    rebuild = subprocess.Popen(
        [PYTHON, "manage.py", "rebuild_index", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = started + seconds
    # Keep probing a moment after the swap: every worker must answer from the new file at once.
    after = None
    while time.monotonic() < deadline and (after is None or time.monotonic() < after):
        status, count = search_count(base, query)
        probes["searches"] += 1
        if status != 200:
            probes["not_200"] += 1
        elif count != whole:
            probes["partial"] += 1
        if after is None and rebuild.poll() is not None:
            after = time.monotonic() + 2
        time.sleep(0.02)
    if rebuild.poll() is None:
        rebuild.kill()
    probes["rebuild_exit_status"] = rebuild.wait()
    probes["rebuild_seconds"] = round(time.monotonic() - started, 1)
    return probes


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="a data directory with an imported archive")
    parser.add_argument(
        "--articles", type=int, default=3000, help="size of the archive to build without --data"
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load.json")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    data = args.data or ROOT / "bench" / "out" / f"load-{args.articles}"
    env = {
        **os.environ,
        "PORTAL_DATA_DIR": str(data.resolve()),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_BIND": f"127.0.0.1:{args.port}",
        "PORTAL_ACCESS_LOG": "/dev/null",
    }
    env.pop("DATABASE_URL", None)
    if args.data is None:
        build_archive(env, args.articles)
    manage(env, "collectstatic", "--no-input", "-v0")
    urls = sample_urls(env)

    # New issues to import under load: days after the archive's last one.
    extra = Path(tempfile.mkdtemp(prefix="load-import-"))
    last = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from articles.models import Issue; print(Issue.objects.latest().date)",
    ).stdout.strip()
    first_new = datetime.date.fromisoformat(last) + datetime.timedelta(days=1)
    make_corpus(env, str(extra), "--articles", "600", "--seed", "99", "--start", first_new.isoformat())

    gunicorn = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "portal/gunicorn.conf.py", "portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/healthz")
        script = Path(tempfile.mkstemp(suffix=".lua")[1])
        script.write_text("paths = " + "{" + ", ".join(json.dumps(u) for u in urls) + "}\n" + WRK_SCRIPT)

        peaks, stop = {}, threading.Event()

        def watch_memory():
            while not stop.is_set():
                for pid, mib in worker_memory(gunicorn.pid).items():
                    peaks[pid] = max(peaks.get(pid, 0), mib)
                stop.wait(0.5)

        watcher = threading.Thread(target=watch_memory)
        watcher.start()
        load_started = time.monotonic()
        wrk = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://127.0.0.1:{args.port}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(args.seconds / 5)
        base = f"http://127.0.0.1:{args.port}"
        rebuild = rebuild_under_load(env, base, QUERIES[0], seconds=600)
        started = time.monotonic()
        imported = manage(env, "import_issues", str(extra), check=False)
        import_seconds = time.monotonic() - started
        load_seconds = time.monotonic() - load_started
        output, _ = wrk.communicate(timeout=args.seconds + 60)
        stop.set()
        watcher.join()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(extra, ignore_errors=True)

    figures = json.loads(output.strip().splitlines()[-1])
    figures.update(
        connections=args.connections,
        requests_per_second=round(figures["requests"] / figures["seconds"], 1),
        distinct_urls=len(set(urls)),
        worker_peak_rss_mib=sorted(round(v, 1) for v in peaks.values()),
        concurrent_import={
            "exit_status": imported.returncode,
            "seconds": round(import_seconds, 1),
            "summary": imported.stdout.strip().splitlines()[-1:],
        },
        rebuild_under_load=rebuild,
        # Both ran while wrk did only if this is within its --seconds.
        rebuild_and_import_done_after_s=round(load_seconds, 1),
    )
    args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
    print(
        f"{figures['requests']} requests in {figures['seconds']:.0f} s with {args.connections} connections: "
        f"{figures['requests_per_second']} req/s, median {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"p99 {figures['p99_ms']} ms"
    )
    print(f"errors: {figures['http_errors']} HTTP, {figures['socket_errors']} socket")
    print(f"worker peak memory (MiB): {figures['worker_peak_rss_mib']}")
    print(
        f"import under load: exit {imported.returncode} in {import_seconds:.1f} s "
        f"{figures['concurrent_import']['summary']}"
    )
    print(
        f"rebuild_index under load: exit {rebuild['rebuild_exit_status']} in {rebuild['rebuild_seconds']} s; "
        f"{rebuild['searches']} searches for {QUERIES[0]} meanwhile: {rebuild['partial']} saw a partial index, "
        f"{rebuild['not_200']} did not answer 200 (whole count {rebuild['whole_count']})"
    )
    failed = rebuild["partial"] or rebuild["not_200"] or rebuild["rebuild_exit_status"]
    if figures["http_errors"] or figures["socket_errors"] or imported.returncode or failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
