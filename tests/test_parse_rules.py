"""Reader rules found while making the reader fast: each a decision the reader makes."""

import os
import subprocess
import sys

from labexport.read.bulletin import parse_text

SCRIPT = (
    "from labexport.read.bulletin import parse_text\n"
    "text = ('In 2022, 497 workers went to work abroad.\\n'\n"
    "        'Figures from Long An Province, compiled with Can Tho City.')\n"
    "print({f.scope for f in parse_text(text)})\n"
)


def test_a_tie_between_provinces_goes_to_the_first_named_whatever_the_hash_seed():
    # Both provinces are named once; the bulletin's scope must not depend on the
    # order of a set, which changes with PYTHONHASHSEED from run to run.
    seen = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                             text=True, check=True).stdout.strip()
        seen.add(out)
    assert seen == {"{'Long An'}"}


def test_a_count_of_months_is_read_from_the_digits_of_any_script():
    # "٧" is the digit seven in Arabic-Indic script: a count before "tháng" or
    # "-month period" is read from any digits, as the number itself is.
    for text in ("Trong ٧ tháng đầu năm 2025, cả nước đưa 85.781 lao động đi làm việc ở nước "
                 "ngoài.",
                 "In the ٧-month period of 2025, the country sent 85,781 workers abroad."):
        facts = parse_text(text)
        assert [(f.year, f.month_from, f.month_to, f.value) for f in facts] == [
            (2025, 1, 7, 85781.0)]
