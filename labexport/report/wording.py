"""Numbers, labels and sentences in English and Vietnamese.

Numbers go through Babel, so ``format_number(85781, "vi")`` is ``"85.781"`` and
``format_pct(65.9, "vi")`` is ``"65,9%"``.
"""

from __future__ import annotations

import math

from labexport.core.errors import ParameterError

_LOCALES = {"en": "en_US", "vi": "vi_VN"}
#: The languages the reports are worded in (``lang``); the parameter check uses this list.
LANGS = tuple(_LOCALES)


def _lang(lang: object) -> str:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise :class:`ParameterError`.

    Every function here checks its own language argument, so wording depends on
    nothing else in the report layer (``params.check_lang`` checks the parameter
    itself, against the same :data:`LANGS`, before any report runs).
    """
    if lang not in _LOCALES:
        raise ParameterError(f"lang must be 'en' or 'vi', got {lang!r}")
    return str(lang)


def format_number(value: float | None, lang: str = "en", *, digits: int = 0) -> str:
    """Format a count with the language's grouping (``85,781`` / ``85.781``); ``–`` if missing.

    >>> format_number(85781, "vi")
    '85.781'
    >>> format_number(8843.8, "en", digits=1)
    '8,843.8'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    from babel.numbers import format_decimal  # here: the command line need not load Babel

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=pattern,
                          locale=_LOCALES[_lang(lang)])


def format_pct(value: float | None, lang: str = "en", *, digits: int = 1) -> str:
    """Format a percentage given in percent (``65.9%`` / ``65,9%``); ``–`` if missing.

    >>> format_pct(65.985, "vi")
    '66,0%'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(value, lang, digits=digits) + "%"


#: The mark of a value computed from a rounded figure ("nearly 90,000").
APPROX = "≈"
#: The sign of a fall, as in print (U+2212, which a screen reader reads as "minus").
MINUS = "\N{MINUS SIGN}"


def mark_approximate(shown: str, approximate: bool) -> str:
    """``shown`` with the approximate mark before it when ``approximate`` (``–`` stays bare).

    >>> mark_approximate("93.5%", True), mark_approximate("93.5%", False)
    ('≈ 93.5%', '93.5%')
    """
    return f"{APPROX} {shown}" if approximate and shown != "–" else shown


def format_change(value: float | None, lang: str = "en", *, approximate: bool = False,
                  digits: int = 1) -> str:
    """A change in percent with its sign (``+2.1%``), ``≈`` first if approximate.

    A fall takes :data:`MINUS`; ``–`` if missing.

    >>> format_change(2.1, "en"), format_change(-4.7, "vi", approximate=True)[:2]
    ('+2.1%', '≈ ')
    >>> format_change(-4.7, "vi", approximate=True) == f"≈ {MINUS}4,7%"
    True
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if round(value, digits) > 0 else MINUS if round(value, digits) < 0 else ""
    return mark_approximate(sign + format_pct(abs(value), lang, digits=digits), approximate)


def format_period(year: int, month: int, lang: str = "en") -> str:
    """Name a month: ``July 2025`` / ``tháng 7/2025``.

    >>> format_period(2025, 7, "vi")
    'tháng 7/2025'
    """
    if _lang(lang) == "vi":
        return f"tháng {month}/{year}"
    return f"{_MONTHS_EN[month - 1]} {year}"


def format_ytd(year: int, month: int, lang: str = "en") -> str:
    """Name January to ``month``: ``January–July 2025`` / ``7 tháng đầu năm 2025``.

    >>> format_ytd(2025, 7)
    'January–July 2025'
    """
    if _lang(lang) == "vi":
        return f"tháng 1/{year}" if month == 1 else f"{month} tháng đầu năm {year}"
    if month == 1:
        return f"January {year}"
    return f"January–{_MONTHS_EN[month - 1]} {year}"


_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]


