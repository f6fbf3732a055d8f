"""microcred_market: a marketplace for verifiable university micro-credentials."""
