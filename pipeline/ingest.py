"""ingest: paths, directories, globs or stdin → Articles (one per article, streamed).

Formats by extension: .txt, .md, .html/.htm, .json (one record, or an array of records),
.jsonl (one record a line). Neither a .jsonl file nor a UTF-8 JSON array is ever held in
memory: both are read record by record, each record its own input ("path:N"), so a resume
skips the records it has and goes on where it stopped. Stdin ("-") is sniffed.
A record's fields are mapped flexibly (text/content/body/html → body source; title; url;
publisher; published/time/date). A `corpus-index.jsonl` beside a file (or in its parent
directory), keyed by `file` (basename), supplies title/url/publisher/published.
Metadata precedence for `published`: record > sidecar > page stamp > the caller's default.
One unreadable file or record yields an ArticleResult with the error; the rest still come.

Two halves, so a run's one reading process never becomes its bottleneck: `iter_inputs`
only names the inputs (RawInput: a path, or one .jsonl line's bytes), and `load_input`
reads, decodes and parses one of them; engines run the second half in their workers.
`iter_articles` is the two in a row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from vnfacts.pipeline.body import BodyText, extract_body, parse_published
from vnfacts.pipeline.encodings import decode_bytes, repair_legacy, sniff_binary
from vnfacts.pipeline.html import looks_like_html
from vnfacts.pipeline.normalize import normalize_text, strip_controls
from vnfacts.pipeline.types import Article, ArticleResult, RawInput, text_sha256

EXTENSIONS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
              ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
SIDECAR = "corpus-index.jsonl"

_BODY_KEYS = ("text", "content", "body", "html", "article", "content_html", "raw")
_TITLE_KEYS = ("title", "headline", "name")
_URL_KEYS = ("url", "link", "href", "canonical")
_PUBLISHER_KEYS = ("publisher", "site_name", "site")
_PUBLISHED_KEYS = ("published", "time", "date", "datetime", "published_at", "publish_date",
                   "pubDate", "pub_date", "created_at", "timestamp")


def _first(record: dict[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding): UTF-8 (with or without BOM), UTF-16 with a BOM, else the
    best reading of Windows-1258, TCVN3 and VNI (pipeline/encodings.py)."""
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


