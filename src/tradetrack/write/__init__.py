"""The only writers: the store (locked, atomic, refusing changed files), adding records, making
workspaces, and report outputs to regular files the user named.

May import: core, files, facts, sources."""
