"""--format escpos: the receipt as ESC/POS bytes for a thermal printer.

The same lines as the text receipt (render/text.py, `receipt_lines`), in GB18030 (the
character set of Chinese thermal printers), with the first thing to do and the hotlines
in double size (GS ! 0x11: double width and height, so those lines wrap at half the
width), then a feed and a cut. Write it to a file, or straight to the printer device
(`--output /dev/usb/lp0`). A width of RECEIPT_BELOW columns or more is not a receipt:
it prints at DEFAULT_WIDTH (58 mm paper).
"""

from __future__ import annotations

from ..core.model import Checklist
from .text import RECEIPT_BELOW, receipt_lines

DEFAULT_WIDTH = 32
INIT = b"\x1b\x40"  # ESC @: reset the printer
CHINESE = b"\x1c\x26"  # FS &: two-byte (Chinese) character mode
BIG = b"\x1d\x21\x11"  # GS ! 0x11: double width and double height
NORMAL = b"\x1d\x21\x00"  # GS ! 0: normal size
FEED = b"\x1b\x64\x04"  # ESC d 4: feed four lines, past the cutter
CUT = b"\x1d\x56\x42\x00"  # GS V 66 0: feed to the cutter and cut (partial cut)
ENCODING = "gb18030"


def render_escpos(checklist: Checklist, width: int = DEFAULT_WIDTH) -> bytes:
    columns = width if width < RECEIPT_BELOW else DEFAULT_WIDTH
    out = bytearray(INIT + CHINESE)
    big = False
    for line, large in receipt_lines(checklist, columns, big=2):
        if large != big:
            out += BIG if large else NORMAL
            big = large
        out += line.encode(ENCODING) + b"\n"
    if big:
        out += NORMAL
    out += FEED + CUT
    return bytes(out)
