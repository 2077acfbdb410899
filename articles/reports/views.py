from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ..models import Article, ErrorReport
from .clients import sent_too_many
from .forms import ErrorReportForm


@never_cache
@csrf_protect
def new(request, article_id):
    article = get_object_or_404(Article.objects.select_related("page__issue"), pk=article_id)
    form = ErrorReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_from_a_robot:
            return redirect("reports:thanks", article.pk)
        key, too_many = sent_too_many(request, ErrorReport.objects, settings.REPORTS_PER_HOUR)
        if too_many:
            return render(request, "reports/too_many.html", {"article": article}, status=429)
        report = form.save(commit=False)
        report.article, report.client_key = article, key
        report.save()
        return redirect("reports:thanks", article.pk)
    return render(request, "reports/new.html", {"article": article, "form": form})


def thanks(request, article_id):
    """Thanks, and the way back to the article the reader was reading."""
    article = get_object_or_404(Article.objects.select_related("page__issue"), pk=article_id)
    return render(request, "reports/thanks.html", {"article": article})