def month_abbr(month: int, lang: str = "en") -> str:
    """Short month label for chart axes: ``Jul`` / ``T7``.

    >>> month_abbr(7, "vi")
    'T7'
    """
    return f"T{month}" if _lang(lang) == "vi" else _MONTHS_EN[month - 1][:3]


def text(key: str, lang: str = "en", **values: object) -> str:
    """Return the label or sentence ``key`` in ``lang``, filled with ``values``.

    >>> text("departures", "vi")
    'Số lao động xuất cảnh'
    """
    return TEXTS[key][_lang(lang)].format(**values)


def plural_category(count: float, lang: str = "en", *, digits: int = 0) -> str:
    """The CLDR plural category (Babel's rules) of ``count`` as shown with ``digits`` decimals.

    The category follows the number a reader sees: ``1`` is ``one`` in English, but
    ``1.0`` (and ``0.6`` shown as ``1.0``) is ``other``.

    >>> plural_category(1), plural_category(2), plural_category(1, digits=1)
    ('one', 'other', 'other')
    """
    from decimal import Decimal

    from babel import Locale

    shown = Decimal(f"{abs(round(float(count), digits)):.{digits}f}")
    return str(Locale.parse(_LOCALES[_lang(lang)]).plural_form(shown))


def plural_text(key: str, count: float, lang: str = "en", *, digits: int = 0,
                **values: object) -> str:
    """The phrase ``key`` of :data:`PLURALS` for ``count``, in the form its number takes.

    ``{n}`` is the count formatted in ``lang``; other ``values`` are filled in as given.
    A phrase may have a form of its own for zero (``=0``); a category the phrase has
    no form for (every Vietnamese one but ``other``) takes the ``other`` form.

    >>> plural_text("n_workers", 1), plural_text("n_workers", 10000)
    ('1 worker', '10,000 workers')
    >>> plural_text("n_workers", 1, "vi")
    '1 lao động'
    """
    forms = PLURALS[key][_lang(lang)]
    if count == 0 and "=0" in forms:
        template = forms["=0"]
    else:
        template = forms.get(plural_category(count, lang, digits=digits), forms["other"])
    return template.format(n=format_number(count, lang, digits=digits), **values)


def reason_text(why: dict, lang: str = "en") -> str:
    """Say why a figure is missing, from its reason (``{"code": ..., values}``), in ``lang``.

    >>> reason_text({"code": "no_ytd", "month": 9, "year": 2025}, "vi")
    'chưa công bố số lũy kế tháng 1-09/2025'
    """
    values = {k: v for k, v in why.items() if k != "code"}
    return text(f"why_{why['code']}", lang, **values)


