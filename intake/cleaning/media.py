"""Screen recordings, videos and voice notes (MP4, MOV, M4A): remuxed without metadata.

Phones write the place a video was recorded (``©xyz`` and QuickTime location keys), the device,
the recording time (in ``mvhd``/``tkhd``/``mdhd``), titles and comments (iTunes ``ilst``), and
some cameras add timed GPS or sensor tracks. FFmpeg (through PyAV, in memory) copies only the
audio and video packets into a new container, with no metadata, no other tracks and FFmpeg's
"bitexact" flag so not even its own name or a time is written. Cover pictures are dropped.
Nothing is decoded or re-encoded, so this is quick and the pictures and sound are exactly as
recorded.

FFmpeg's readers are still fed whatever a stranger uploads, so the copying runs in a child
process (``python -m intake.cleaning.media``, see :mod:`intake.cleaning.child`) with CPU and
memory limits: one that takes more than :data:`MAX_SECONDS` (an ordinary 10 MB recording takes
well under one), whether in its own loop or stuck inside FFmpeg, is refused, and its child killed.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import av

from intake.cleaning import AttachmentRejected
from intake.cleaning.child import clean_in_child, serve

MAX_STREAMS = 8
MAX_PACKETS = 2_000_000
MAX_SECONDS = 20.0
# Starting the child Python and loading FFmpeg, on top of MAX_SECONDS of copying.
STARTUP_SECONDS = 10.0
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
_KINDS = ("mp4", "m4a")


@dataclass(frozen=True)
class Media:
    data: bytes
    kind: str  # "mp4" (has video) or "m4a" (sound only)


def _unreadable(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ looks like a video or sound recording but is damaged or uses a format "
        "Candour cannot read. Check it plays on your device, or record it again as MP4."
    )


def _too_slow(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ took too long to check. Check it plays on your device, or upload a shorter "
        "recording, for example saved or recorded again as MP4."
    )


def clean_media(shown: str, data: bytes) -> Media:
    """Copy the audio and video of an MP4/MOV/M4A into a new file with nothing else, in a child
    process that answers with the kind of the copy, a newline, and the copy."""
    answer = clean_in_child(
        "intake.cleaning.media",
        shown,
        data,
        seconds=MAX_SECONDS,
        startup_seconds=STARTUP_SECONDS,
        too_slow=_too_slow(shown),
        unreadable=_unreadable(shown),
    )
    kind, _, copy = answer.partition(b"\n")
    if kind.decode() not in _KINDS:
        raise _unreadable(shown)
    return Media(copy, kind.decode())


def _copy(shown: str, data: bytes, max_seconds: float) -> bytes:
    """The child's work: the copy's kind, a newline, and the copy."""
    deadline = time.monotonic() + max_seconds
    try:
        # format="mov" forces FFmpeg's MP4/QuickTime reader: no other demuxer sees the bytes.
        with av.open(io.BytesIO(data), "r", format="mov") as source:
            # A cover picture (often a photo, with its own EXIF) is not the recording.
            kept = [
                s
                for s in source.streams
                if s.type in ("video", "audio")
                and not s.disposition & av.stream.Disposition.attached_pic
            ]
            if not kept or len(source.streams) > MAX_STREAMS:
                raise _unreadable(shown)
            kind = "mp4" if any(s.type == "video" for s in kept) else "m4a"
            return kind.encode() + b"\n" + _remux(shown, source, kept, kind, deadline)
    except AttachmentRejected:
        raise
    except Exception:
        raise _unreadable(shown) from None


def _remux(
    shown: str,
    source: av.container.InputContainer,
    kept: list[av.stream.Stream],
    kind: str,
    deadline: float,
) -> bytes:
    buffer = io.BytesIO()
    # "ipod" is FFmpeg's name for the M4A flavour of MP4.
    with av.open(
        buffer, "w", format="mp4" if kind == "mp4" else "ipod", options={"fflags": "+bitexact"}
    ) as output:
        targets = {}
        for stream in kept:
            target = output.add_stream_from_template(stream)
            target.metadata.clear()
            targets[stream.index] = target
        for count, packet in enumerate(source.demux(kept)):
            if count > MAX_PACKETS:
                raise ValueError("too many packets")
            if time.monotonic() > deadline:
                raise _too_slow(shown)
            if packet.dts is None:  # the flush packet at the end of each stream
                continue
            packet.stream = targets[packet.stream.index]
            output.mux(packet)
    return buffer.getvalue()


def main() -> None:
    """The child: the name and the recording on stdin; its kind and copy, or a refusal, on
    stdout."""
    serve(_copy, CHILD_MEMORY_BYTES)


if __name__ == "__main__":
    main()
