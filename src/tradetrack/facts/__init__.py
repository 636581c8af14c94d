"""Stage 2, the derived facts: the records indexed per commitment and basis (index.py), the
ledger that holds them with the commitments, its cache on disk, and the consistency checks
the facts make possible.

May import: core, files."""
