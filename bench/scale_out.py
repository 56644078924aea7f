"""Scaling out (issue 16): the time to a first answer in each chat mode, and recall latency
with the vector index on a Chroma server against the embedded one.

Run: ``python -m bench.scale_out [--quick] [--out bench/results/scale_out.json]``

- first answer, each from a fresh process (interpreter start, imports, models, recall):
  - ``ask``: ``mneme ask`` until its first byte of output, with each mode's defaults (the
    bundled model is not capable, so the answer is composed from memory without it; an
    endpoint is, so it words the answer, which is checked whole before it is shown);
  - ``chat``: a chat reply to small talk until its first piece (the model speaks in both
    modes: the bundled GGUF in its worker process, started and loaded cold; the endpoint's
    server already running);
  - ``server_start_s``: ``python -m llama_cpp.server`` with the bundled GGUF, from spawn to
    its first answer on ``/v1/models``.
- recall p50/p95 at 10k synthetic records (``bench.perf.build_store``), embedded index
  against ``chroma run`` on 127.0.0.1, on the default path (up to 20k records every vector is
  held in memory, so Chroma is not asked per query) and with that off (Chroma's HNSW answers
  each query: the path above 20k records).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.machine import machine
from bench.perf import REPEATS, build_store, per_query_median, percentiles, synthetic_query

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
NOTE = (
    "# House\n\nThe garden shed key hangs behind the kitchen door.\n\n"
    "## Family\n\nMy sister Rita lives in Porto with her two cats.\n"
)
QUESTION = "Where is the garden shed key?"
SMALL_TALK = "hi there! how are you today?"
CHAT_CHILD = r"""
import sys, time
t0 = float(sys.argv[1])
from app.bootstrap import build_services
from app.settings import Settings
from memory.chat import ChatSession
svc = build_services(Settings())
session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: svc.chat_model)
reply = session.reply(sys.argv[2])
stream = reply.stream()
next(stream)
first = time.time() - t0
for _ in stream:
    pass
print(first, int(reply.model_failed))
svc.close()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(cmd: list[str], ready: str, log: Path, wait: float = 300) -> Iterator[float]:
    """Run ``cmd`` until the block ends; yields the seconds it took to answer ``ready``."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    t0 = time.perf_counter()
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(ready, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > wait:
                raise RuntimeError(f"{cmd[0]} not ready after {wait:.0f}s")
            time.sleep(0.1)
        yield time.perf_counter() - t0
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(20)
        except ProcessLookupError:
            pass


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MNEME_")}
    env.update({"MNEME_HOME": str(home), "PYTHONPATH": str(ROOT), **extra})
    return env


def ask_first_byte(env: dict[str, str]) -> float:
    """Seconds from spawning ``mneme ask`` to its first byte on stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "mneme"), "ask", QUESTION], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    took = time.perf_counter() - t0
    _rest, err = proc.communicate(timeout=600)
    if proc.returncode != 0 or not first:
        raise RuntimeError(f"mneme ask failed: {err.decode()[-2000:]}")
    if b"Warning" in err:
        raise RuntimeError(f"mneme ask fell back: {err.decode()}")
    return took


def chat_first_piece(env: dict[str, str]) -> float:
    """Seconds from spawning a process to the first piece of its chat reply."""
    t0 = time.time()
    done = subprocess.run([sys.executable, "-c", CHAT_CHILD, repr(t0), SMALL_TALK],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chat child failed: {done.stderr[-2000:]}")
    first, failed = done.stdout.split()
    if int(failed):
        raise RuntimeError("the chat model failed during the bench")
    return float(first)


def bench_first_answer(runs: int) -> dict[str, Any]:
    from models.locate import locate_chat_model

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        note = Path(tmp) / "house.md"
        note.write_text(NOTE)
        subprocess.run([str(BIN / "mneme"), "import", str(note)], env=_env(home), check=True,
                       capture_output=True, timeout=600)
        bundled = _env(home)
        out["bundled"] = {
            "ask_first_output_s": _median(ask_first_byte(bundled) for _ in range(runs)),
            "chat_first_piece_s": _median(chat_first_piece(bundled) for _ in range(runs)),
        }
        port = free_port()
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model",
               str(locate_chat_model(None).path), "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", "4096", "--verbose", "False"]
        with server(cmd, f"http://127.0.0.1:{port}/v1/models", Path(tmp) / "llama.log") as ready:
            endpoint = _env(home, MNEME_CHAT_ENDPOINT=f"http://127.0.0.1:{port}/v1")
            out["endpoint"] = {
                "server_start_s": round(ready, 2),
                "ask_first_output_s": _median(ask_first_byte(endpoint) for _ in range(runs)),
                "chat_first_piece_s": _median(chat_first_piece(endpoint) for _ in range(runs)),
                "server": "llama-cpp-python OpenAI-compatible server, same GGUF",
            }
    out["runs"] = runs
    return out


