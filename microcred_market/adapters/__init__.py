"""The outside world (mail, payments, identity providers) behind small interfaces."""