#: Every label, caption and sentence, in English and Vietnamese. Values are
#: formatted (numbers, periods) by the caller before they are filled in; the
#: reasons (``why_*``) take the month and year as numbers.
TEXTS: dict[str, dict[str, str]] = {
    # -- axis labels and legends
    "departures": {"en": "Workers departing", "vi": "Số lao động xuất cảnh"},
    "departures_month": {"en": "Workers departing per month",
                         "vi": "Số lao động xuất cảnh mỗi tháng"},
    "ytd": {"en": "Year to date", "vi": "Lũy kế từ đầu năm"},
    "month": {"en": "Month", "vi": "Tháng"},
    "year": {"en": "Year", "vi": "Năm"},
    "market": {"en": "Market", "vi": "Thị trường"},
    "reported": {"en": "reported", "vi": "công bố"},
    "derived": {"en": "derived from totals", "vi": "tính từ số lũy kế"},
    "missing": {"en": "no figure", "vi": "không có số liệu"},
    "female_share": {"en": "Female share (%)", "vi": "Tỷ lệ nữ (%)"},
    "female_share_month": {"en": "single month", "vi": "trong tháng"},
    "female_share_ytd": {"en": "year to date", "vi": "lũy kế từ đầu năm"},
    "female_share_year": {"en": "whole year", "vi": "cả năm"},
    "hhi": {"en": "HHI (0–10,000)", "vi": "HHI (0–10.000)"},
    "top3_share": {"en": "Top-3 share (%)", "vi": "Tỷ trọng 3 thị trường lớn nhất (%)"},
    "plan": {"en": "Plan", "vi": "Kế hoạch"},
    "plan_range": {"en": "Plan (range)", "vi": "Kế hoạch (khoảng)"},
    "plan_original": {"en": "Original plan", "vi": "Kế hoạch ban đầu"},
    "plan_adjusted": {"en": "Adjusted plan", "vi": "Kế hoạch điều chỉnh"},
    "actual": {"en": "Departures in the year", "vi": "Số xuất cảnh trong năm"},
    "calendar_pace": {"en": "Calendar pace", "vi": "Tiến độ theo thời gian"},
    "seasonal_pace": {"en": "Seasonal pace (past years)", "vi": "Tiến độ theo mùa (các năm trước)"},
    "projection": {"en": "Year-end projection (range)", "vi": "Dự báo cuối năm (khoảng)"},
    "this_year": {"en": "{year}", "vi": "{year}"},
    "other_markets": {"en": "Other markets", "vi": "Thị trường khác"},
    # -- report titles
    "title_market_trends": {"en": "Market trends, {period}", "vi": "Xu hướng thị trường, {period}"},
    "title_gender_share": {"en": "Women among departing workers, {period}",
                           "vi": "Lao động nữ đi làm việc ở nước ngoài, {period}"},
    "title_target_attainment": {"en": "Progress against the annual plan, {period}",
                                "vi": "Tiến độ thực hiện kế hoạch năm, {period}"},
    "scope_national": {"en": "Viet Nam, all provinces", "vi": "Toàn quốc"},
    "scope_province": {"en": "{scope} province", "vi": "Tỉnh {scope}"},
    "params_used": {"en": "Parameters used: {params}", "vi": "Tham số: {params}"},
    "figure": {"en": "Figure {n}.", "vi": "Hình {n}."},
    "table": {"en": "Table {n}.", "vi": "Bảng {n}."},
    "source_note": {"en": "Source: {links}", "vi": "Nguồn: {links}"},
    "source_none": {"en": "Source: no published figure", "vi": "Nguồn: không có số liệu công bố"},
    "built_by": {"en": "Built by labexport {version} from {figures}.",
                 "vi": "Lập bằng labexport {version} từ {figures}."},
    # -- section headings
    "h_headline": {"en": "Headline", "vi": "Số liệu chính"},
    "h_monthly": {"en": "Monthly departures by market", "vi": "Số xuất cảnh hằng tháng theo thị trường"},
    "h_ranking": {"en": "Markets so far this year", "vi": "Các thị trường từ đầu năm"},
    "h_concentration": {"en": "Dependence on a few markets", "vi": "Mức độ phụ thuộc vào ít thị trường"},
    "h_emerging": {"en": "Europe and other emerging markets",
                   "vi": "Châu Âu và các thị trường mới"},
    "h_figures": {"en": "The figures and their sources", "vi": "Số liệu và nguồn"},
    "h_female_trend": {"en": "Female share over time", "vi": "Tỷ lệ nữ theo thời gian"},
    "h_female_market": {"en": "Female share by market", "vi": "Tỷ lệ nữ theo thị trường"},
    "h_month_vs_ytd": {"en": "This month against the year to date",
                       "vi": "Tháng này so với lũy kế"},
    "h_missing": {"en": "What is missing", "vi": "Số liệu còn thiếu"},
    "h_attainment": {"en": "Year to date against the plan", "vi": "Lũy kế so với kế hoạch"},
    "h_pace": {"en": "Pace and year-end projection", "vi": "Tiến độ và dự báo cuối năm"},
    "h_history": {"en": "Annual totals against their plans", "vi": "Kết quả các năm so với kế hoạch"},
    # -- table headers
    "col_period": {"en": "Period", "vi": "Kỳ"},
    "col_market": {"en": "Market", "vi": "Thị trường"},
    "col_value": {"en": "Workers", "vi": "Số lao động"},
    "col_sex": {"en": "Sex", "vi": "Giới tính"},
    "col_qualifier": {"en": "As published", "vi": "Cách công bố"},
    "col_source": {"en": "Source", "vi": "Nguồn"},
    "col_status": {"en": "Status", "vi": "Tình trạng"},
    "contested_mark": {"en": "(C) another source states another figure",
                       "vi": "(C) có nguồn nêu số khác"},
    "status_A": {"en": "A", "vi": "A"}, "status_E": {"en": "E ≈", "vi": "E ≈"},
    "status_D": {"en": "D derived", "vi": "D suy ra"},
    "status_C": {"en": "C contested", "vi": "C có số khác"},
    "status_R": {"en": "R revised", "vi": "R điều chỉnh"},
    "status_F": {"en": "F first", "vi": "F công bố đầu"},
    "col_quote": {"en": "As worded in the bulletin", "vi": "Nguyên văn bản tin"},
    "col_share": {"en": "Share (%)", "vi": "Tỷ trọng (%)"},
    "col_last_year": {"en": "Same months last year", "vi": "Cùng kỳ năm trước"},
    "col_change": {"en": "Change (%)", "vi": "Thay đổi (%)"},
    "col_total": {"en": "Total", "vi": "Tổng số"},
    "col_female": {"en": "Female", "vi": "Nữ"},
    "col_year": {"en": "Year", "vi": "Năm"},
    "col_plan": {"en": "Plan", "vi": "Kế hoạch"},
    "col_actual": {"en": "Departures", "vi": "Số xuất cảnh"},
    "col_attainment": {"en": "% of plan", "vi": "% kế hoạch"},
    "col_hhi": {"en": "HHI", "vi": "HHI"},
    "col_top3": {"en": "Top 3 (%)", "vi": "3 lớn nhất (%)"},
    "col_months": {"en": "Months", "vi": "Số tháng"},
    "col_markets": {"en": "Markets named", "vi": "Số thị trường"},
    "col_basis": {"en": "Basis", "vi": "Cơ sở so sánh"},
    # -- the basis of a year's concentration (``why_not`` of ``concentration``)
    "basis_comparable": {"en": "comparable", "vi": "so sánh được"},
    "basis_not": {"en": "not comparable: {why}", "vi": "không so sánh được: {why}"},
    "basis_one_month": {"en": "one month ({month})", "vi": "một tháng ({month})"},
    "basis_no_leading": {"en": "Japan, Taiwan or Korea not named",
                         "vi": "thiếu Nhật Bản, Đài Loan hoặc Hàn Quốc"},
    "conc_comparable": {"en": "comparable years", "vi": "các năm so sánh được"},
    "conc_not_comparable": {"en": "not comparable (see the table's basis)",
                            "vi": "không so sánh được (xem cơ sở trong bảng)"},
    "approx_note": {"en": "≈: computed from a rounded figure",
                    "vi": "≈: tính từ số làm tròn"},
    "col_by_month": {"en": "By end of {month}", "vi": "Đến hết {month}"},
    "col_whole_year": {"en": "Whole year", "vi": "Cả năm"},
    "col_item": {"en": "Figure", "vi": "Chỉ tiêu"},
    "col_reason": {"en": "Why", "vi": "Lý do"},
    "measure_departures": {"en": "Workers departing", "vi": "Số lao động xuất cảnh"},
    "measure_attainment_pct": {"en": "% of plan", "vi": "% kế hoạch"},
    "measure_target": {"en": "Annual plan", "vi": "Kế hoạch năm"},
    "measure_stock": {"en": "Workers abroad", "vi": "Số lao động đang ở nước ngoài"},
    "measure_demand": {"en": "Demand for workers", "vi": "Nhu cầu tuyển lao động"},
    "measure_quota": {"en": "Quota", "vi": "Chỉ tiêu"},
    # -- headline figures, by their key in the period summary (missing-figures table, index)
    "figure_month_total": {"en": "Departures in the month", "vi": "Số xuất cảnh trong tháng"},
    "figure_month_female": {"en": "Women in the month", "vi": "Lao động nữ trong tháng"},
    "figure_ytd_total": {"en": "Departures, year to date", "vi": "Số xuất cảnh lũy kế"},
    "figure_ytd_female": {"en": "Women, year to date", "vi": "Lao động nữ lũy kế"},
    "figure_female_share_ytd": {"en": "Female share, year to date", "vi": "Tỷ lệ nữ lũy kế"},
    "figure_female_share_month": {"en": "Female share in the month", "vi": "Tỷ lệ nữ trong tháng"},
    "figure_target": {"en": "Annual plan", "vi": "Kế hoạch năm"},
    "figure_attainment_pct": {"en": "% of plan, computed", "vi": "% kế hoạch, tính toán"},
    "figure_attainment_pct_stated": {"en": "% of plan, stated", "vi": "% kế hoạch, công bố"},
    "figure_projection_year_end": {"en": "Year-end projection", "vi": "Dự báo cuối năm"},
    # -- a plan derived from a stated percentage, and a percentage as the bulletin states it
    "plan_derived": {"en": "about {plan} (derived)", "vi": "khoảng {plan} (suy ra)"},
    "pct_stated": {"en": "{pct} (stated)", "vi": "{pct} (công bố)"},
    "derived_note": {"en": "A plan marked derived is not published: it is the departures "
                           "divided by the stated percentage of the plan, times 100.",
                     "vi": "Kế hoạch có ghi (suy ra) không được công bố: đó là số lao động "
                           "xuất cảnh chia cho tỷ lệ % kế hoạch đã công bố, nhân với 100."},
    "figure_top_markets": {"en": "Leading market", "vi": "Thị trường dẫn đầu"},
    "total": {"en": "total", "vi": "tổng"},
    "female": {"en": "female", "vi": "nữ"},
    "male": {"en": "male", "vi": "nam"},
    "q_exact": {"en": "exact", "vi": "chính xác"},
    "q_approx": {"en": "about", "vi": "khoảng"},
    "q_nearly": {"en": "nearly", "vi": "gần"},
    "q_over": {"en": "over", "vi": "hơn"},
    "kind_single": {"en": "", "vi": ""},
    "kind_range": {"en": "range {low}–{high}", "vi": "khoảng {low}–{high}"},
    "kind_adjusted": {"en": "adjusted from {original}", "vi": "điều chỉnh từ {original}"},
    # -- why a figure of the period summary is missing, by reason code (``<key>_why``)
    "why_no_month": {"en": "no figure for {month:02d}/{year} (reported or derivable)",
                     "vi": "không có số liệu tháng {month:02d}/{year} (công bố hoặc tính được)"},
    "why_no_ytd": {"en": "no January-{month:02d}/{year} total published",
                   "vi": "chưa công bố số lũy kế tháng 1-{month:02d}/{year}"},
    "why_no_month_female": {"en": "no female count for {month:02d}/{year}",
                            "vi": "không có số lao động nữ tháng {month:02d}/{year}"},
    "why_no_ytd_female": {"en": "no female count for January-{month:02d}/{year}",
                          "vi": "không có số lao động nữ lũy kế tháng 1-{month:02d}/{year}"},
    "why_no_share_ytd": {"en": "female or total year to date missing",
                         "vi": "thiếu số lao động nữ hoặc tổng số lũy kế"},
    "why_no_share_month": {"en": "female or total for the month missing",
                           "vi": "thiếu số lao động nữ hoặc tổng số trong tháng"},
    "why_no_plan_year": {"en": "no plan published for {year}", "vi": "chưa có kế hoạch năm {year}"},
    "why_no_plan": {"en": "no plan", "vi": "chưa có kế hoạch"},
    "why_no_stated_pct": {"en": "no % of plan stated for January-{month:02d}/{year}",
                          "vi": "bản tin không nêu % kế hoạch lũy kế tháng 1-{month:02d}/{year}"},
    "why_no_verdict": {"en": "stated or computed % missing",
                       "vi": "thiếu % công bố hoặc % tính được"},
    "why_rough_ytd": {"en": "the January-{month:02d}/{year} total is rounded, so the stated % "
                            "cannot be checked against it",
                      "vi": "số lũy kế tháng 1-{month:02d}/{year} là số làm tròn, nên không "
                            "kiểm tra được % công bố"},
    "why_no_pace": {"en": "no earlier complete year (outside {years}) with exact "
                          "January-{month:02d} and full-year totals",
                    "vi": "không có năm trước nào (ngoài {years}) có đủ số lũy kế tháng "
                          "1-{month:02d} và số cả năm"},
    "why_year_over": {"en": "the year is over", "vi": "năm đã kết thúc"},
    "why_no_markets": {"en": "no market figures for January-{month:02d}/{year}",
                       "vi": "không có số liệu theo thị trường lũy kế tháng 1-{month:02d}/{year}"},
    "why_few_markets": {"en": "fewer than three markets or no total for the year to date",
                        "vi": "ít hơn ba thị trường hoặc thiếu tổng số lũy kế"},
    "why_not_computable": {"en": "not computable", "vi": "không tính được"},
}


