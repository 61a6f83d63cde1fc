"""normalize: the one place text is rewritten; everything after it keeps offsets into its output."""

from __future__ import annotations

import unicodedata


def normalize_text(s: str) -> str:
    """NFC, Ð (U+00D0) → Đ. (Interim: extended by the ingest/body work.)"""
    s = unicodedata.normalize("NFC", s)
    return s.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
