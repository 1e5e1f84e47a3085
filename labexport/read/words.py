"""Step 3b of reading: the words around a number that say what it counts.

Each pattern is matched on lower-cased text, either on what follows a number
(``*_AFTER``, anchored at its start) or on what precedes it (``*_BEFORE``,
anchored at its end), or anywhere in a clause or sentence.
"""

from __future__ import annotations

import re

from labexport.read.prefilter import led


def _after(pattern: str) -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + pattern + r")")


def _before(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?:" + pattern + r")\s*$")


def _anywhere(pattern: str) -> re.Pattern[str]:
    return re.compile(led(r"(?<!\w)(?:" + pattern + r")(?!\w)"))


#: Nouns for people sent to work: after a count they make it a count of workers.
WORKER_NOUNS = (
    r"(?:vietnamese\s+|việt\s+nam\s+)?(?:(?:contract|guest|overseas|migrant)\s+)?(?:workers?"
    r"|vietnamese"
    r"|labou?rers?|labou?rs?|people|persons|individuals|trainees|interns|employees|citizens"
    r"|nationals|females?|women|males?|men|lao\s+động|lao\s+đông|lđ|người|lượt\s+người|nữ|nam"
    r"|công\s+nhân|thực\s+tập\s+sinh|tts|nhân\s+lực)(?!\w)"
)
WORKER_AFTER = _after(WORKER_NOUNS)
PERCENT_AFTER = _after(r"%+|phần\s+trăm|percent|per\s+cent|pct\b")
MULTIPLIER_AFTER = _after(r"(?P<mult>nghìn|ngàn|thousand)(?!\w)")
TIMES_AFTER = _after(r"lần|times|-fold|fold")
MONEY_BEFORE = _before(r"vnd|vnđ|usd|us\$|\$|€|¥|yen|won|đồng|eur")
MONEY_AFTER = _after(
    r"(?:(?:nghìn|ngàn|thousand|triệu|million|tỷ|tỉ|billion|trillion)\s+)?"
    r"(?:vnd|vnđ|đồng|đ(?!\w)|usd|us\$|dollars?|yen|yên|won|euros?|\$|đài\s+tệ|nt\$|twd|đô"
    r"|man(?!\w))|triệu|tỷ|tỉ|million|billion"
)
#: Things counted that are not workers (after the number).
OTHER_UNIT_AFTER = _after(
    r"(?:(?:nghìn|ngàn|thousand)\s+)?(?:months?|years?|days?|hours?|weeks?|tháng|năm|ngày|giờ"
    r"|tuần|communes?|communities|xã|phường|wards?|villages?|enterprises?|compan(?:y|ies)"
    r"|businesses|firms?|agenc(?:y|ies)|doanh\s+nghiệp|đơn\s+vị|countries|country|quốc\s+gia"
    r"|nước|territories|vùng\s+lãnh\s+thổ|markets?|thị\s+trường|provinces?|tỉnh|districts?"
    r"|huyện|job\s+fairs?|phiên|sàn|sessions?|occupations|ngành\s+nghề|ngành|programs?"
    r"|programmes?|agreements?|hiệp\s+định|classes|lớp|km|hectares?|ha(?!\w)|tuổi|centres?"
    r"|centers?|trung\s+tâm|schools?|trường|cơ\s+sở|delegations?|đoàn|cases?|vụ|trường\s+hợp"
    r"|candidates?|applicants?|applications?|hồ\s+sơ|ứng\s+viên|học\s+viên|test[-\s]takers"
    r"|thí\s+sinh|lượt\s+tư\s+vấn|buổi|hội\s+nghị|conferences?|seminars?|households?|hộ"
    r"|loans?|khoản\s+vay|points?|điểm|languages?|contracts?|hợp\s+đồng|cuộc|đợt)(?!\w)"
)
FEMALE_AFTER = _after(
    r"(?:vietnamese\s+)?(?:female|females|women|woman)(?!\w)|(?:lao\s+động|lao\s+đông|lđ|người)\s+nữ"
    r"|nữ(?!\w)|of\s+(?:them|whom)\s+(?:were\s+|being\s+)?(?:women|female)"
    r"|(?:(?:workers?|labou?rers?|people|lao\s+động)\s+)?(?:were|are|là)\s+(?:women|female|nữ"
    r"|lao\s+động\s+nữ)(?!\w)"
)
MALE_AFTER = _after(
    r"(?:vietnamese\s+)?(?:male|males|men)(?!\w)|(?:lao\s+động|lao\s+đông|lđ|người)\s+nam(?!\w)"
    r"|nam(?!\s*(?:định|hàn|bộ|phi|mỹ|á|dương|\w))|of\s+(?:them|whom)\s+(?:were\s+)?(?:men|male)"
    r"|(?:(?:workers?|labou?rers?)\s+)?(?:were|are)\s+(?:men|male)(?!\w)"
)
#: A sex word just before the number ("lao động nữ là 3.374", "women numbered 3,374").
FEMALE_BEFORE = _before(
    r"(?:lao\s+động\s+nữ|số\s+nữ|nữ|women|female\s+workers|females)\s*(?:là|:|numbered|totall?ed"
    r"|were|accounted\s+for|đạt)?"
)
ALL_MALE_AFTER = _after(r"[^;(]{0,30}\(?\s*(?:all\s+male|toàn\s+bộ\s+là\s+nam)")
#: Words of a plan or target, before the number in its clause or right after it.
PLAN = _anywhere(
    r"plans?|targets?|targeted|goal|kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu|aims?\s+to|aiming\s+to"
    r"|strives?\s+to|striving\s+to|phấn\s+đấu|dự\s+kiến(?:\s+\S+){0,3}?\s+(?:sẽ\s+)?đưa"
    r"|plans?\s+to\s+send"
)
PLAN_AFTER = _after(r"(?:workers?\s+|labou?rers?\s+|lao\s+động\s+)?(?:-worker\s+)?(?:plan|target"
                    r"|kế\s+hoạch|chỉ\s+tiêu)(?!\w)")