#: Phrases that state a count, by the CLDR plural category of the count (through
#: Babel, :func:`plural_category`): ``one`` and ``other``, and ``=0`` where none has a
#: wording of its own. Vietnamese nouns have no plural, so a Vietnamese phrase has the
#: ``other`` form only (and reads the same for 1). ``{n}`` is the formatted count.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "n_workers": {"en": {"one": "{n} worker", "other": "{n} workers"},
                  "vi": {"other": "{n} lao động"}},
    "n_of_them_women": {"en": {"one": "{n} of them a woman", "other": "{n} of them women"},
                        "vi": {"other": "{n} lao động nữ"}},
    "n_departures": {"en": {"one": "{n} departure", "other": "{n} departures"},
                     "vi": {"other": "{n} lao động"}},
    "n_points": {"en": {"one": "{n} point", "other": "{n} points"},
                 "vi": {"other": "{n} điểm phần trăm"}},
    "n_published_figures": {"en": {"one": "{n} published figure",
                                   "other": "{n} published figures"},
                            "vi": {"other": "{n} số liệu đã công bố"}},
    "n_european_markets": {"en": {"one": "{n} European market appears",
                                  "other": "{n} European markets appear"},
                           "vi": {"other": "Có {n} thị trường châu Âu"}},
    "n_gap_months": {"en": {"=0": "every market-month shown has a figure",
                            "one": "{n} market-month has no figure and is left as a gap",
                            "other": "{n} market-months have no figure and are left as gaps"},
                     "vi": {"=0": "mọi tháng-thị trường đều có số liệu",
                            "other": "{n} tháng-thị trường không có số liệu, để trống"}},
    "n_of_years": {"en": {"one": "{met} of {n} year", "other": "{met} of {n} years"},
                   "vi": {"other": "{met} trên {n} năm"}},
    "same_months": {"en": {"one": "the same month", "other": "the same months"},
                    "vi": {"other": "cùng kỳ"}},
    "n_markets_named": {"en": {"one": "{n} market named", "other": "{n} markets named"},
                        "vi": {"other": "chỉ nêu {n} thị trường"}},
}
