"""Stage 1, reading files: bytes -> parsed YAML and JSON Lines -> values checked against the
models (files/models.py, the one definition of every shape), every problem located at
FILE:LINE:COL; and where the workspace is.

May import: core."""
