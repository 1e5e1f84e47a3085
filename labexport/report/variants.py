"""Where each variant of a report is published: language, briefing mode and scope.

The national English report with code shown is the default variant, published
as ``<period>/<name>.html``. Any other goes one folder below, named by its
non-default parts joined with ``-`` in the order scope, language, briefing:
``vi``, ``briefing``, ``vi-briefing``, ``thanh-hoa``, ``thanh-hoa-vi-briefing``
(a province by its ASCII slug). So building one variant never replaces another.

>>> variant_name(lang="vi", briefing=True, scope="Thanh Hóa")
'thanh-hoa-vi-briefing'
>>> variant_name(lang="en", briefing=False, scope="national")
''
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from labexport.core.provinces import NATIONAL
from labexport.core.text import fold

DEFAULT_LANG = "en"


def province_slug(name: str) -> str:
    """A province's name as an ASCII folder name, from its NFC form.

    >>> province_slug("Bà Rịa - Vũng Tàu"), province_slug("Đồng Tháp")
    ('ba-ria-vung-tau', 'dong-thap')
    """
    folded = fold(unicodedata.normalize("NFC", name))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def variant_name(*, lang: str, briefing: bool, scope: str) -> str:
    """The variant's folder name below the period's folder; ``""`` for the default variant."""
    parts = []
    if scope != NATIONAL:
        parts.append(province_slug(scope))
    if lang != DEFAULT_LANG:
        parts.append(lang)
    if briefing:
        parts.append("briefing")
    return "-".join(parts)


def variant_folder(period_dir: Path, variant: str) -> Path:
    """The folder of ``variant`` in a period's folder (the period's folder for the default)."""
    return period_dir / variant if variant else period_dir
