"""Editors decide readers' proposals: the queue with each change as a diff, accept all or some hunks,
edit, reject with a reason; a proposal against a text changed since is re-based or refused, never
applied blind; a boundary opens the split or merge tool; counts per day; a flood shows."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from reversion.models import Version

from articles.models import Article
from articles.proposals.models import Proposal

from .base import AdminTestCase

PROPOSALS = "/admin/articles/proposal/"
# The session, the user and their permissions (4), the sources that sent many, the count and the
# full count, the page of proposals with their articles and each source's day.
QUEUE_QUERIES = 8


class ProposalAdminTestCase(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.story = cls.article(2, 2)

    def propose(self, proposed=None, paragraph=2, address="10.4.4.4", article=None):
        """A reader's proposal through the reader's form; returns it."""
        article = article or self.story
        original = article.paragraphs[paragraph]
        text = proposed(original) if proposed else original.replace("社区党委", "社区党支部", 1)
        self.client.logout()
        response = self.client.post(
            f"/propose/{article.pk}/body/{paragraph}/", {"text": text, "note": ""}, REMOTE_ADDR=address
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.client.force_login(self.editor)
        self.status_url = response["Location"]
        return Proposal.objects.latest("pk")

    def boundary(self, kind, index=None, article=None, **data):
        article = article or self.story
        url = f"/propose/{article.pk}/{kind}/" + (f"{index}/" if index is not None else "")
        self.client.logout()
        response = self.client.post(url, {"note": "", **data}, REMOTE_ADDR="10.4.4.5")
        self.assertEqual(response.status_code, 302)
        self.client.force_login(self.editor)
        return Proposal.objects.latest("pk")

    def review(self, proposal):
        return self.client.get(proposal.get_absolute_url())

    def decide(self, proposal, decision, **data):
        """POST the review form as rendered, with `decision` and these fields changed."""
        form = self.review(proposal).context["form"]
        posted = {
            "seen": form["seen"].value(),
            "hunks": [str(n) for n in form["hunks"].value() or ()],
            "text": form["text"].value() or "",
            "page_number": form["page_number"].value() or "",
            "reason": form["reason"].value() or "",
            "reason_note": "",
            "decision": decision,
            **data,
        }
        return self.client.post(proposal.get_absolute_url(), posted)


class QueueTests(ProposalAdminTestCase):
    def test_the_queue_lists_waiting_proposals_with_a_character_diff(self):
        proposal = self.propose()
        response = self.client.get(PROPOSALS)
        self.assertContains(response, self.story.headline)
        self.assertContains(response, "第3段")
        self.assertContains(
            response, '<ins><span class="visually-hidden">［加上］</span>支部</ins>', html=True
        )
        self.assertContains(response, '<del><span class="visually-hidden">［删去］</span>委</del>', html=True)
        self.assertContains(response, proposal.get_absolute_url())

    def test_every_field_a_reader_wrote_is_escaped_in_the_admin(self):
        proposal = self.propose(lambda text: text.replace("社区", "<b>社区", 1))
        proposal.note = "<script>alert(1)</script>"
        proposal.save()
        for url in [PROPOSALS, proposal.get_absolute_url(), "/admin/articles/articlereview/"]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertNotContains(response, "<b>社区")
                self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(self.client.get(PROPOSALS), "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_the_queues_query_count_does_not_grow_with_its_proposals(self):
        self.propose()
        with self.assertNumQueries(QUEUE_QUERIES):
            self.client.get(PROPOSALS)
        for n in range(3):
            self.propose(lambda text, n=n: text[:-1] + "！" * (n + 1), paragraph=n, address=f"10.4.5.{n}")
        with self.assertNumQueries(QUEUE_QUERIES):
            self.client.get(PROPOSALS)

    def test_the_review_queue_shows_the_proposal_beside_the_article(self):
        proposal = self.propose()
        response = self.client.get("/admin/articles/articlereview/?reason=proposal")
        self.assertEqual([a.pk for a in response.context["cl"].result_list], [self.story.pk])
        self.assertContains(response, "读者更正建议")
        self.assertContains(response, proposal.get_absolute_url())

    def test_the_edit_form_links_to_the_articles_waiting_proposals(self):
        self.propose()
        response = self.client.get(self.change_url(self.story))
        self.assertContains(response, "读者更正建议（1条待审）")
        listed = self.client.get(f"{PROPOSALS}?article__id__exact={self.story.pk}")
        self.assertEqual(len(listed.context["cl"].result_list), 1)

    def test_decided_proposals_leave_the_queue_and_are_found_by_their_status(self):
        proposal = self.propose()
        self.decide(proposal, "reject")
        self.assertEqual(len(self.client.get(PROPOSALS).context["cl"].result_list), 0)
        rejected = self.client.get(PROPOSALS + "?status=rejected")
        self.assertEqual([p.pk for p in rejected.context["cl"].result_list], [proposal.pk])


class AcceptTests(ProposalAdminTestCase):
    def test_accepting_makes_the_editors_correction_attributed_to_the_reader(self):
        proposal = self.propose()
        printed = self.story.paragraphs[2]
        response = self.decide(proposal, "accept")
        self.assertRedirects(response, PROPOSALS, fetch_redirect_response=False)
        story = Article.objects.get(pk=self.story.pk)
        self.assertEqual(story.paragraphs[2], printed.replace("社区党委", "社区党支部"))
        self.assertEqual(story.edited_fields, ["body"])
        self.assertIn(printed, story.source["body"])
        revision = Version.objects.get_for_object(story).order_by("-pk").first().revision
        self.assertEqual((revision.user, revision.comment), (self.editor, "读者更正，编辑审核：第3段"))
        proposal.refresh_from_db()
        self.assertEqual((proposal.status, proposal.decided_by), ("accepted", self.editor))
        self.assertContains(self.client.get(story.get_absolute_url()), "社区党支部")
        self.assertNotIn(story.pk, Article.objects.review_queue().values_list("pk", flat=True))
        status = self.client.get(self.status_url)
        self.assertContains(status, "已采纳")
        self.assertContains(status, "<ins>", html=False)

    def test_the_history_names_the_reader_and_the_editor(self):
        self.decide(self.propose(), "accept")
        history = self.client.get(f"/admin/articles/article/{self.story.pk}/history/")
        self.assertContains(history, "读者更正，编辑审核：第3段")
        self.assertContains(history, "lihua")

    def test_an_editor_accepts_some_hunks_only(self):
        proposal = self.propose(
            lambda text: text.replace("社区党委", "社区党支部", 1).replace("介绍", "说", 1)
        )
        self.assertEqual(len(self.review(proposal).context["hunks"]), 2)
        self.decide(proposal, "accept", hunks=["1"])
        story = Article.objects.get(pk=self.story.pk)
        self.assertIn("社区党委", story.paragraphs[2])
        self.assertNotIn("介绍", story.paragraphs[2])
        proposal.refresh_from_db()
        self.assertEqual(proposal.get_status_display(), "部分采纳")

    def test_an_editor_edits_the_proposal_before_accepting_it(self):
        proposal = self.propose()
        edited = self.story.paragraphs[2].replace("社区党委", "社区党总支", 1)
        self.decide(proposal, "edit", text=edited)
        self.assertEqual(Article.objects.get(pk=self.story.pk).paragraphs[2], edited)
        proposal.refresh_from_db()
        self.assertEqual((proposal.status, proposal.applied), ("edited", edited))

    def test_an_editor_rejects_with_a_reason_the_reader_reads(self):
        proposal = self.propose()
        body = self.story.body
        self.decide(proposal, "reject", reason="原报如此：报纸上印的就是这样。", reason_note="已核对原报")
        self.assertEqual(Article.objects.get(pk=self.story.pk).body, body)
        status = self.client.get(self.status_url)
        self.assertContains(status, "未采纳")
        self.assertContains(status, "原报如此：报纸上印的就是这样。已核对原报")
        self.assertNotContains(status, "党支部")

    def test_a_proposal_decided_once_cannot_be_decided_again(self):
        proposal = self.propose()
        form = self.review(proposal).context["form"]
        self.decide(proposal, "reject")
        response = self.client.post(
            proposal.get_absolute_url(),
            {"seen": form["seen"].value(), "hunks": ["0"], "decision": "accept"},
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("党支部", Article.objects.get(pk=self.story.pk).body)

    def test_after_a_decision_the_next_waiting_proposal_opens(self):
        first = self.propose()
        second = self.propose(lambda text: text[:-1] + "！", paragraph=0, address="10.4.4.9")
        self.assertRedirects(self.decide(first, "reject"), second.get_absolute_url())


class ChangedSinceTests(ProposalAdminTestCase):
    def correct_paragraph(self, change):
        story = Article.objects.get(pk=self.story.pk)
        paragraphs = story.body.split("\n")
        n = [i for i, line in enumerate(paragraphs) if line.strip()][2]
        with story.correcting(self.boss, "编辑改正"):
            paragraphs[n] = change(paragraphs[n])
            story.body = "\n".join(paragraphs)

    def test_a_proposal_on_a_text_changed_elsewhere_is_rebased_and_applied_there(self):
        proposal = self.propose()
        self.correct_paragraph(lambda text: text.replace("低层少出", "低层少付", 1))
        response = self.review(proposal)
        self.assertContains(response, "读者提交之后，这段文字已被改动")
        self.decide(proposal, "accept")
        paragraph = Article.objects.get(pk=self.story.pk).paragraphs[2]
        self.assertIn("低层少付", paragraph)
        self.assertIn("社区党支部", paragraph)

    def test_a_hunk_where_the_editor_changed_the_text_cannot_be_accepted(self):
        proposal = self.propose()
        self.correct_paragraph(lambda text: text.replace("社区党委", "街道党工委", 1))
        response = self.review(proposal)
        self.assertContains(response, "无法套用")
        self.assertEqual(response.context["form"].fields["hunks"].choices, [])
        self.decide(proposal, "accept", hunks=["0"])
        self.assertNotIn("党支部", Article.objects.get(pk=self.story.pk).body)
        proposal.refresh_from_db()
        self.assertTrue(proposal.is_waiting)

    def test_a_text_changed_while_the_editor_looked_is_not_applied(self):
        proposal = self.propose()
        form = self.review(proposal).context["form"]
        self.correct_paragraph(lambda text: text.replace("低层少出", "低层少付", 1))
        response = self.client.post(
            proposal.get_absolute_url(),
            {"seen": form["seen"].value(), "hunks": ["0"], "decision": "accept"},
            follow=True,
        )
        self.assertContains(response, "这段文字在您审核时已被改动")
        self.assertNotIn("党支部", Article.objects.get(pk=self.story.pk).body)

    def test_a_proposal_on_a_rewritten_paragraph_can_only_be_edited_or_rejected(self):
        proposal = self.propose()
        self.correct_paragraph(lambda text: "整段换成了别的文字。")
        response = self.review(proposal)
        self.assertContains(response, "没有一处还能套用")
        self.assertNotContains(response, 'value="accept"')
        self.decide(proposal, "reject", reason="原文此后已经更改，建议不再适用。")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "rejected")

    def test_a_proposal_whose_paragraph_is_gone_can_only_be_rejected(self):
        proposal = self.propose(lambda text: text[:-1] + "！", paragraph=3)
        story = Article.objects.get(pk=self.story.pk)
        with story.correcting(self.boss, "删去末段"):
            story.body = "\n".join(story.paragraphs[:3])
        response = self.review(proposal)
        self.assertContains(response, "读者看到的文字已不在文章里")
        self.assertNotContains(response, 'value="accept"')
        self.assertNotContains(response, 'value="edit"')
        self.decide(proposal, "accept", hunks=["0"])
        proposal.refresh_from_db()
        self.assertTrue(proposal.is_waiting)

    def test_a_paragraph_that_moved_is_found_by_its_text(self):
        proposal = self.propose()
        story = Article.objects.get(pk=self.story.pk)
        with story.correcting(self.boss, "加一段"):
            story.body = "编者按：新加的一段。\n" + story.body
        self.decide(proposal, "accept")
        story.refresh_from_db()
        self.assertIn("社区党支部", story.paragraphs[3])


class BoundaryTests(ProposalAdminTestCase):
    def test_another_story_starts_here_opens_the_split_tool_at_that_paragraph(self):
        proposal = self.boundary("split", 2)
        response = self.review(proposal)
        tool = response.context["tool_url"]
        self.assertEqual(tool, f"/admin/articles/article/{self.story.pk}/split/?at=2&proposal={proposal.pk}")
        split = self.client.get(tool)
        self.assertContains(split, 'value="2" required id="id_at_1" checked', html=False)
        self.client.post(tool, {"at": "2", "headline": "读者指出的另一篇"})
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "accepted")
        self.assertTrue(Article.objects.filter(headline="读者指出的另一篇").exists())
        revision = Version.objects.get_for_object(self.story).order_by("-pk").first().revision
        self.assertTrue(revision.comment.startswith("读者更正，编辑审核：从第3段起拆出"))

    def test_the_next_article_is_this_ones_opens_the_merge_tool(self):
        following = self.story.page.articles.filter(position__gt=self.story.position).first()
        proposal = self.boundary("merge")
        tool = self.review(proposal).context["tool_url"]
        self.assertEqual(tool, f"/admin/articles/article/{self.story.pk}/merge/?proposal={proposal.pk}")
        self.client.post(tool)
        self.assertFalse(Article.objects.filter(pk=following.pk).exists())
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "accepted")

    def test_two_paragraphs_made_one(self):
        first, second = self.story.paragraphs[1:3]
        proposal = self.boundary("paragraphs", 1)
        self.decide(proposal, "accept")
        self.assertEqual(Article.objects.get(pk=self.story.pk).paragraphs[1], first + second)

    def test_a_jump_to_another_page(self):
        proposal = self.boundary("continues", page_number=3)
        self.decide(proposal, "accept")
        story = Article.objects.get(pk=self.story.pk)
        self.assertEqual((story.continues_on, story.edited_fields), (3, ["continues_on"]))


class CountsAndFloodTests(ProposalAdminTestCase):
    def test_the_counts_per_day_say_received_accepted_and_rejected(self):
        self.decide(self.propose(), "accept")
        self.decide(self.propose(lambda text: text[:-1] + "！", paragraph=0), "reject")
        self.propose(lambda text: text[:-1] + "！", paragraph=1)
        response = self.client.get(PROPOSALS + "stats/")
        self.assertEqual(
            [(d["received"], d["accepted"], d["rejected"]) for d in response.context["days"]], [(3, 1, 1)]
        )
        self.assertContains(
            response, "收到 3 条，采纳 1 条（含部分采纳和修改后采纳），不采纳 1 条，待审核 1 条"
        )

    def test_a_source_that_sends_many_is_shown_and_its_proposals_rejected_at_once(self):
        for n in range(12):
            self.propose(
                lambda text, n=n: text[:-1] + "！" * (n % 3 + 1), paragraph=n % 4, address="10.6.6.6"
            )
        self.propose(address="10.7.7.7")
        response = self.client.get(PROPOSALS)
        flooding = [key for key, label in response.context["cl"].filter_specs[2].lookup_choices]
        self.assertEqual(len(flooding), 1)
        self.assertContains(response, "24小时内12条")
        self.assertContains(response, 'class="flood"', count=0)  # under the hour's limit of 20 a day
        from_it = self.client.get(f"{PROPOSALS}?source={flooding[0]}")
        pks = [p.pk for p in from_it.context["cl"].result_list]
        self.assertEqual(len(pks), 12)
        self.client.post(PROPOSALS, {"action": "reject_selected", ACTION_CHECKBOX_NAME: pks})
        self.assertEqual(Proposal.objects.filter(status="rejected").count(), 12)
        self.assertEqual(Proposal.objects.waiting().count(), 1)
