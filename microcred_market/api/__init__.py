"""Starlette routes mounted beside the Reflex app (JSON API, later webhooks and DIDs)."""