#: A plan that is not the labour-export plan: jobs created, several years.
OTHER_PLAN = _anywhere(r"(?:tạo|giải\s+quyết)\s+(?:được\s+)?việc\s+làm|việc\s+làm\s+(?:mới|cho)"
                       r"|creat\w*\s+(?:new\s+)?jobs|job\s+creation|jobs?\s+(?:for|created)"
                       r"|new\s+jobs")
#: Attainment: a % followed by "of the plan" / "kế hoạch".
ATTAIN_AFTER = _after(
    r"(?:%+|phần\s+trăm|percent|per\s+cent)\s*(?:of\s+(?:the\s+|its\s+|this\s+year's\s+)?"
    r"(?:[\w,.'-]+\s+){0,3}?(?:plan|target|goal|quota)|(?:so\s+với\s+)?(?:kế\s+hoạch|chỉ\s+tiêu"
    r"|mục\s+tiêu))"
)
#: An excess over the plan: "vượt 26,29% so với kế hoạch", "exceeded the target by 27%".
EXCESS_BEFORE = _before(
    r"vượt(?:\s+(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)(?:\s+(?:năm|được\s+giao|đề\s+ra|của\s+năm"
    r"|\d{4}))*)?(?:\s+(?:gần|hơn|khoảng))?|(?:exceed(?:ed|ing|s)?"
    r"|surpass(?:ed|ing|es)?|beat(?:ing)?|topp(?:ed|ing))\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:plan|target|goal)\s+by(?:\s+(?:nearly|over|about|more\s+than))?"
)
EXCESS_AFTER = _after(r"(?:%+|phần\s+trăm|percent)\s*(?:so\s+với\s+)?(?:kế\s+hoạch|chỉ\s+tiêu"
                      r"|mục\s+tiêu)")
#: Comparisons with another period: ratios, changes, "up from".
LAST_YEAR_AFTER = _after(r"[^;)]{0,40}?(?:cùng\s+kỳ|cùng\s+kì|same\s+period|same\s+month"
                         r"|last\s+year|năm\s+ngoái|năm\s+trước|year[-\s]on[-\s]year|on[-\s]year"
                         r"|a\s+year\s+(?:earlier|ago)|so\s+với\s+năm)")
