"""Stage 4, saying it: verdicts in words (words.py, the only place that words them), and every
output built from those words: terminal lists and cards, Markdown, HTML with SVG charts, JSON,
CSV. Whatever comes from the data is made inert here.

May import: core, facts, judge."""
