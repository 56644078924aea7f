"""Decoding text whose charset label is smaller than what the sender used. Used by
``importers.mail`` for headers and bodies.

Mail clients write "gb2312" for GBK text, "iso-8859-1" for Windows-1252 text (curly quotes),
"ks_c_5601-1987" for CP949, and so on; decoding by the label loses or garbles the characters
outside it (a GBK-only character made Python drop a whole encoded Subject back to its raw
``=?gb2312?B?...?=`` form). These labels are read with the charset clients mean by them.
"""

from __future__ import annotations

import codecs

SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "x-sjis": "cp932",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "iso-8859-8-i": "iso-8859-8",
    "tis-620": "cp874",
}


def codec_for(charset: str | None) -> str:
    """The codec to read text labelled ``charset`` with (UTF-8 for a missing or unknown one)."""
    label = (charset or "utf-8").strip().strip('"').lower()
    name = SUPERSETS.get(label, label)
    try:
        codecs.lookup(name)
    except LookupError:
        return "utf-8"
    return name


def decode_bytes(raw: bytes, charset: str | None) -> str:
    """``raw`` in its declared ``charset`` (as the larger charset clients mean by it); text
    that does not fit is tried as UTF-8, then read with bad bytes replaced. Never raises."""
    name = codec_for(charset)
    for cs in dict.fromkeys((name, "utf-8")):
        try:
            return raw.decode(cs)
        except UnicodeDecodeError:
            continue
    return raw.decode(name, errors="replace")
