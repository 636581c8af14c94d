"""Stage 0, the model's vocabulary: the plain values a load yields (generated from
files/models.py), units, targets, status words and codes, problems. No I/O.

May import: nothing of tradetrack outside core."""
