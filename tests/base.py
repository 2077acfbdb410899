"""Shared test helpers: the seed files and the project's sample issues."""

from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SEEDS = (ROOT.parent / "shared" / "seeds").resolve()
SAMPLES = ROOT / "articles" / "samples"


def seed(name_prefix):
    """A seed file by the start of its name ('004')."""
    return next(SEEDS.glob(f"{name_prefix}*.txt"))


def import_paths(*paths, **options):
    call_command("import_issues", *[str(p) for p in paths], verbosity=0, **options)


# Debian's Chromium, headless, with none of its calls home (this machine's network is closed).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
