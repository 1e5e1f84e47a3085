"""The reports: one entry each, in the order they are built and listed.

This is the one list of reports. A report is a notebook ``<name>.ipynb`` (shipped in
``labexport/report/notebooks/``; a workspace may hold its own, see :func:`notebook_path`),
a title (``title_<name>`` in :data:`labexport.report.wording.TEXTS`) and the key
figures the index page shows from its sidecar (recorded by ``Report.record``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labexport.data.paths import user_notebook


@dataclass(frozen=True)
class ReportSpec:
    """One report of the registry."""

    name: str
    #: Key figures shown for it on the index page, in this order (those it recorded).
    index_figures: tuple[str, ...]

    @property
    def notebook(self) -> Path:
        """Its notebook: the user's own (see :func:`notebook_path`), else the shipped one."""
        return user_notebook(self.name) or shipped_notebook(self.name)

    @property
    def title_key(self) -> str:
        """The key of its title in the wording (filled with the period)."""
        return f"title_{self.name}"


SPECS: tuple[ReportSpec, ...] = (
    ReportSpec("market_trends", ("month_total", "ytd_total", "top_markets")),
    ReportSpec("gender_share", ("female_share_ytd", "ytd_female")),
    ReportSpec("target_attainment", ("attainment_pct", "attainment_pct_stated", "target")),
)
#: The report names, in build and index order.
REPORTS: tuple[str, ...] = tuple(spec.name for spec in SPECS)
_BY_NAME = {spec.name: spec for spec in SPECS}


def shipped_notebook(name: str) -> Path:
    """The notebook of report ``name`` shipped in the package."""
    return Path(__file__).resolve().parent / "notebooks" / f"{name}.ipynb"


def spec(name: str) -> ReportSpec:
    """The registry entry of report ``name`` (a name of :data:`REPORTS`; ``KeyError`` if not)."""
    return _BY_NAME[name]


def notebook_path(name: str) -> Path:
    """The notebook of report ``name``.

    A notebook of that name in ``$LABEXPORT_NOTEBOOKS_DIR`` or in the workspace's
    ``notebooks/`` replaces the shipped one (same parameters expected).
    """
    return spec(name).notebook