CHANGE_BEFORE = _before(
    r"(?:tăng|giảm|up|down|increase[ds]?|decrease[ds]?|rise|rose|fell|drop(?:ped)?|decline[ds]?"
    r"|grew|growth)(?:\s+(?:of|by|là|thêm|gần|hơn|khoảng|nearly|over|about|more\s+than))*"
)
SHARE_BEFORE = _before(r"(?:chiếm|accounting\s+for|accounted\s+for|accounts\s+for|making\s+up"
                       r"|made\s+up|make\s+up|share\s+of|tỷ\s+lệ|tỉ\s+lệ)(?:\s+(?:about|nearly"
                       r"|over|khoảng|gần|hơn|trên|more\s+than))?")
COMPARE_BEFORE = _before(
    r"(?:so\s+với|compared\s+(?:with|to)|(?:up|down|rose|fell|increased?|decreased?)\s+from"
    r"|against|versus|vs\.?)(?:\s+\S+){0,3}"
)
ATTAIN_BEFORE = _before(
    r"(?:đạt|đạt\s+được|hoàn\s+thành|bằng|reaching|reached|reach|achieving|achieved|fulfilling"
    r"|fulfilled|meeting|meets|met|equal(?:ling|ing|s)?\s+to|equivalent\s+to|or|hitting|hit"
    r"|completing|completed|accounting\s+for|representing|at|\(|,|equals|equalled|equaled|is|was"
    r"|stood\s+at|amounting\s+to|tương\s+đương)(?:\s+(?:just|only|chỉ|about"
    r"|nearly|over|more\s+than|gần|hơn|khoảng|xấp\s+xỉ|almost|around))*"
)
#: Measures other than departures.
DEMAND = _anywhere(r"demand|needs?|nhu\s+cầu|cần\s+tuyển")
QUOTA = _anywhere(r"allocat\w*|quotas?|phân\s+bổ|phân\s+bố|hạn\s+ngạch")
#: A count of a group of markets ("hai thị trường này", "these three markets").
GROUP_BEFORE = _anywhere(r"(?:(?:these|those|the)\s+)?(?:hai|ba|bốn|two|three|four|five|both)\s+"
                         r"(?:thị\s+trường|markets|nước|countries)(?:\s+(?:này|trên|đó))?"
                         r"(?:\s+\S+){0,4}?\s+(?:đã\s+)?(?:nhận|tiếp\s+nhận|took|received|accounted)")
PER_MONTH_AFTER = _after(r"[^;.]{0,25}?(?:/\s*(?:month|tháng)|a\s+month|per\s+month|mỗi\s+tháng"
                         r"|each\s+month|hàng\s+tháng)")
PER_YEAR_AFTER = _after(r"[^;.]{0,25}?(?:/\s*(?:year|năm)|a\s+year|per\s+year|mỗi\s+năm"
                        r"|each\s+year|every\s+year|hàng\s+năm|annually)")
RUNNING_YEAR = _anywhere(r"(?:third|second|fourth|fifth|\d+(?:st|nd|rd|th))\s+(?:consecutive\s+|straight\s+)?"
                         r"year(?:\s+running|\s+in\s+a\s+row)?|năm\s+thứ\s+\w+\s+liên\s+tiếp"
                         r"|liên\s+tiếp|consecutive\s+years?")
STOCK = _anywhere(
    r"(?:are|were|is)\s+(?:currently\s+|now\s+|still\s+)?(?:working|living|employed)|currently\s+"
    r"(?:working|employed|living)|đang\s+(?:làm\s+việc|sinh\s+sống|lao\s+động|có\s+mặt)"
    r"|hiện\s+(?:có|đang|còn)"
)
DEPART_AFTER = _after(r"[^;.]{0,40}?(?:(?:have|has|had)\s+been\s+sent|were\s+sent|was\s+sent"
                      r"|went|left|departed|have\s+gone|xuất\s+cảnh|đi\s+làm\s+việc"
                      r"|sang\s+làm\s+việc|đã\s+được\s+đưa)(?!\w)")
TOTAL_BEFORE = _before(r"(?:total|tổng\s+số|tổng\s+cộng)(?!\w)[^.;]{0,60}?(?:to|at|of|là|lên|đạt"
                       r"|was|were)(?:\s+(?:nearly|almost|over|more\s+than|about|around|some|gần"
                       r"|hơn|trên|khoảng|xấp\s+xỉ))?")
#: Words that belong to the whole country or a total, between a market and a number.
BIND_BLOCK = _anywhere(r"the\s+(?:whole\s+)?country|cả\s+nước|vietnam|(?<!lao\sđộng\s)việt\s+nam"
                       r"|viet\s+nam"
                       r"|in\s+total|tổng\s+(?:số|cộng)|nationwide|toàn\s+quốc|overall"
                       r"|altogether")
