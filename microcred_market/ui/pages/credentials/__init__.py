"""Pages of the credentials capability."""
