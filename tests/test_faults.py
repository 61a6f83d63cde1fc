"""Faults (issue 9): SIGKILL mid-run then --resume, readers during a run, unwritable db paths.

`vnfacts run` runs as a real subprocess. The killed run reads its input from a pipe, so the
test decides exactly how far it gets before the kill: no sleeps racing the pipeline.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from vnfacts.pipeline import engine
from vnfacts.pipeline.store import Store, StoreError

pytestmark = pytest.mark.slow

VNFACTS = [str(Path(sys.executable).with_name("vnfacts"))]
N = 120


def _records(n: int) -> list[bytes]:
    """A generated corpus: small distinct articles with dates, officials, gates, numbers."""
    out = []
    for i in range(n):
        text = (f"Ngày {i % 28 + 1}/{i % 12 + 1}/2020, Đại tá Nguyễn Văn Sơn – Chính ủy Bộ Chỉ huy "
                f"Bộ đội Biên phòng tỉnh Lào Cai dự hội nghị tại cửa khẩu quốc tế Lào Cai (bài {i}). "
                f"Đơn vị đã tổ chức {i + 3} buổi tuyên truyền cho {i + 1}.262 lượt người dân "
                f"theo Kế hoạch số {i + 10}/KH-BCH.")
        rec = {"title": f"Bài {i}", "text": text, "published": "2020-12-30"}
        out.append(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
    return out


def _snapshot(store: Store, run_id: int) -> dict[str, list[dict]]:
    return {a.id: [f.to_json() for f in store.facts(run_id, a.id)] for a in store.articles(run_id)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict]]]:
    """The corpus as a .jsonl file and the facts of an uninterrupted run, per article id."""
    d = tmp_path_factory.mktemp("faults")
    path = d / "corpus.jsonl"
    path.write_bytes(b"".join(_records(N)))
    with Store.open(d / "reference.db") as ref:
        s = engine.run(ref, [str(path)])
        assert (s.articles, s.errors) == (N, 0)
        return path, _snapshot(ref, s.run_id)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait(cond: object, timeout: float, what: str) -> Iterator[None]:
    end = time.monotonic() + timeout
    while not cond():  # type: ignore[operator]
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)
        yield


def test_kill_9_then_resume_gives_every_article_once_and_the_same_facts(
        corpus: tuple[Path, dict[str, list[dict]]], tmp_path: Path) -> None:
    path, expected = corpus
    lines = path.read_bytes().splitlines(keepends=True)
    db = tmp_path / "facts.db"
    proc = subprocess.Popen(
        [*VNFACTS, "run", "-", "--db", str(db), "--workers", "2", "--batch-size", "8", "-q"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    try:
        # Feed half the corpus and keep the pipe open: the run cannot finish on its own.
        proc.stdin.write(b"".join(lines[: N // 2]))
        proc.stdin.flush()
        reads = 0
        last_check = [0.0]

        def committed() -> int:
            nonlocal reads
            if not db.exists():
                return 0
            with Store.open(db, readonly=True) as r:
                try:
                    if time.monotonic() - last_check[0] < 0.5:
                        return r.run_counts(1)["articles"]
                    last_check[0] = time.monotonic()
                    with r.db.atomic():  # one snapshot for the whole check
                        done = {a.id for a in r.articles(1)}
                        got = _snapshot(r, 1)
                except sqlite3.OperationalError:  # schema not created yet
                    return 0
            # A reader during the run sees whole articles: each with exactly its facts.
            assert set(got) == done
            for aid, facts in got.items():
                assert facts == expected[aid]
            reads += 1
            return len(done)

        for _ in _wait(lambda: committed() >= 24, 120, "a few batches to be committed"):
            pass
        assert proc.poll() is None, proc.stderr.read().decode()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
        # Orphaned workers notice their parent is gone and exit.
        for _ in _wait(lambda: not _group_alive(proc.pid), 15, "the workers to exit"):
            pass
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stdin.close()
        proc.stderr.close()
    assert reads >= 1

    with Store.open(db, readonly=True) as r:
        info = r.run(1)
        partial = r.run_counts(1)["articles"]
    assert info.finished is None
    assert 24 <= partial < N

    res = subprocess.run([*VNFACTS, "run", "-", "--db", str(db), "--resume", "1", "-q"],
                         input=path.read_bytes(), capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr.decode()
    assert f"{partial:,}" in res.stdout.decode()  # the summary reports what was already done
    with Store.open(db, readonly=True) as r:
        info = r.run(1)
        assert [x.id for x in r.runs()] == [1]
        assert info.finished is not None
        assert (info.articles, info.errors) == (N, 0)
        ids = [row[0] for row in r.db.execute("SELECT article_id FROM run_articles WHERE run_id = 1")]
        assert len(ids) == len(set(ids)) == N
        assert r.db["articles"].count == N
        assert _snapshot(r, 1) == expected


def _unwritable_dir(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        d = tmp_path / "ro"
        d.mkdir()
        d.chmod(0o555)
        return d
    # root ignores permission bits; sysfs refuses new files even to root.
    d = Path("/sys/kernel")
    if not d.is_dir() or os.access(d, os.W_OK) and _can_create(d):
        pytest.skip("no read-only directory available to root here")
    return d


def _can_create(d: Path) -> bool:
    try:
        (d / "vnfacts-probe").touch()
    except OSError:
        return False
    (d / "vnfacts-probe").unlink()
    return True


def test_read_only_db_path_is_a_clear_error(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Năm 2016, đơn vị tổ chức 3 buổi tuyên truyền.", "utf-8")
    db = _unwritable_dir(tmp_path) / "facts.db"
    res = subprocess.run([*VNFACTS, "run", str(corpus), "--db", str(db), "-q"],
                         capture_output=True, timeout=120)
    err = res.stderr.decode()
    assert res.returncode == 2
    assert f"cannot open database {db}" in err
    assert "Traceback" not in err
    assert not db.exists()


def test_disk_full_mid_run_leaves_a_resumable_unfinished_run(
        corpus: tuple[Path, dict[str, list[dict]]], tmp_path: Path) -> None:
    path, expected = corpus
    with Store.open(tmp_path / "f.db") as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        # SQLITE_FULL as from a full disk, after a few batches fit.
        store.db.execute(f"PRAGMA max_page_count = {pages + 40}")
        with pytest.raises(StoreError, match="full"):
            engine.run(store, [str(path)], batch_size=10)
        partial = store.run_counts(1)["articles"]
        assert store.run(1).finished is None
        assert 0 < partial < N
        got = _snapshot(store, 1)  # whole articles only: each with exactly its facts
        assert got == {aid: expected[aid] for aid in got}
        store.db.execute("PRAGMA max_page_count = 1073741823")
        s = engine.run(store, [str(path)], resume=1)
        assert (s.skipped, s.articles, s.finished) == (partial, N, True)
        assert _snapshot(store, 1) == expected


def test_ctrl_c_keeps_what_was_processed_and_says_how_to_resume(
        corpus: tuple[Path, dict[str, list[dict]]], tmp_path: Path) -> None:
    path, expected = corpus
    lines = path.read_bytes().splitlines(keepends=True)
    db = tmp_path / "facts.db"
    proc = subprocess.Popen([*VNFACTS, "run", "-", "--db", str(db), "-q"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        proc.stdin.write(b"".join(lines[:10]))
        proc.stdin.flush()

        def committed() -> int:
            if not db.exists():
                return 0
            with Store.open(db, readonly=True) as r:
                try:
                    return r.run_counts(1)["articles"]
                except sqlite3.OperationalError:
                    return 0

        # The input stalls after 10 articles: the time-based flush still writes them.
        for _ in _wait(lambda: committed() == 10, 120, "the idle flush"):
            pass
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130
    assert f"--db {db} --resume 1" in err.decode()
    assert "Traceback" not in err.decode()
    with Store.open(db, readonly=True) as r:
        assert r.run(1).finished is None
        got = _snapshot(r, 1)
    assert len(got) == 10
    assert got == {aid: expected[aid] for aid in got}
