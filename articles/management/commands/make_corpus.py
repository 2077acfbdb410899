import datetime
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.corpus import Corpus


def start_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--start must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Write a fictional archive for benchmarks: one .txt per issue day in the dumps' layout, "
        "about 60 articles a day, and corpus.json with what each file holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path, metavar="OUTDIR")
        parser.add_argument("--articles", type=int, default=10_000, help="how many articles in all")
        parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same archive")
        parser.add_argument("--start", type=start_date, default=datetime.date(2019, 1, 1), help="first day")

    def handle(self, *args, outdir, articles, seed, start, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        if outdir.exists() and any(outdir.glob("*.txt")):
            raise CommandError(f"{outdir} already holds .txt files; give an empty or new directory")
        outdir.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        corpus = Corpus(seed=seed, start=start)
        files, size = {}, 0
        for day in corpus.issues(articles):
            data = day.text.encode()
            (outdir / day.filename).write_bytes(data)
            files[day.filename] = len(day.stories)
            size += len(data)
        manifest = {"seed": seed, "articles": sum(files.values()), "bytes": size, "files": files}
        (outdir / "corpus.json").write_text(json.dumps(manifest, indent=0), encoding="utf-8")
        self.stdout.write(
            f"wrote {len(files)} issues, {manifest['articles']} articles, {size / 1e6:.1f} MB "
            f"to {outdir} in {time.perf_counter() - began:.1f}s"
        )
