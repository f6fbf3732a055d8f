"""Pages of the orders capability."""
