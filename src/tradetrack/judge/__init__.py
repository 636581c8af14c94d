"""Stage 3, judging: pure functions of a ledger and a day. The terms in force, the pace, the
verdicts (codes, dates, numbers and what they rest on; no words), and the query a reading
command asks.

May import: core, facts."""
