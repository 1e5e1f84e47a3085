"""The ``labexport`` command line (``labexport.cli.main``)."""

from labexport.cli.main import main, make_parser

__all__ = ["main", "make_parser"]
