"""Cleaners for each kind of evidence file, used by :mod:`intake.attachments`.

One module per kind (images, PDF, MP4/M4A, DOCX), one for the checks a file kept in its
original form must still pass, and :mod:`~intake.cleaning.child`, which runs the PDF and
recording cleaners in a child process with CPU, memory and time limits. Every cleaner works on
bytes in memory and returns bytes: none writes any part of a file to disk or to a log, and none
returns partly cleaned data (each raises :class:`AttachmentRejected` instead). Decoding hostile
files is the costliest thing Candour does, so it is bounded: a pixel and page limit per
file, the child's limits, and :func:`work_slot`, a cap on how many files one worker process
cleans at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["AttachmentRejected", "work_slot"]

# gunicorn runs a few threads per worker; two files at once per process keeps a burst of large
# uploads from starving the other threads (and the start page) of CPU and memory.
MAX_CONCURRENT_CLEANS = 2
WAIT_FOR_SLOT_SECONDS = 20.0
_slots = threading.BoundedSemaphore(MAX_CONCURRENT_CLEANS)


class AttachmentRejected(ValueError):
    """The upload cannot be accepted. ``message`` is fit to show to the reporter."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@contextmanager
def work_slot(shown: str) -> Iterator[None]:
    """Hold one of the process's cleaning slots, or refuse the file if none frees up in time."""
    if not _slots.acquire(timeout=WAIT_FOR_SLOT_SECONDS):
        raise AttachmentRejected(
            f"Candour is busy checking other files, so ‘{shown}’ was not added. "
            "Wait a minute and upload it again."
        )
    try:
        yield
    finally:
        _slots.release()