class _Sidecars:
    """corpus-index.jsonl files, each loaded once per directory."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, dict[str, dict[str, Any]]] = {}

    def _load(self, directory: Path) -> dict[str, dict[str, Any]]:
        if directory not in self._by_dir:
            index: dict[str, dict[str, Any]] = {}
            path = directory / SIDECAR
            if path.is_file():
                with path.open("rb") as fh:
                    for line in fh:
                        try:
                            row = json.loads(line)
                        except ValueError:
                            continue
                        if isinstance(row, dict) and isinstance(row.get("file"), str):
                            index[row["file"]] = row
            self._by_dir[directory] = index
        return self._by_dir[directory]

    def lookup(self, path: Path) -> dict[str, Any]:
        parent = path.resolve().parent
        for directory in (parent, parent.parent):
            row = self._load(directory).get(path.name)
            if row is not None:
                return row
        return {}


def _walk(top: str) -> Iterator[str | ArticleResult]:
    """Files under directory `top` (known extensions, sorted, sidecars and hidden files
    skipped), and an error for each directory that cannot be read. Symlinked directories
    are followed (a corpus assembled from links), each real directory once: links between
    sibling directories would otherwise walk every path through them (factorial)."""
    found: list[str] = []
    problems: list[ArticleResult] = []
    seen = {os.path.realpath(top)}

    def unreadable(e: OSError) -> None:
        problems.append(ArticleResult(source=e.filename or top, stage="ingest",
                                      error=f"unreadable directory: {e.strerror or e}"))

    for root, dirs, files in os.walk(top, followlinks=True, onerror=unreadable):
        keep = []
        for d in sorted(dirs):
            real = os.path.realpath(os.path.join(root, d))
            if not d.startswith(".") and real not in seen:
                seen.add(real)
                keep.append(d)
        dirs[:] = keep
        found.extend(
            os.path.join(root, f) for f in files
            if not f.startswith(".") and f != SIDECAR
            and os.path.splitext(f)[1].lower() in EXTENSIONS
        )
    yield from problems
    yield from sorted(found)


def _expand(paths: Sequence[str], base: str | None = None,
            ) -> Iterator[tuple[str, str] | ArticleResult]:
    """(source, path to open) of each file `paths` name; with `base`, relative paths are
    opened under `base` (a resume from another directory) and keep their source."""
    for p in paths:
        if p == "-":
            yield p, p
            continue
        at = os.path.join(base, p) if base and not os.path.isabs(p) else p

        def named(real: str, p: str = p, at: str = at) -> tuple[str, str]:
            return (p + real[len(at):] if real.startswith(at) else real), real

        if os.path.isdir(at):
            for f in _walk(at):
                yield f if isinstance(f, ArticleResult) else named(f)
        elif os.path.exists(at) or not glob.has_magic(p):
            yield p, at
        else:
            matches = sorted(glob.glob(p, recursive=True, root_dir=base)
                             if base and not os.path.isabs(p) else glob.glob(p, recursive=True))
            if not matches:
                yield p, at
            for m in matches:
                m_at = os.path.join(base, m) if base and not os.path.isabs(m) else m
                if os.path.isdir(m_at):
                    yield from _expand([m], base)
                elif os.path.basename(m) != SIDECAR:
                    yield m, m_at


def expand_paths(paths: Sequence[str]) -> Iterator[str]:
    """Files named by `paths`: files as given, directories recursively (known extensions,
    sorted, sidecars and hidden files skipped, symlinked directories followed, each real
    directory once), globs expanded; "-" passes through; a path that matches nothing passes
    through so the caller reports it (an unreadable directory is left out: `iter_inputs`
    reports it)."""
    for x in _expand(paths):
        if not isinstance(x, ArticleResult):
            yield x[0]


def _article(
    body: BodyText, *, source: str, fmt: str, meta: dict[str, Any], encoding: str | None,
    default_published: dt.datetime | None,
) -> Article | ArticleResult:
    if not body.text.strip():
        return ArticleResult(source=source, error="empty body", stage="body")
    published = (
        parse_published(_first(meta, _PUBLISHED_KEYS)) or body.published
        or parse_published(default_published)
    )
    sha = text_sha256(body.text)
    return Article(
        id=sha[:16], source=source, format=fmt, sha256=sha, text=body.text, encoding=encoding,
        title=normalize_text(_str(_first(meta, _TITLE_KEYS)) or "") or body.title,
        url=_str(_first(meta, _URL_KEYS)) or body.url,
        publisher=_str(_first(meta, _PUBLISHER_KEYS)) or body.publisher,
        published=published,
    )


def _str(value: Any) -> str | None:
    return " ".join(strip_controls(value).split()) or None if isinstance(value, str) else None


def _from_record(
    record: Any, *, source: str, fmt: str, sidecar: dict[str, Any], encoding: str | None,
    default_published: dt.datetime | None,
) -> Article | ArticleResult:
    if not isinstance(record, dict):
        return ArticleResult(source=source, error=f"record is a {type(record).__name__}, not an object",
                             stage="ingest")
    raw = _first(record, _BODY_KEYS)
    if not isinstance(raw, str):
        return ArticleResult(source=source, error="record has no text/content/body/html field",
                             stage="ingest")
    raw, legacy = repair_legacy(raw)  # TCVN3/VNI letters inside a UTF-8 record
    encoding = legacy or encoding
    meta = {**sidecar, **{k: v for k, v in record.items() if k not in _BODY_KEYS}}
    # The record's "source" is often a crawler name, not a publisher: only trust it when the
    # record has no explicit publisher (handled by key order in _PUBLISHER_KEYS).
    body_fmt = "html" if looks_like_html(raw) else ("md" if record.get("format") == "md" else "txt")
    body = extract_body(raw, body_fmt, title=_str(_first(meta, _TITLE_KEYS)))
    return _article(body, source=source, fmt=fmt, meta=meta, encoding=encoding,
                    default_published=default_published)


def _from_text(
    raw: str, *, fmt: str, source: str, sidecar: dict[str, Any], encoding: str | None,
    default_published: dt.datetime | None,
) -> Article | ArticleResult:
    body = extract_body(raw, fmt, title=_str(_first(sidecar, _TITLE_KEYS)))
    return _article(body, source=source, fmt=fmt, meta=sidecar, encoding=encoding,
                    default_published=default_published)


def _failed(source: str, exc: Exception) -> ArticleResult:
    return ArticleResult(source=source, error=f"{type(exc).__name__}: {exc}", stage="ingest")


def with_bytes(raw: RawInput) -> RawInput | ArticleResult:
    """`raw` with its file's bytes read in (for a worker that cannot see this machine's
    files), or the ArticleResult of the read error."""
    if raw.data is not None or raw.path is None:
        return raw
    try:
        return dataclasses.replace(raw, data=Path(raw.path).read_bytes())
    except OSError as exc:
        return _failed(raw.source, exc)


def _sniff(head: bytes) -> str:
    s = head.lstrip()
    if s.startswith((b"{", b"[")):
        return "jsonl"
    if s.startswith(b"<"):
        return "html"
    return "txt"


def _from_bytes(
    data: bytes, *, source: str, fmt: str, sidecar: dict[str, Any],
    default_published: dt.datetime | None,
) -> Iterator[Article | ArticleResult]:
    """The articles in the whole bytes of a .txt/.md/.html/.json file (or of stdin)."""
    binary = sniff_binary(data)
    if binary is not None:
        yield ArticleResult(source=source, error=f"not text: {binary} ({len(data)} bytes)",
                            stage="ingest")
        return
    text, encoding = decode(data)
    if fmt == "json":
        try:
            record = json.loads(text)
        except ValueError as exc:
            yield ArticleResult(source=source, error=f"JSONDecodeError: {exc}", stage="ingest")
            return
        records = record if isinstance(record, list) else [record]
        for i, rec in enumerate(records):
            src = source if len(records) == 1 else f"{source}:{i + 1}"
            yield _from_record(rec, source=src, fmt="json", sidecar=sidecar, encoding=encoding,
                               default_published=default_published)
        return
    yield _from_text(text, fmt=fmt, source=source, sidecar=sidecar, encoding=encoding,
                     default_published=default_published)


def load_input(raw: RawInput) -> list[Article | ArticleResult]:
    """Read, decode and parse one input into its articles (an ArticleResult with the error
    for what failed); never raises. The costly half of ingest: engines run it in workers."""
    try:
        if raw.fmt in ("jsonl", _JSON_RECORD):
            text, encoding = decode(raw.data or b"")
            fmt = "json" if raw.fmt == _JSON_RECORD else "jsonl"
            return [_from_record(json.loads(text), source=raw.source, fmt=fmt,
                                 sidecar=raw.meta, encoding=encoding,
                                 default_published=raw.published)]
        data = raw.data if raw.data is not None else Path(raw.path or raw.source).read_bytes()
        fmt = raw.fmt or _sniff(data[:4096])
        return list(_from_bytes(data, source=raw.source, fmt=fmt, sidecar=raw.meta,
                                default_published=raw.published))
    except Exception as exc:  # one broken input is reported, the next one still comes
        return [_failed(raw.source, exc)]


#: RawInput.fmt of one record of a JSON array file (stored with format "json").
_JSON_RECORD = "json-record"
_READ = 1 << 20


def _utf8(path: Path) -> bool:
    """The whole file is UTF-8 without a BOM (checked in chunks: never held in memory)."""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        if fh.read(3) == codecs.BOM_UTF8:
            return False
        fh.seek(0)
        try:
            while chunk := fh.read(_READ):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _json_array(fh: Any) -> Iterator[str]:
    """The JSON text of each element of the array `fh` (a text stream) holds, read a chunk
    at a time; a truncated or broken array raises ValueError after its good elements."""
    dec = json.JSONDecoder()
    buf, pos, eof = "", 0, False

    def fill() -> bool:
        nonlocal buf, pos, eof
        more = "" if eof else fh.read(max(_READ, len(buf) - pos))  # doubles for a huge record
        eof = eof or not more
        buf, pos = buf[pos:] + more, 0
        return bool(more)

    def skip_space() -> str:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(buf) or not fill():
                return buf[pos] if pos < len(buf) else ""

    if skip_space() != "[":
        raise ValueError("not a JSON array")
    pos += 1
    if skip_space() == "]":
        return
    while True:
        try:
            _, end = dec.raw_decode(buf, pos)
            if end == len(buf) and not eof:
                raise ValueError  # it may go on in the next chunk (a number, say)
        except ValueError:
            if fill():
                continue
            raise ValueError(f"broken JSON array after {pos} characters") from None
        yield buf[pos:end]
        pos = end
        c = skip_space()
        if c == "]":
            return
        if c != ",":
            raise ValueError(f"expected ',' or ']' in the JSON array, got {c[:1]!r}")
        pos += 1
        skip_space()


def _json_inputs(path: Path, *, name: str, sidecar: dict[str, Any],
                 published: dt.datetime | None) -> Iterator[RawInput | ArticleResult]:
    """A .json file: one input per record of a UTF-8 array (never read whole), else the
    whole file as one input (one object, a legacy encoding: decoded as a whole)."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip()
    if not head.startswith(b"[") or not _utf8(path):
        yield RawInput(source=name, fmt="json", path=str(path),
                       meta=sidecar, published=published)
        return
    first: str | None = None
    n = 0
    with path.open(encoding="utf-8") as fh:
        try:
            for n, rec in enumerate(_json_array(fh), 1):
                if n == 1:
                    first = rec  # held back: a one-record array is named by the file alone
                    continue
                if n == 2:
                    yield RawInput(source=f"{name}:1", fmt=_JSON_RECORD, data=first.encode(),
                                   meta=sidecar, published=published)
                yield RawInput(source=f"{name}:{n}", fmt=_JSON_RECORD, data=rec.encode(),
                               meta=sidecar, published=published)
        except ValueError as exc:
            if first is not None and n <= 1:
                yield RawInput(source=f"{name}:1", fmt=_JSON_RECORD, data=first.encode(),
                               meta=sidecar, published=published)
            yield ArticleResult(source=f"{name}:{n + 1}", error=f"JSONDecodeError: {exc}",
                                stage="ingest")
            return
    if n == 1 and first is not None:
        yield RawInput(source=name, fmt=_JSON_RECORD, data=first.encode(), meta=sidecar,
                       published=published)


