"""Write a fictional archive for the benchmark: one .txt per issue day in the dumps' layout.

    .venv/bin/python bench/make_corpus.py OUTDIR --articles 10000 --seed 1

About 60 articles a day, and OUTDIR/corpus.json with the seed, the article
count, the bytes written and how many articles each file holds. The same seed
writes the same archive. Plain Python: the corpus needs the parser's
gazetteer and printed forms, not Django.
"""

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Corpus  # noqa: E402


class CorpusError(Exception):
    """What the person running the script must fix."""


def write_corpus(outdir, articles, seed=1, start=datetime.date(2019, 1, 1)):
    """Write the archive into `outdir` (made if missing) and return its manifest."""
    if articles < 1:
        raise CorpusError("--articles must be at least 1")
    if outdir.exists() and any(outdir.glob("*.txt")):
        raise CorpusError(f"{outdir} already holds .txt files; give an empty or new directory")
    outdir.mkdir(parents=True, exist_ok=True)
    files, size = {}, 0
    for day in Corpus(seed=seed, start=start).issues(articles):
        data = day.text.encode()
        (outdir / day.filename).write_bytes(data)
        files[day.filename] = len(day.stories)
        size += len(data)
    manifest = {"seed": seed, "articles": sum(files.values()), "bytes": size, "files": files}
    (outdir / "corpus.json").write_text(json.dumps(manifest, indent=0), encoding="utf-8")
    return manifest


def start_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be YYYY-MM-DD, not {value!r}") from None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, metavar="OUTDIR")
    parser.add_argument("--articles", type=int, default=10_000, help="how many articles in all")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same archive")
    parser.add_argument("--start", type=start_date, default=datetime.date(2019, 1, 1), help="first day")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        manifest = write_corpus(args.outdir, args.articles, args.seed, args.start)
    except CorpusError as error:
        sys.exit(f"make_corpus: {error}")
    print(
        f"wrote {len(manifest['files'])} issues, {manifest['articles']} articles, "
        f"{manifest['bytes'] / 1e6:.1f} MB to {args.outdir} in {time.perf_counter() - began:.1f}s"
    )


if __name__ == "__main__":
    main()
