"""Step 4c of reading: decide, number by number, what a sentence states.

Each number goes through the same questions, each a small function: is it a
count at all (:func:`not_a_count`)? If a percentage, is it attainment of the
plan (:func:`read_percent`)? If a count, of what measure, market and sex, for
which period (:func:`read_count`)? The answer is an :class:`Outcome`: the facts
it states, or the reason it states none (a code of
:data:`labexport.read.reading.REASONS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from labexport.core.fact import Fact, Measure, Qualifier, Sex
from labexport.core.markets import ALL
from labexport.read import words
from labexport.read.bind import SHARED, Market, market_after, market_before, respective
from labexport.read.context import Page
from labexport.read.figures import Num
from labexport.read.resolve import Period, Placed
from labexport.read.when import in_comparison, is_change, period_for_measure, period_of

#: Returned for a count after a market's name that cannot be bound to it.
UNCLEAR = "unclear"

_FIGURE_BEFORE = re.compile(
    r"(?:the\s+figure|the\s+number|con\s+số|số\s+lượng|số\s+lao\s+động|số\s+người)"
    r"(?:\s+\S+){0,6}?\s+"
    r"(?:was|is|stood\s+at|reached|hit|là|đạt|lên)(?:\s+(?:nearly|over|about|more\s+than|gần"
    r"|hơn|khoảng|trên))?\s*$"
)
_OTHER_ACTIVITY = re.compile(
    r"(?<!\w)(?:registered|đăng\s+ký|trained|đào\s+tạo|tư\s+vấn|consult\w*|returned|về\s+nước"
    r"|tested|dự\s+thi|sat\s+the|học\s+tiếng|studying|borrow\w*|vay|tuyển\s+sinh|trợ\s+cấp"
    r"|thất\s+nghiệp|unemploy\w*|benefits?|lực\s+lượng\s+lao\s+động|labou?r\s+force|dân\s+số"
    r"|population)(?!\w)"
)


#: A capitalised name of one to four words ("Narnia", "New Caledonia").
_NAME = re.compile(r"(?:[A-ZÀ-ỸĐ][\w'’.-]*)(?:\s+[A-ZÀ-ỸĐ(][\w'’().-]*){0,3}")


#: The rest of a list item, then the next: " for Taiwan and ".
_LIST_GOES_ON = re.compile(
    r"\s*(?:for|to|in|at|cho|ở|tại)\s[^,;.()]{1,30}?(?:,|\band\b|\bvà\b)\s*$")


#: A threshold crossed: "surpassed the benchmark of 10,000", "vượt mốc 100.000".
_BENCHMARK_BEFORE = re.compile(r"(?:benchmark|milestone|threshold|mark|mốc|ngưỡng)\s+(?:of\s+)?"
                               r"(?:over\s+|more\s+than\s+|hơn\s+)?$")
#: Words before a plan word that say the figure went beyond it ("vượt kế hoạch"): the
#: plan is stated only if its number follows closely ("exceeded the target of 105,000").
_BEYOND_PLAN = re.compile(r"(?:vượt|exceed\w*|surpass\w*|beat|above|than)\s+(?:the\s+|its\s+)?"
                          r"(?:\S+\s+){0,2}$")


@dataclass(frozen=True)
class Outcome:
    """What one number states: facts, or the reason it states none."""

    facts: tuple[Fact, ...] = ()
    reason: str = ""


@dataclass
class Sentence:
    """A sentence being read: its text, words, periods, markets and numbers."""

    text: str
    low: str
    quote: str
    page: Page
    scope: str
    carried: Period | None
    placed: list[Placed]
    markets: list[Market]
    numbers: list[Num]
    respective: dict[int, str] = field(default_factory=dict)
    #: Numbers whose sex is the previous figure's ("the figure was 23,530 for Taiwan").
    inherited: set[int] = field(default_factory=set)
    outcomes: list[Outcome] = field(default_factory=list)


def read_numbers(s: Sentence) -> list[Outcome]:
    """Read every number of the sentence in order."""
    s.respective = respective(s.low, s.markets, s.numbers)
    for i in range(len(s.numbers)):
        s.outcomes.append(read_number(s, i))
    return s.outcomes


def read_number(s: Sentence, i: int) -> Outcome:
    """Read one number: not a count, a percentage or a count."""
    reason = not_a_count(s.numbers[i])
    if not reason and i + 1 < len(s.numbers) and words.RANGE_JOIN.fullmatch(
            s.low, s.numbers[i].end, s.numbers[i + 1].start):
        reason = "money" if not_a_count(s.numbers[i + 1]) == "money" else ""
    if not reason and i and not s.outcomes[i - 1].facts and words.RANGE_JOIN.fullmatch(
            s.low, s.numbers[i - 1].end, s.numbers[i].start):
        reason = s.outcomes[i - 1].reason  # "120,000-143,000": a range is read whole or not
    if reason:
        return Outcome(reason=reason)
    return read_percent(s, i) if s.numbers[i].percent else read_count(s, i)


def not_a_count(num: Num) -> str:
    """The reason a number is no figure on its own words (money, ratio, unit, year), or ""."""
    if words.TIMES_AFTER.match(num.after):
        return "ratio"
    if words.MONEY_BEFORE.search(num.before) or words.MONEY_AFTER.match(num.after):
        return "money"
    if words.INCOME_BEFORE.search(num.before[-50:]):
        return "money"
    if num.percent:
        return ""
    if words.OTHER_UNIT_AFTER.match(num.after) and not words.WORKER_AFTER.match(num.after):
        return "other_count"
    if num.raw.isdigit() and len(num.raw) == 4 and 1980 <= num.value <= 2049:
        return "" if words.WORKER_AFTER.match(num.after) else "year"
    return ""


def clause_before(s: Sentence, i: int) -> str:
    """The lower-cased text from the previous number (or clause mark) to this number."""
    num = s.numbers[i]
    start = s.numbers[i - 1].end if i else 0
    return s.low[max(start, s.low.rfind(";", 0, num.start) + 1) : num.start]


def read_percent(s: Sentence, i: int) -> Outcome:
    """A stated or implied attainment of the plan; any other percentage is left out."""
    num = s.numbers[i]
    prior = s.outcomes[i - 1].reason if i else ""
    if _is_excess(s, num):
        return _attainment(s, i, round(100 + num.value, 6), "derived", prior)
    if words.ATTAIN_AFTER.match(num.after):
        if words.LAST_YEAR_AFTER.match(num.after[:30]) or words.CHANGE_BEFORE.search(num.before):
            return Outcome(reason="ratio_last_year")
        if words.ATTAIN_BEFORE.search(num.before):
            return _attainment(s, i, num.value, num.qualifier, prior)
    if words.LAST_YEAR_AFTER.match(num.after) or words.CHANGE_BEFORE.search(num.before):
        return Outcome(reason="ratio_last_year")
    if words.SHARE_BEFORE.search(num.before):
        return Outcome(reason="share")
    return Outcome(reason="percent")


def _is_excess(s: Sentence, num: Num) -> bool:
    """Whether a percentage is an excess over the plan.

    "vượt 26,29% so với kế hoạch", "exceeding the target of 90,000 by 58.64%".
    """
    if words.EXCESS_BEFORE.search(num.before) and (
            words.EXCESS_AFTER.match(num.after) or words.PLAN.search(num.before[-40:])):
        return True
    lead = s.low[max(0, num.start - 70) : num.start]
    return bool(re.search(r"\bby\s+(?:nearly\s+|over\s+|about\s+)?$", lead)
                and re.search(r"(?:exceed|surpass|beat|topp)\w*\s+(?:the\s+|its\s+)?[\w'\s]{0,20}?"
                              r"(?:plan|target|goal)", lead))


def _attainment(s: Sentence, i: int, value: float, qualifier: Qualifier, prior: str
                ) -> Outcome:
    """An attainment fact for the period of the figure it measures."""
    if prior in {"jobs", "several_years"} or words.OTHER_PLAN.search(clause_before(s, i)):
        return Outcome(reason="jobs" if prior != "several_years" else prior)
    period = period_of(s, i)
    if period is None:
        return Outcome(reason="no_period")
    if period.several:
        return Outcome(reason="several_years")
    return Outcome((make_fact(s, period, "attainment_pct", ALL, "total", value, qualifier),))


def sex_of(num: Num, clause: str, prev: Num | None = None) -> Sex:
    """``female``, ``male`` or ``total``, from the words around the number.

    A sex word before the number counts unless it belongs to the number before
    ("5,042 of them women: 8,475 went to Japan").
    """
    taken = prev is not None and words.FEMALE_AFTER.match(prev.after)
    if words.FEMALE_AFTER.match(num.after) or (
            not taken and words.FEMALE_BEFORE.search(clause)):
        return "female"
    if words.MALE_AFTER.match(num.after) or words.ALL_MALE_AFTER.match(num.after):
        return "male"
    return "total"


def measure_of(s: Sentence, i: int) -> Measure | Literal["threshold"]:
    """The measure a count states, or a reason code (``threshold``) if it is none."""
    num, gap = s.numbers[i], clause_before(s, i)
    if _is_target(s, i, gap):
        return "target"
    if words.DEMAND.search(s.low) and words.PER_MONTH_AFTER.match(num.after):
        return "demand"
    if words.QUOTA.search(s.low) and (words.PER_YEAR_AFTER.match(num.after)
                                      or words.QUOTA.search(gap)):
        return "quota"
    if (words.PER_YEAR_AFTER.match(num.after) or words.PER_MONTH_AFTER.match(num.after)
            or _BENCHMARK_BEFORE.search(num.before[-40:])
            or words.RUNNING_YEAR.search(re.split(r"[,;)]", num.after[:60])[0])
            or words.RUNNING_YEAR.search(re.split(r"[,;(]", gap)[-1])):
        return "threshold"
    if words.STOCK.search(s.low) and not words.DEPART_AFTER.match(num.after):
        return "stock"
    return "departures"


def _is_target(s: Sentence, i: int, gap: str) -> bool:
    """Whether a count is the plan: a plan word before it, after it, or a range of one."""
    num = s.numbers[i]
    if i and s.outcomes[i - 1].facts:
        prev = s.outcomes[i - 1].facts[0]
        if prev.measure == "target" and words.RANGE_JOIN.fullmatch(gap):
            return True
        if prev.measure == "attainment_pct" and "(" in gap and len(gap) < 40:
            return True
    clause = re.split(r"[,;)]", gap)[-1] if i and s.numbers[i - 1].percent else gap
    stated = [m for m in words.PLAN.finditer(clause)
              if len(clause) - m.end() <= 25 or not _BEYOND_PLAN.search(clause, 0, m.start())]
    if stated or words.PLAN_AFTER.match(num.after):
        return True
    return _next_market_plan(s, i, gap)


def _next_market_plan(s: Sentence, i: int, gap: str) -> bool:
    """A plan list goes on: "about 63,000 for Japan, about 48,000 for Taiwan"."""
    prev = s.outcomes[i - 1].facts if i else ()
    if not prev or prev[0].measure != "target" or prev[0].market == ALL:
        return False
    return len(gap) <= 60 and bool(words.LIST_JOIN.search(gap)) and "." not in gap


def markets_of(s: Sentence, i: int, sex: str) -> list[str] | str:
    """The markets a count is for: ``[ALL]``, codes, or :data:`SHARED`."""
    if i in s.respective:
        return [s.respective[i]]
    num = s.numbers[i]
    since = s.numbers[i - 1].end if i else 0
    until = s.numbers[i + 1].start if i + 1 < len(s.numbers) else len(s.text)
    found = market_before(s.low, s.markets, num, since)
    if not found:
        found = market_after(s.low, s.markets, num, until)
    if not found and sex != "total":
        found = _previous_count_markets(s, i)
        if not found and any(o.facts and o.facts[0].market != ALL for o in s.outcomes):
            return SHARED  # a sex count among market counts, too far from its market
    if not found and _market_named_before(s, i, since):
        return UNCLEAR
    return found or [ALL]


def _market_named_before(s: Sentence, i: int, since: int) -> bool:
    """Whether a market is the subject before a count that is not bound to it.

    "Nhật Bản tiếp tục là thị trường lớn nhất ..., với hơn 55.000 người": the count is
    Japan's, too far from its name to be bound; it is not the country's total either.
    """
    num = s.numbers[i]
    for m in s.markets:
        if since <= m.start and m.end <= num.start:
            between = s.low[m.end : num.start]
            if ";" not in between and not words.BIND_BLOCK.search(between):
                return True
    return False


def _unknown_name_before(s: Sentence, i: int) -> bool:
    """Whether a count of a market list follows a name the registry does not know.

    In a sentence that names markets, a count whose clause is only a capitalised
    name ("..., Narnia 500 lao động") is that place's, not the country's.
    """
    if not s.markets:
        return False
    num = s.numbers[i]
    start = s.numbers[i - 1].end if i else 0
    gap = s.text[start : num.start]
    parts = re.split(r"[,;:]\s|\band\b|\bvà\b|\(", gap)
    if start == 0 and len(parts) == 1:
        return False  # the sentence's first words: a subject or an adverb, not a list item
    clause = parts[-1]
    name = _NAME.fullmatch(clause.strip(" :(-–"))
    low = clause.lower()
    return bool(name) and not (words.TOTAL_BEFORE.search(low) or words.NATIONAL.search(low)
                               or words.BIND_BLOCK.search(low))


def _previous_count_markets(s: Sentence, i: int) -> list[str]:
    """The markets of the count a sex count follows ("Japan (8,212, of whom 2,217 women)")."""
    for j in range(i - 1, -1, -1):
        facts = s.outcomes[j].facts
        if facts and facts[0].sex == "total" and facts[0].measure == "departures":
            between = s.low[s.numbers[j].end : s.numbers[i].start]
            return [] if ";" in between or len(between) > 60 else [f.market for f in facts]
    return []


def is_count(s: Sentence, i: int, sex: Sex, markets: list[str], measure: Measure) -> bool:
    """Whether the words around a number say it counts workers."""
    num = s.numbers[i]
    return bool(
        words.WORKER_AFTER.match(num.after) or sex != "total" or markets != [ALL]
        or measure != "departures" or words.DEPART_AFTER.match(num.after)
        or words.TOTAL_BEFORE.search(num.before) or _FIGURE_BEFORE.search(num.before)
        or (i and s.outcomes[i - 1].facts and "(" in clause_before(s, i))
        or in_comparison(s, i))


def read_count(s: Sentence, i: int) -> Outcome:
    """A count: departures, the plan, demand, a quota or a stock, with market and sex."""
    num, clause = s.numbers[i], clause_before(s, i)
    part = re.split(r"[,;(]", s.low[: num.start])[-1]
    if words.OTHER_PLAN.search(part) or words.NOT_SENT_AFTER.match(num.after):
        return Outcome(reason="jobs")
    if _OTHER_ACTIVITY.search(part):
        return Outcome(reason="other_count")
    sex = sex_of(num, clause, s.numbers[i - 1] if i else None)
    if sex == "total" and i and s.outcomes[i - 1].facts and (
            _FIGURE_BEFORE.search(num.before) or (i - 1 in s.inherited and _LIST_GOES_ON.match(
                s.low[s.numbers[i - 1].end : num.start]))):
        sex = s.outcomes[i - 1].facts[0].sex  # "24,502 were women; the figure was 23,530 for"
        s.inherited.add(i)
    measure = measure_of(s, i)
    if measure == "threshold":
        return Outcome(reason="threshold")
    markets = markets_of(s, i, sex)
    if markets == SHARED or words.GROUP_BEFORE.search(clause):
        return Outcome(reason="several_markets")
    if markets == UNCLEAR:
        return Outcome(reason="market_unclear")
    if markets == [ALL] and _unknown_name_before(s, i):
        return Outcome(reason="unknown_market")
    assert isinstance(markets, list)
    if not is_count(s, i, sex, markets, measure):
        return Outcome(reason="no_context")
    if words.TOGETHER_AFTER.match(num.after) and markets != [ALL]:
        return Outcome(reason="several_markets")
    return _count_facts(s, i, measure, markets, sex)


def _count_facts(s: Sentence, i: int, measure: Measure, markets: list[str], sex: Sex
                 ) -> Outcome:
    """The facts of a count once its measure, markets and sex are known."""
    num = s.numbers[i]
    period = period_of(s, i)
    if period is not None and period.several:
        return Outcome(reason="stock" if measure == "stock" else "several_years")
    if measure == "departures" and is_change(s, i, period):
        return Outcome(reason="ratio_last_year")
    period = period_for_measure(s, i, measure, period)
    if period is None:
        return Outcome(reason="no_period")
    rows: list[tuple[Sex, float]] = [(sex, num.value)]
    if sex == "male" and markets != [ALL]:
        rows.append(("total", num.value))  # a market that took men only
    if sex == "total" and words.NO_WOMEN_AFTER.match(num.after):
        rows.append(("female", 0.0))
    return Outcome(tuple(make_fact(s, period, measure, market, each, value, num.qualifier)
                         for market in markets for each, value in rows))


def make_fact(s: Sentence, period: Period, measure: Measure, market: str, sex: Sex, value: float,
              qualifier: Qualifier) -> Fact:
    """A fact of this sentence's page and scope."""
    page = s.page
    return Fact(
        source=page.source, published=page.published.isoformat() if page.published else "",
        lang=page.lang, scope=s.scope, year=int(period.year or 0), month_from=period.month_from,
        month_to=period.month_to, measure=measure, market=market, sex=sex, value=float(value),
        qualifier=qualifier, quote=s.quote[:400],
    )