def _jsonl_inputs(lines: Iterable[bytes], *, name: str, sidecar: dict[str, Any],
                  published: dt.datetime | None) -> Iterator[RawInput]:
    # Line by line: a huge dump is never held in memory.
    for lineno, line in enumerate(lines, 1):
        if line.strip():
            yield RawInput(source=f"{name}:{lineno}", fmt="jsonl", data=line, meta=sidecar,
                           published=published)


def iter_inputs(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, published: dt.datetime | None = None,
    base: str | None = None,
) -> Iterator[RawInput | ArticleResult]:
    """The inputs `paths` name, not yet read: a RawInput per file, per line of a .jsonl file,
    per record of a JSON array and per stdin record; an ArticleResult(error) for a path
    naming nothing readable. Cheap (stats, sidecar lookups, reading records), so one
    process can feed many workers that run `load_input`. `published` is the default
    publication date; `base` the directory relative paths are read under (their sources
    stay as given)."""
    sidecars = _Sidecars()
    for x in _expand(paths, base):
        if isinstance(x, ArticleResult):
            yield x
            continue
        p, at = x
        try:
            if p == "-":
                fh = stdin if stdin is not None else os.fdopen(os.dup(0), "rb")
                buffered = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(fh)  # type: ignore[arg-type]
                if _sniff(buffered.peek(4096)[:4096]) == "jsonl":
                    yield from _jsonl_inputs(buffered, name="-", sidecar={}, published=published)
                else:
                    yield RawInput(source="-", fmt=None, data=buffered.read(), published=published)
                continue
            path = Path(at)
            fmt = EXTENSIONS.get(path.suffix.lower())
            if not path.is_file():
                yield ArticleResult(source=p, error="no such file", stage="ingest")
                continue
            if fmt is None:
                yield ArticleResult(source=p, error=f"unknown format {path.suffix!r}", stage="ingest")
                continue
            sidecar = sidecars.lookup(path)
            if fmt == "jsonl":
                with path.open("rb") as fh:
                    yield from _jsonl_inputs(fh, name=p, sidecar=sidecar, published=published)
            elif fmt == "json":
                yield from _json_inputs(path, name=p, sidecar=sidecar, published=published)
            else:
                yield RawInput(source=p, fmt=fmt, path=at, meta=sidecar, published=published)
        except Exception as exc:  # a broken file is reported, the next one still comes
            yield _failed(p, exc)


def iter_articles(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, published: dt.datetime | None = None,
) -> Iterator[Article | ArticleResult]:
    """An Article per article found under `paths`, or an ArticleResult(error=…) for an input
    that could not be read; never raises for one bad file or record. `published` is the
    default publication date when the input carries none."""
    for item in iter_inputs(paths, stdin=stdin, published=published):
        if isinstance(item, RawInput):
            yield from load_input(item)
        else:
            yield item