def _median(values: Iterator[float]) -> float:
    return round(statistics.median(list(values)), 2)


def _recall_times(svc: Any, queries: list[str], qvecs: np.ndarray, exact: bool) -> list[float]:
    from memory.recall import Recall, RecallSettings

    recall = svc.recall
    if not exact:
        recall = Recall(svc.store, svc.index, svc.embedder,
                        RecallSettings(exact_max_vectors=0), tiers=svc.tiers.recall_hook)
    for q, v in zip(queries[:5], qvecs[:5], strict=True):  # warm caches
        recall.search(q, 10, query_vector=v)
    rounds = []
    for _ in range(REPEATS):
        times = []
        for q, v in zip(queries, qvecs, strict=True):
            t = time.perf_counter()
            recall.search(q, 10, query_vector=v)
            times.append((time.perf_counter() - t) * 1000)
        if recall.notice:
            raise RuntimeError(recall.notice)
        rounds.append(times)
    return per_query_median(rounds)


def bench_recall_server(n: int, queries: int, dim: int = 384) -> dict[str, Any]:
    import random

    rng = random.Random(11)
    qs = [synthetic_query(rng) for _ in range(queries)]
    qvecs = np.random.default_rng(3).standard_normal((queries, dim)).astype(np.float32)
    qvecs /= np.linalg.norm(qvecs, axis=1, keepdims=True)
    out: dict[str, Any] = {"records": n, "queries": queries, "repeats": REPEATS}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        svc = build_store(Path(tmp) / "embedded", n, dim)
        out["embedded_build_s"] = round(time.perf_counter() - t, 1)
        out["embedded_ms"] = percentiles(_recall_times(svc, qs, qvecs, exact=True))
        out["embedded_hnsw_ms"] = percentiles(_recall_times(svc, qs, qvecs, exact=False))
        svc.close()
        port = free_port()
        cmd = [str(BIN / "chroma"), "run", "--path", str(Path(tmp) / "server"),
               "--host", "127.0.0.1", "--port", str(port)]
        url = f"http://127.0.0.1:{port}"
        with server(cmd, f"{url}/api/v2/heartbeat", Path(tmp) / "chroma.log", wait=60):
            t = time.perf_counter()
            svc = build_store(Path(tmp) / "client", n, dim, vectors_url=url)
            out["server_build_s"] = round(time.perf_counter() - t, 1)
            out["server_ms"] = percentiles(_recall_times(svc, qs, qvecs, exact=True))
            out["server_hnsw_ms"] = percentiles(_recall_times(svc, qs, qvecs, exact=False))
            svc.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one run per mode, 100 queries")
    ap.add_argument("--out", type=Path, default=RESULTS / "scale_out.json")
    args = ap.parse_args(argv)
    # This VM's two cores are shared: the load average says how busy they were meanwhile.
    result: dict[str, Any] = {"machine": machine(), "quick": args.quick,
                              "load_average_before": [round(x, 1) for x in os.getloadavg()]}
    t = time.perf_counter()
    result["first_answer"] = bench_first_answer(1 if args.quick else 3)
    print(f"first_answer: {json.dumps(result['first_answer'])} ({time.perf_counter() - t:.0f}s)",
          file=sys.stderr)
    t = time.perf_counter()
    result["recall_10k"] = bench_recall_server(10_000, 100 if args.quick else 300)
    print(f"recall_10k: {json.dumps(result['recall_10k'])} ({time.perf_counter() - t:.0f}s)",
          file=sys.stderr)
    result["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("first_answer", "recall_10k")}, indent=2))


if __name__ == "__main__":
    main()
