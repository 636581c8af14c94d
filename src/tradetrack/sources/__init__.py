"""Published data as progress rows: CSV files, USDA export-sales JSON, and (fetch) the APIs that
publish them. Rows are validated and written by write/, like any other record.

May import: core, files."""
