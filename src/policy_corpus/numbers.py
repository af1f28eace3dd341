"""Placeholder: replaced by the number parser (work in progress)."""


def parse_number(text: str) -> float | None:
    """Not yet written."""
    raise NotImplementedError
