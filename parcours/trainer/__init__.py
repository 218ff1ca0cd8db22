"""The trainer workspace: cohorts, dashboard, review, exports."""
