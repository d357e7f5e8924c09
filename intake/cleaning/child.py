"""Cleaning a file in a child process with CPU, memory and time limits.

PDFium and FFmpeg are large C libraries fed whatever a stranger uploads: a file built to make one
of them loop for minutes, swallow memory or crash must cost a throwaway process, never a worker.
The parent (:func:`clean_in_child`) starts ``python -m <cleaner module>`` and hands it the file's
shown name and bytes on standard input, never on the command line (which other users of the host
can read) or on disk, with an empty environment. The child (:func:`serve`, the cleaner module's
``main``) sets its own limits before it reads a byte: CPU seconds a little over its working time,
and an address-space cap. It answers on standard output: the clean file (exit status 0), or a
message for the reporter (:data:`REFUSED`). The parent kills it once its working time and an
allowance for starting up have passed; anything else it does (a crash, a limit hit) is reported as
a file Candour could not read.
"""

from __future__ import annotations

import math
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from intake.cleaning import AttachmentRejected

REFUSED = 3  # the child's exit status when it refused the file with a message on stdout
# CPU seconds the child may spend beyond its working time: starting Python and the library.
CPU_ALLOWANCE_SECONDS = 5
# The directory holding the ``intake`` package this parent runs: ``-m`` puts the child's working
# directory first on its path, so the child runs this same code, not some other installed copy.
_CODE_ROOT = Path(__file__).resolve().parents[2]


def clean_in_child(
    module: str,
    shown: str,
    data: bytes,
    *,
    seconds: float,
    startup_seconds: float,
    too_slow: AttachmentRejected,
    unreadable: AttachmentRejected,
) -> bytes:
    """Run ``module``'s cleaner on ``data`` in a child given ``seconds`` of work; return what it
    wrote, raise its refusal, ``too_slow`` if it overran, or ``unreadable`` if it failed."""
    # -E and -s: no PYTHON* variables, no user site-packages (as -I, less its -P, which would
    # keep the working directory, and so _CODE_ROOT, off the path).
    command = [sys.executable, "-E", "-s", "-m", module, str(seconds)]
    try:
        child = subprocess.run(  # noqa: S603 (our own interpreter and module, no shell)
            command,
            input=shown.encode() + b"\n" + data,
            capture_output=True,
            timeout=seconds + startup_seconds,
            env={},
            cwd=_CODE_ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise too_slow from None
    if child.returncode == 0:
        return child.stdout
    if child.returncode == REFUSED:
        raise AttachmentRejected(child.stdout.decode())
    raise unreadable


def serve(clean: Callable[[str, bytes, float], bytes], memory_bytes: int) -> None:
    """The child's side: limit this process, read the name and file from stdin, and write the
    result of ``clean(shown, data, seconds)``, or its refusal, to stdout."""
    seconds = float(sys.argv[1])
    cpu = max(1, math.ceil(seconds) + CPU_ALLOWANCE_SECONDS)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    shown, _, data = sys.stdin.buffer.read().partition(b"\n")
    try:
        result = clean(shown.decode(), data, seconds)
    except AttachmentRejected as refused:
        sys.stdout.buffer.write(refused.message.encode())
        sys.exit(REFUSED)
    sys.stdout.buffer.write(result)
