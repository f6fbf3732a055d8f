"""Reflex pages, components and states. Thin: states call domain services."""
