"""Building a large workspace's values: a million records make millions of small objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def many_objects() -> Iterator[None]:
    """Pause the cyclic garbage collector while the block allocates. Records, rows and series
    hold no reference cycles, but every few hundred allocations the collector walks the young
    objects, and now and then all of them: on the 1M workspace that was 1.4 s of a cold load,
    for nothing found. Reference counting still frees everything as usual; the collector resumes
    (if it was running) when the block ends, however it ends."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
