"""Dataset → numbers: the monthly panel, identity checks and the indicators (no wording)."""