TOGETHER_AFTER = _after(r"[^;.]{0,15}?(?:together|combined|in\s+total|cộng\s+lại|tổng\s+cộng)"
                        r"(?![^;.]{0,15}%)")
EACH_BEFORE = _before(r"(?:mỗi\s+(?:nước|thị\s+trường|quốc\s+gia)|each)\s*:?")
EACH_AFTER = _after(r"[^;(]{0,25}?\beach\b")
RESPECTIVELY = _anywhere(r"respectively|lần\s+lượt")
FORWARD_MARKET = _before(r"(?:to|sang|đến|tới|in|at|for|đi|tại)(?:\s+(?:the|làm\s+việc\s+tại"
                         r"|làm\s+việc\s+ở|work\s+in))?")
LIST_JOIN = re.compile(r"\s*(?:,|and|và|or|hoặc|/|&)\s*(?:and\s+|và\s+)?(?:the\s+)?")
RANGE_JOIN = re.compile(r"\s*(?:to|-|–|—|đến|tới)\s*")
#: A sentence that speaks of the whole country, inside a provincial page.
NATIONAL = _anywhere(
    r"cả\s+nước|toàn\s+quốc|(?:the\s+)?whole\s+country|nationwide|across\s+the\s+country"
    r"|the\s+country(?:'s)?|việt\s+nam\s+(?:đã\s+)?đưa|vietnam\s+(?:has\s+|had\s+)?sent"
    r"|viet\s+nam\s+(?:has\s+|had\s+)?sent|national(?:ly)?"
)
#: Words that point back to the province a page is about.
THE_PROVINCE = _anywhere(r"the\s+province|toàn\s+tỉnh|tỉnh\s+ta|the\s+locality|địa\s+phương"
                         r"|the\s+provincial|trên\s+địa\s+bàn(?:\s+tỉnh)?|of\s+the\s+province")
#: Words that make the period after them a comparison ("so với tháng 11 năm ngoái").
COMPARE_LEAD = _before(r"so\s+với|compared\s+(?:with|to)|than(?:\s+in)?|(?:up|down)\s+from"
                       r"|against|versus|vs\.?|bằng|hơn")
#: A comparison opened a few words before a period ("up from 11,487 in the previous month").
COMPARE_OPEN = re.compile(r"(?:so\s+với|compared\s+(?:with|to)|(?:up|down|rose|fell|increased"
                          r"|decreased)\s+from)(?:[^,;.()]|(?<=\d)[.,](?=\d)){0,30}$")
#: Words of pay and money before a number ("thu nhập ... từ 1.200 đến 1.500 USD").
INCOME_BEFORE = _anywhere(r"thu\s+nhập|lương|salar\w*|incomes?|earn\w*|wages?|remittances?"
                          r"|kiều\s+hối|fees?|chi\s+phí|costs?|tiền")
#: "không có lao động nữ", "no women": a count with no women among it.
NO_WOMEN_AFTER = _after(r"[^;.)]{0,30}?(?:không\s+có|no)\s+(?:lao\s+động\s+|female\s+)?"
                        r"(?:nữ|women|females?)(?:\s+workers)?(?!\w)")
#: A period named just after a plan word belongs to the plan ("kế hoạch cả năm").
PLAN_LEAD = _before(r"(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu|plan|target|goal)(?:\s+(?:set|assigned"
                    r"|đề\s+ra|được\s+giao))?(?:\s+(?:for\s+the|of\s+the|for|của|trong))?")
#: After a count, words that say it is not of workers sent: jobs found, people who took part.
NOT_SENT_AFTER = _after(
    r"[^,;.]{0,30}?(?:có\s+việc\s+làm|việc\s+làm\s+mới|new\s+jobs|found\s+jobs|got\s+jobs"
    r"|tham\s+dự|tham\s+gia|attend\w*|participat\w*|registered|đăng\s+ký|được\s+tư\s+vấn"
    r"|trained|học\s+nghề|làm\s+việc\s+(?:ở|tại)\s+(?:các\s+)?(?:tỉnh|khu\s+công\s+nghiệp|trong\s+nước)"
    r"|in\s+other\s+provinces|domestic)"
)
