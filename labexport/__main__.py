"""``python -m labexport``: the command line."""

import sys

from labexport.cli import main

sys.exit(main())
