"""The pages, one folder per capability; `wiring.add_pages` registers them with Reflex."""
