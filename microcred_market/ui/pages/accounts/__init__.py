"""Pages of the accounts capability."""
