"""Retries for payment calls.

Keep the budget small: see INC-2024-017.
"""

MAX_ATTEMPTS = 3  # INC-2024-071: a typo the check reports, with a quick fix to INC-2024-017


def backoff(attempt: int) -> float:
    return min(2 ** attempt * 0.1, 2.0)
