"""Stacking: rules that add micro-credentials up to a larger qualification."""
