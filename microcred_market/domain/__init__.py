"""The rules of the marketplace. Plain Python and SQLModel; never imports reflex."""
