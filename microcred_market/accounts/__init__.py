"""People, their sessions and sign-in methods, staff roles and the permission table."""
