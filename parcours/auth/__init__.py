"""Accounts: participants (optional), trainers and admins."""
