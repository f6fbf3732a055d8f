"""Assessment pages: taking a quiz, submitting work, review, results, and the staff builder."""
