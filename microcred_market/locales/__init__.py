"""Every text a person reads, one catalogue per language (see platform/i18n.py)."""
