"""Signed Open Badges 3.0 micro-credentials: building, signing, status and verification.

Pure domain code: nothing here imports Reflex or the web layer. Database work lives in
`microcred_market.domain.credentials_service`.
"""
