"""A university's analytics page."""
