"""The participant's journey: start, stages, resume, review, results."""
