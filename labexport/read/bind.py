"""Step 4b of reading: which market a count belongs to.

The shapes, each a function below: a market named just before its count
("Japan (39,558)", "Nhật Bản: 39.558", "Japan with 39,558", "Japan received
39,558"); a count before its market ("3,051 went to China's Taiwan", "68.244 lao
động đi Đài Loan"); a list of markets and then as many counts ("Japan, Taiwan
and Korea with 39,558, 32,471 and 7,340 respectively"); one count for each of
several markets ("Trung Quốc và Singapore mỗi nước 27"). A count after a run of
several markets without "each" is theirs together, and is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from labexport.read import words
from labexport.read.figures import Num
from labexport.read.market_names import find_markets

#: Words that end the gap between a market and its count ("Japan ... with 35,240").
_LEADS_TO_COUNT = re.compile(r"(?:with|là|với|:|\()\s*$")
#: Returned for a count shared by several markets.
SHARED = "shared"


@dataclass(frozen=True)
class Market:
    """A market name in a sentence: its span and code."""

    start: int
    end: int
    code: str


def find_sentence_markets(sentence: str, blocked: list[tuple[int, int]]) -> list[Market]:
    """The market names of a sentence, outside ``blocked`` spans."""
    return [Market(s, e, code) for s, e, code in find_markets(sentence)
            if not any(a <= s < b for a, b in blocked)]


def market_run(low: str, markets: list[Market], last: int) -> list[Market]:
    """The run of market names joined by commas or "and" that ends with ``markets[last]``."""
    run = [markets[last]]
    for m in reversed(markets[:last]):
        if words.LIST_JOIN.fullmatch(low, m.end, run[0].start) is None:
            break
        run.insert(0, m)
    return run


def respective(low: str, markets: list[Market], numbers: list[Num]) -> dict[int, str]:
    """Counts that follow a run of N markets as a list of N counts, bound in order.

    The list may close with "respectively"/"lần lượt" or not: three markets, then
    "with" and three counts joined by commas and "and", are bound one to one.
    """
    bound: dict[int, str] = {}
    for i in range(len(markets)):
        run = market_run(low, markets, i)
        if len(run) < 2 or (i + 1 < len(markets) and words.LIST_JOIN.fullmatch(
                low, markets[i].end, markets[i + 1].start)):
            continue
        counts = _count_list(low, numbers, run[-1].end)
        if len(counts) == len(run):
            bound.update({c: m.code for c, m in zip(counts, run, strict=True)})
    return bound


def _count_list(low: str, numbers: list[Num], after: int) -> list[int]:
    """Indexes of the counts listed right after ``after``, joined by commas and "and".

    The list may start up to 40 characters after the markets, or 80 in a sentence
    that says "respectively" ("..., receiving 66,926, 54,504 and 5,178 respectively").
    """
    reach = 80 if words.RESPECTIVELY.search(low) else 40
    first = next((i for i, n in enumerate(numbers) if n.start >= after), None)
    if (first is None or numbers[first].start - after > reach
            or ";" in low[after : numbers[first].start]):
        return []
    chain = [first]
    for i in range(first + 1, len(numbers)):
        gap = low[numbers[chain[-1]].end : numbers[i].start]
        if numbers[i].percent or words.FEMALE_AFTER.match(numbers[i].after):
            continue
        if len(gap) > 30 or ";" in gap or not words.LIST_JOIN.search(gap):
            break
        chain.append(i)
    return [i for i in chain if not numbers[i].percent]


def market_before(low: str, markets: list[Market], num: Num, since: int) -> list[str] | str:
    """The market named just before a count (since the previous number), or [] if none.

    Returns :data:`SHARED` when the name closes a run of several markets and no
    "each" says the count is each one's.
    """
    gap = [i for i, m in enumerate(markets) if since <= m.start and m.end <= num.start
           and not (since and _goes_to(low[since : m.start]))]
    if not gap:
        return []
    last = gap[-1]
    between = low[markets[last].end : num.start]
    reach = 70 if _LEADS_TO_COUNT.search(between) and "," not in between else 50
    if len(between) > reach or words.BIND_BLOCK.search(between) or ";" in between:
        return []
    run = market_run(low, markets, last)
    if len(run) == 1:
        return [run[0].code]
    if words.EACH_BEFORE.search(between) or words.EACH_AFTER.match(num.after):
        return [m.code for m in run]
    return SHARED


def _goes_to(between: str) -> bool:
    """Whether the words after a count lead to a market it goes to ("12,000 to")."""
    return (len(between) <= 40 and not any(mark in between for mark in ",;(")
            and bool(words.FORWARD_MARKET.search(between)))


def market_after(low: str, markets: list[Market], num: Num, until: int) -> list[str]:
    """The market a count goes to, named after it ("3,051 went to China's Taiwan")."""
    ahead = [i for i, m in enumerate(markets) if num.end <= m.start < until]
    if not ahead:
        return []
    first = markets[ahead[0]]
    if not _goes_to(low[num.end : first.start]):
        return []
    nxt = ahead[0] + 1
    if nxt < len(markets) and words.LIST_JOIN.fullmatch(low, first.end, markets[nxt].start):
        return []  # "went to Japan, Korea and Taiwan": a list, not this count's market
    return [first.code]
