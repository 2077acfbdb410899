"""Samples stay out of the real archive: once a real issue exists, no page of it leads to a sample issue.

A reader who walks the archive from the home page, link by link (pages,
their JSON, feeds and sitemaps), never lands on a fictional issue; a sample
issue still answers at its own address, marked 样刊.
"""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

from django.test import TestCase

from articles.models import Issue

from .base import SAMPLES, SEEDS, import_paths

# Links in HTML, feeds and sitemaps, and the absolute URLs of the JSON variants.
LINK = re.compile(r"""(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>|<link>([^<]+)</link>|"(https?://[^"]+)\"""")
ISSUE_PATH = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/")
# Enough for the whole of the samples plus the seeds, with their JSON variants.
MOST_PAGES = 5000


def links(body):
    for match in LINK.finditer(body):
        yield next(group for group in match.groups() if group).replace("&amp;", "&")


class SamplesApartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLES, samples=True)
        import_paths(SEEDS)
        cls.sample_days = {
            f"/{d:%Y/%m/%d}/" for d in Issue.objects.filter(is_sample=True).values_list("date", flat=True)
        }

    def crawl(self):
        """{url: the page that first linked to it} for every page reachable from the home page."""
        found, queue = {"/": None}, deque(["/"])
        while queue and len(found) < MOST_PAGES:
            url = queue.popleft()
            response = self.client.get(url)
            if response.status_code != 200 or response.get("Content-Type", "").startswith("image/"):
                continue
            body = b"".join(response).decode() if response.streaming else response.content.decode()
            found_links = list(links(body))
            if response["Content-Type"].startswith("text/html") and "format=" not in url:
                # Every page's data too: its JSON names the issues it leads to.
                found_links.append(url + ("&" if "?" in url else "?") + "format=json")
            for link in found_links:
                parts = urlsplit(urljoin("http://testserver" + url, link))
                if parts.netloc != "testserver" or parts.path.startswith(("/static/", "/admin/")):
                    continue
                if url.startswith("/search/") and parts.path.startswith("/search/"):
                    # A search's facets, orders and pages combine without end: the results of each
                    # search some page links to are walked, not the searches they lead to.
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target not in found:
                    found[target] = url
                    queue.append(target)
        return found

    def test_no_page_reachable_from_the_home_page_links_to_a_sample_issue(self):
        self.assertEqual(len(self.sample_days), 4)
        found = self.crawl()
        self.assertGreater(len(found), 100, "the crawl walked the archive")
        self.assertLess(len(found), MOST_PAGES, "and all of it")
        into_samples = {
            url: came_from for url, came_from in found.items() if url.split("?")[0][:12] in self.sample_days
        }
        self.assertEqual(into_samples, {})

    def test_the_latest_real_issue_has_no_next_issue(self):
        latest = Issue.objects.filter(is_sample=False).latest()
        response = self.client.get(latest.get_absolute_url())
        self.assertIsNone(response.context["next_issue"])
        self.assertNotContains(response, "下一期")

    def test_a_month_of_samples_only_is_no_month_of_the_archive(self):
        sample = Issue.objects.filter(is_sample=True).latest()
        response = self.client.get(f"/{sample.date:%Y/%m}/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, f"/{sample.date:%Y/%m/%d}/", status_code=404)

    def test_a_sample_issue_still_answers_at_its_own_address_marked(self):
        sample = Issue.objects.filter(is_sample=True).latest()
        response = self.client.get(sample.get_absolute_url())
        self.assertContains(response, "样刊")
        for neighbour in (response.context["previous_issue"], response.context["next_issue"]):
            self.assertFalse(neighbour and neighbour.is_sample, "it leads back into the real archive only")
