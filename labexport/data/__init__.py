"""Facts → dataset: the schema, the folders, building and loading the tidy dataset."""
