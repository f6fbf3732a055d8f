"""Signed Open Badges 3.0 micro-credentials: building, signing, status and verification.

A library of pure functions over JSON documents: it knows nothing of our tables, our
capabilities, Reflex or the web layer, so another product could take it as it is.
Issuing from the database lives in `microcred_market.credentials`.
"""
