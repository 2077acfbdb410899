"""Bytes to clean lines: encodings, line ends and the spacing noise of the dumps."""

import re
import unicodedata

from .document import ParseError

ENCODINGS = ("utf-8-sig", "gb18030")
# Full-width and no-break spaces, tabs and zero-width marks all read as one space.
SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 ]+")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
CJK = re.compile(r"[\u3400-\u9fff]")


def decode(data: bytes) -> str:
    """Decode a dump: UTF-8 (with or without BOM), else GB18030 (which covers GBK)."""
    if not data.strip():
        raise ParseError("the file is empty")
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise ParseError("this is a binary file, not text")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _looks_chinese(text):
            break
        return text
    raise ParseError("the text is in an unknown encoding (expected UTF-8 or GB18030/GBK)")


def _looks_chinese(text):
    """GB18030 decodes almost any bytes; accept it only when the result reads as Chinese."""
    letters = [ch for ch in text if not ch.isspace() and not ch.isascii()]
    if not letters:
        return True
    cjk = sum(1 for ch in letters if CJK.match(ch) or unicodedata.category(ch).startswith("P"))
    return cjk / len(letters) > 0.8


def clean_lines(text: str) -> list[str]:
    """Split into stripped lines with uniform spacing; blank lines are kept as ''."""
    return [SPACES.sub(" ", line).strip() for line in _split(text)]


def indented_lines(text: str) -> list[bool]:
    """For each line of `clean_lines(text)`, whether it opens with spaces (a paragraph's indent)."""
    return [bool(SPACES.match(line)) for line in _split(text)]


def _split(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return INVISIBLE.sub("", text).split("\n")
