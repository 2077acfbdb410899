"""The reader's forms: a corrected text for one part, or a story's boundary; both with a note."""

from django import forms

from ..reports.forms import Honeypot
from .diff import edit_script
from .models import MAX_CHARS, NOTE_CHARS, edits_allowed


class ReaderForm(Honeypot):
    note = forms.CharField(
        label="附言（选填）：",
        required=False,
        max_length=NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_CHARS}),
        help_text="例如您的依据。编辑会看到，不会公开。",
    )

    def __init__(self, *args, **kwargs):
        # The labels end in their own punctuation.
        super().__init__(*args, label_suffix="", **kwargs)


class TextProposalForm(ReaderForm):
    """The part's text, corrected: near the original (a character-level change, not a new text)."""

    text = forms.CharField(
        label="改正后的文字：",
        max_length=MAX_CHARS,
        # Kept as typed: a paragraph's leading 全角空格 are part of it.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="只改错字、漏字、多字或标点，其余照原文。",
    )
    field_order = ["text", "note"]

    def __init__(self, *args, original, **kwargs):
        super().__init__(*args, initial={"text": original}, **kwargs)
        self.original = original

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").rstrip("\n")
        if "\n" in text:
            raise forms.ValidationError("请不要换行：一次改一段。段落分合请在附言里说明。")
        if text.strip() == "":
            raise forms.ValidationError("请填写改正后的文字。")
        if text == self.original:
            raise forms.ValidationError("文字没有改动。请改正错处后再提交。")
        if edit_script(self.original, text, edits_allowed(self.original)) is None:
            raise forms.ValidationError(
                "改动太多：这里只收错字、漏字、多字和标点的更正，不收改写。"
                "若整段有误，请通过「发现错误？告诉编辑」说明。"
            )
        return text


class ContinuesForm(ReaderForm):
    page_number = forms.IntegerField(label="转到第几版：", min_value=1, max_value=99)
    field_order = ["page_number", "note"]

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_page_number(self):
        number = self.cleaned_data["page_number"]
        if number == self.article.page.number:
            raise forms.ValidationError("这就是本文所在的版面，请填写续文所在的版。")
        if number == self.article.continues_on:
            raise forms.ValidationError(f"本文已注明下转第{number:02d}版。")
        return number
