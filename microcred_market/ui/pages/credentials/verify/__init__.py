"""The verify page: `present` (pure display data), `check` (one unit of work), `state`,
`components` (shared with the public credential page) and `page` (the route)."""
