"""The vocabulary every layer shares: the fact record, markets, provinces, folding, errors."""
