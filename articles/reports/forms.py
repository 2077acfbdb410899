from django import forms

from ..models import ErrorReport


class Honeypot(forms.Form):
    """A field people never see (templates/reports/includes/fields.html hides it); software that
    fills every field gives itself away, and is thanked without anything being kept."""

    website = forms.CharField(label="网址（请留空）", required=False)

    @property
    def is_from_a_robot(self):
        return bool(self.cleaned_data.get("website"))


class ErrorReportForm(Honeypot, forms.ModelForm):
    class Meta:
        model = ErrorReport
        fields = ["message", "contact"]
        labels = {"message": "哪里有错？", "contact": "联系方式（选填）："}
        help_texts = {
            "message": "请写明错误之处和正确内容，例如人名、地名、日期。",
            "contact": "电话或邮箱，仅供编辑核实时联系，不会公开。",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 1000})}

    def __init__(self, *args, **kwargs):
        # The labels end in their own punctuation.
        super().__init__(*args, label_suffix="", **kwargs)
