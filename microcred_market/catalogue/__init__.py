"""The catalogue: universities, offerings, qualifications, search and the demo data."""
