"""Shared test helpers: the seed files and samples, and a base class or fixtures for each kind of test.

- Reader pages: `ReaderTestCase` over `import_archive()`, the samples and the seeds.
- Admin: `AdminTestCase` (one sample issue, an editor, a superuser) and `form_data`.
- Search: fictional articles (`make_article`) and a fresh index. The index is
  the real one in the test run's throwaway data directory; a test class starts
  from an empty one (`fresh_index`) and indexes what it made (`index_all`),
  since a TestCase's transaction never commits and so never triggers the
  realtime indexing. Every article made here is invented for the tests.
"""

import datetime
import shutil
import tempfile
from pathlib import Path

from django import db, forms
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command
from django.test import TestCase
from haystack import connections

from articles.indexing import sync_articles
from articles.models import Article, Byline, Caption, District, Issue, Page, Person, Section

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


class LiveTestCase(StaticLiveServerTestCase):
    """A live server for a browser. Each test ends by emptying every table, and serialized_rollback
    brings back what the migrations made (the gazetteer's districts, the editors group, the content
    types and permissions) before the next one.

    Every live-server test must be one: the flush after a test without serialized_rollback runs
    post_migrate, which makes the content types again under new keys, and the next test that
    restores the migrations' rows then fails on the content types' unique names.
    """

    serialized_rollback = True


def browser_page(test):
    """A Chromium page of its own for one test, closed when the test ends.

    Started per test, once the database is ready, and stopped before it is reset: while
    Playwright runs, this thread's context sees a database connection of its own.
    """
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    test.addCleanup(playwright.stop)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    test.addCleanup(browser.close)
    # First of the cleanups: the connection the test's ORM calls opened in that context, which
    # would otherwise stay open and keep PostgreSQL from dropping the test database.
    test.addCleanup(db.connections.close_all)
    return browser.new_page()


def log_in(page, live_server_url, username, password):
    """Log in through the admin's own login form."""
    page.goto(f"{live_server_url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


# Reader pages

# The page cache on, for the tests of what renews it (the test settings turn it off).
PAGES_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t-default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t-pages"},
}
# The busiest data the repository has, so that an N+1 query shows in the counts.
LATEST = "2024-03-14"


def import_archive():
    """The four samples, the five seeds, and a copy of a sample as 2023-03-14 (for 历史上的今天)."""
    import_paths(SAMPLES, SEEDS)
    folder = Path(tempfile.mkdtemp())
    try:
        # Its text has no masthead, so the file name gives the date.
        shutil.copy(SAMPLES / "sample-2023-11-08.txt", folder / "sample-2023-03-14.txt")
        import_paths(folder)
    finally:
        shutil.rmtree(folder)


class ReaderTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_archive()

    @staticmethod
    def article(date, page, position):
        return Article.objects.select_related("page__issue").get(
            page__issue__date=date, page__number=page, position=position
        )

    def get_json(self, url, **params):
        response = self.client.get(url, {**params, "format": "json"})
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()


# Admin

SAMPLE = SAMPLES / "sample-2024-03-12.txt"


class AdminTestCase(TestCase):
    """The 2024-03-12 sample issue, an editor in the "editors" group and a superuser."""

    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLE)
        cls.editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="editors"))
        cls.boss = User.objects.create_superuser("boss", password="a-long-admin-password")

    def setUp(self):
        self.client.force_login(self.editor)

    @staticmethod
    def article(page, position):
        return Article.objects.get(page__issue__date="2024-03-12", page__number=page, position=position)

    def change_url(self, obj):
        return f"/admin/articles/{obj._meta.model_name}/{obj.pk}/change/"

    def edit(self, obj, **changes):
        """Save the object's change form as an editor would, with these fields changed; returns what was posted."""
        data = form_data(self.client.get(self.change_url(obj)))
        data.update(changes)
        response = self.client.post(self.change_url(obj), data)
        self.assertEqual(response.status_code, 302, response.context and response.context.get("errors"))
        obj.refresh_from_db()
        return data


class SampleCopyTestCase(AdminTestCase):
    """The 2024-03-12 sample as a copy in a folder of its own, restored before each test: a test
    changes the copy and imports it again."""

    @classmethod
    def setUpTestData(cls):
        cls.folder = Path(tempfile.mkdtemp(prefix="sample-copy-"))
        cls.addClassCleanup(shutil.rmtree, cls.folder)
        cls.copy = cls.folder / SAMPLE.name
        shutil.copy(SAMPLE, cls.copy)
        super().setUpTestData()

    def setUp(self):
        super().setUp()
        shutil.copy(SAMPLE, self.copy)


def form_data(response):
    """The POST data of an admin change form as rendered: its fields, inlines and management forms."""
    data = {}
    all_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        all_forms += list(formset.forms)
        all_forms.append(formset.management_form)
    for form in all_forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if field.show_hidden_initial:
                data[form.add_initial_prefix(name)] = str(value)
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple) and not isinstance(field.widget, forms.Textarea):
                data[key] = [str(getattr(v, "pk", v)) for v in value]
            elif value is True:
                data[key] = "on"
            else:
                data[key] = str(getattr(value, "pk", value))
    return data


# Search


def backend():
    return connections["default"].get_backend()


def fresh_index():
    backend().clear()


def index_all():
    sync_articles(Article.objects.values_list("pk", flat=True))


def rebuild():
    call_command("rebuild_index", interactive=False, verbosity=0)


def make_article(
    headline,
    body="",
    *,
    date=datetime.date(2024, 3, 12),
    page=1,
    section="综合新闻",
    kind=Article.Kind.NEWS,
    districts=(),
    bylines=(),
    captions=(),
    kicker="",
    subtitle="",
):
    issue, _ = Issue.objects.get_or_create(
        date=date, defaults={"source_name": f"test-{date}.txt", "source_checksum": "0" * 64}
    )
    page_obj, _ = Page.objects.get_or_create(
        issue=issue,
        number=page,
        defaults={"section": Section.objects.get_or_create(name=section)[0] if section else None},
    )
    article = Article.objects.create(
        page=page_obj,
        position=page_obj.articles.count() + 1,
        number=page_obj.next_article_number(),
        headline=headline,
        body=body,
        kind=kind,
        kicker=kicker,
        subtitle=subtitle,
    )
    article.districts.set(District.objects.filter(name__in=districts))
    for n, (role, name) in enumerate(bylines):
        person, _ = Person.objects.get_or_create(name=name)
        Byline.objects.create(article=article, person=person, role=role, position=n)
    for n, text in enumerate(captions):
        Caption.objects.create(article=article, text=text, position=n)
    return article
