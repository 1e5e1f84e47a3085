"""``python -m labexport.cli``."""

import sys

from labexport.cli.main import main

sys.exit(main())
