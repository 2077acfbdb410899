from django import forms
from django.utils.text import Truncator

from ..models import Article, District, Section


class TextField(forms.CharField):
    """Text as stored: browsers send a textarea's line breaks as CRLF, the archive keeps LF.

    Without this every save would change the body, and mark it corrected.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class ArticleForm(forms.ModelForm):
    mark_reviewed = forms.BooleanField(
        label="标记为已审核", required=False, help_text="保存时把这篇文章移出审核队列，读者报错一并处理。"
    )

    class Meta:
        model = Article
        # What the file gives, as Article.SOURCE_FIELDS lists it; bylines and captions are inlines.
        fields = [name for name in Article.SOURCE_FIELDS if name not in ("bylines", "captions")] + [
            "needs_review"
        ]
        field_classes = {"body": TextField}
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "cols": 100})}


class SetDistrictsForm(forms.Form):
    districts = forms.ModelMultipleChoiceField(
        District.objects.all(), label="区县", widget=forms.CheckboxSelectMultiple
    )
    replace = forms.TypedChoiceField(
        label="方式",
        choices=[(0, "加到已有的区县上"), (1, "替换已有的区县")],
        coerce=lambda value: value == "1",
        initial=0,
        widget=forms.RadioSelect,
    )


class SetSectionForm(forms.Form):
    section = forms.ModelChoiceField(Section.objects.all(), label="版名")


class SplitForm(forms.Form):
    at = forms.TypedChoiceField(label="从哪一段起拆出新文章", coerce=int, widget=forms.RadioSelect)
    headline = forms.CharField(label="新文章的标题", max_length=200)

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].choices = [
            (n, f"第{n + 1}段：{Truncator(text).chars(40)}")
            for n, text in enumerate(article.paragraphs)
            if n > 0
        ]
