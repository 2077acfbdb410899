"""Where an issue's date comes from when the masthead does not print it."""

import datetime
import re

FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.年]?(\d\d)[-_.月]?(\d\d)(?!\d)")
FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|全国|年度)")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
DAY_AFTER = re.compile(r"(?<=\d日)[、至和到-](\d{1,2})日")
# A date after these words is an announcement or a range end, not the news itself.
FUTURE = re.compile(r"(?:将于|将在|拟于|计划于|预计|截至|至|到|开始于|定于|起至)$")
LAST_YEAR = re.compile(r"去年$")
WINDOW = datetime.timedelta(days=45)


def _events_before(day, mentions):
    """How many mentions can be read as a day in the weeks up to `day`."""
    return sum(1 for readings in mentions if any(day - WINDOW <= d <= day for d in readings))


def _date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def date_from_filename(name: str):
    for match in FILENAME_DATE.finditer(name):
        if day := _date(*(int(g) for g in match.groups())):
            return day
    return None


def infer_date(text: str):
    """Guess the issue date from the dates the text mentions.

    News reports what happened in the last day or two, so the issue is dated
    the day after the latest event the text mentions. The year is the latest
    one the text names; days it names without a year belong to that year,
    or to the one before when printed after 去年 or when that gathers the
    mentions closer together (a January issue recalls December). Returns (date, evidence) or
    (None, reason).
    """
    full = [d for m in FULL_DATE.finditer(text) if (d := _date(*(int(g) for g in m.groups())))]
    years = {int(m.group(1)) for m in YEAR.finditer(text)} | {d.year for d in full}
    today = datetime.date.today()
    years = {y for y in years if 1949 <= y <= today.year + 1}
    if not years:
        return None, "the text names no year"
    year = max(years)

    mentions = []
    for match in MONTH_DAY.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()]
        if FUTURE.search(before):
            continue
        mention_years = [year - 1] if LAST_YEAR.search(before) else [year, year - 1]
        month, day = int(match.group(1)), int(match.group(2))
        days = [day] + [int(d) for d in DAY_AFTER.findall(text[match.start() : match.end() + 8])]
        for d in days:
            readings = [_date(y, month, d) for y in mention_years]
            if any(readings):
                mentions.append([r for r in readings if r])
    mentions += [[d] for d in full]
    if not mentions:
        return None, f"the text names the year {year} but no day in it"
    candidates = [d for readings in mentions for d in readings]
    latest = max(candidates, key=lambda d: (_events_before(d, mentions), d))
    issue_date = latest + datetime.timedelta(days=1)
    shown = ", ".join(sorted({f"{d:%m-%d}" for d in candidates if latest - WINDOW <= d <= latest}))
    evidence = (
        f"inferred from the text: the latest day among the dates it mentions together is "
        f"{latest:%Y-%m-%d} ({shown}); years named: {', '.join(str(y) for y in sorted(years))}; "
        f"dated the day after"
    )
    return issue_date, evidence
