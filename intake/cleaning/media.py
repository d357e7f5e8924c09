"""Screen recordings, videos and voice notes (MP4, MOV, M4A): remuxed without metadata.

Phones write the place a video was recorded (``©xyz`` and QuickTime location keys), the device,
the recording time (in ``mvhd``/``tkhd``/``mdhd``), titles and comments (iTunes ``ilst``), and
some cameras add timed GPS or sensor tracks. FFmpeg (through PyAV, in memory) copies only the
audio and video packets into a new container, with no metadata, no other tracks and FFmpeg's
"bitexact" flag so not even its own name or a time is written. Cover pictures are dropped.
Nothing is decoded or re-encoded, so this is quick and the pictures and sound are exactly as
recorded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import av

from intake.cleaning import AttachmentRejected

MAX_STREAMS = 8
MAX_PACKETS = 2_000_000


@dataclass(frozen=True)
class Media:
    data: bytes
    kind: str  # "mp4" (has video) or "m4a" (sound only)


def _unreadable(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ looks like a video or sound recording but is damaged or uses a format "
        "Candour cannot read. Check it plays on your device, or record it again as MP4."
    )


def clean_media(shown: str, data: bytes) -> Media:
    """Copy the audio and video of an MP4/MOV/M4A into a new file with nothing else."""
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
            return Media(_remux(source, kept, kind), kind)
    except AttachmentRejected:
        raise
    except Exception:
        raise _unreadable(shown) from None


def _remux(source: av.container.InputContainer, kept: list[av.stream.Stream], kind: str) -> bytes:
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
            if packet.dts is None:  # the flush packet at the end of each stream
                continue
            packet.stream = targets[packet.stream.index]
            output.mux(packet)
    return buffer.getvalue()
