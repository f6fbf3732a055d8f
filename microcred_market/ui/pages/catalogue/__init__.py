"""Pages of the catalogue capability."""
