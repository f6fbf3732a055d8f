"""A university's figures: enrolments, revenue, results, credentials and what became of them."""
