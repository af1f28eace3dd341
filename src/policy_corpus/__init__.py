"""policy_corpus: compare how Chinese regions carried out 健康扶贫, from their own documents.

The two stable entry points for researchers are :func:`extract_quantities` (every quantity in a
text) and :func:`parse_number` (one numeral expression to a float).
"""

from policy_corpus.text.numbers import parse_number
from policy_corpus.text.quantities import Quantity, extract_quantities

__all__ = ["Quantity", "extract_quantities", "parse_number"]
__version__ = "0.1.0"
