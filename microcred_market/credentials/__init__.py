"""Credentials as a capability: issuing, keys, revocation, sources and results import.

The database side of the `vc` library: which offering, learner and key a credential
comes from, and what happens to it afterwards.
"""
