"""Placeholder: replaced by the quantity extractor (work in progress)."""

from dataclasses import dataclass


@dataclass
class Quantity:
    """Not yet written."""


def extract_quantities(text: str, include_rejected: bool = False) -> list[Quantity]:
    """Not yet written."""
    raise NotImplementedError
