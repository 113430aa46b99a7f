"""Make the fonts in workshop/fonts/ from Debian's Noto packages (run by hand, rarely).

Usage: python scripts/subset_fonts.py [SOURCE_FOLDER]

SOURCE_FOLDER defaults to /usr/share/fonts/truetype/noto (Debian's
fonts-noto-core and fonts-noto-mono). Each face is cut down to Latin
(Basic, Latin-1, Extended-A and B), the punctuation and the few symbols the
documents print, and its hinting is dropped: a page is printed, not shown on a
low-resolution screen. That keeps each file near 100 KB and makes reportlab's
font parsing quick. Noto is under the SIL Open Font License 1.1 with no
Reserved Font Name, so a subset may keep its name; the licence ships beside the
files as OFL.txt. Needs fontTools (requirements-dev.txt); nothing at run time
downloads or builds fonts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "workshop" / "fonts"

FACES = (
    "NotoSerif-Regular",
    "NotoSerif-Italic",
    "NotoSerif-Bold",
    "NotoSerif-BoldItalic",
    "NotoSans-Regular",
    "NotoSans-Bold",
    "NotoSansMono-Regular",
)

UNICODES = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x250),  # Latin-1 Supplement, Extended-A and Extended-B
    *range(0x2010, 0x2028),  # dashes, quotes, bullets, ellipsis
    *range(0x2030, 0x203B),  # per mille, primes, single guillemets
    0x20AC,  # euro sign
    0x2122,  # trade mark
    *range(0x2190, 0x2194),  # arrows
    0x2212,  # minus
    0x25A1,  # white square (tick boxes)
    0x25E6,  # white bullet (nested lists)
    0x2713,  # check mark
]


def main() -> int:
    """Subset every face into workshop/fonts/ and print the sizes."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/noto")
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["kern", "liga", "onum", "lnum", "tnum"]
    options.name_IDs = ["*"]  # keep copyright, licence and font names
    options.notdef_outline = True
    for face in FACES:
        font = subset.load_font(str(source / f"{face}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        target = TARGET / f"{face}.ttf"
        subset.save_font(font, str(target), options)
        print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
