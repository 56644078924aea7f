"""Speed and memory of every hot path (issue 7, section 3), each as a ratio to a reference
measured in the same run where one exists.

Run: ``python -m bench.perf [--quick] [--scale 1m] [--out bench/results/perf.json]``

- recall latency at 1k / 10k / 100k records (1M with ``--scale 1m``): synthetic records go
  in through the store API with random unit vectors; the query embedding is timed apart.
  References in the same run: a bare SQLite FTS5 query and a bare Chroma query. Every query
  is timed three times and its median counts (``REPEATS``); the first pass alone is reported
  too.
- chat: time to first token through Mneme's chat path (recall + prompt + model) against bare
  llama-cpp-python fed a prompt of the same length; decode tokens/s as a ratio.
- startup: wall time of ``mneme --help``.
- memory: peak RSS of a process chatting with the default models.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent

WORDS = (
    "rita porto lisbon berlin tom anna work job siemens meeting dinner lunch coffee train bike "
    "dog cat biscuit beagle doctor dentist flight hotel trip holiday birthday party cake garden "
    "book film concert guitar cello piano running hiking swimming yoga climbing project deadline "
    "report email call weekend monday friday morning evening sister brother mother father friend "
    "kids school exam course python recipe pasta curry salad market rent flat apartment move "
    "allergy peanuts gluten vegan coffee tea wine beer rain sun snow beach mountain lake river"
).split()


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pct(p: float) -> float:
        idx = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
        return round(ordered[idx], 3)

    return {"p50": pct(50), "p95": pct(95), "mean": round(statistics.fmean(ordered), 3), "n": len(ordered)}


STOPWORDS = (
    "i you the a and to of it is that in we was for on my me so have with be are just but "
    "this not at what do all she he they there get like about out if your up can one"
).split()
_SYLLABLES = "ka lo mi ren tu sa vel dor pi an ju fe ro ni ta bel go sum ar de".split()


def vocabulary(size: int = 20_000, seed: int = 5) -> list[str]:
    """Content words by frequency rank: the personal words first, then made-up words.

    Natural text has a long tail: most content words are rare. A corpus drawn from a few
    dozen words would make every query match a third of the records (no real memory looks
    like that), so the synthetic corpus draws from ``size`` words with Zipf frequencies.
    """
    rng = random.Random(seed)
    words = list(dict.fromkeys(WORDS))
    seen = set(words)
    while len(words) < size:
        w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


VOCAB = vocabulary()
_ZIPF = np.cumsum(1.0 / (np.arange(1, len(VOCAB) + 1) + 10) ** 1.07)
_ZIPF /= _ZIPF[-1]


def zipf_words(rng: random.Random, n: int) -> list[str]:
    """``n`` content words drawn with Zipf-Mandelbrot frequencies (rank r: 1/(r+10)^1.07).

    The commonest word ends up in about 13% of the records and the median query term in
    about 1% (in LoCoMo's single two-person conversations the median is 1.6%).
    """
    return [VOCAB[int(np.searchsorted(_ZIPF, rng.random()))] for _ in range(n)]


def synthetic_text(rng: random.Random) -> str:
    """A chat-message-like text: 6 to 28 words, about half of them stopwords."""
    n = rng.randint(6, 28)
    content = zipf_words(rng, n)
    return " ".join(rng.choice(STOPWORDS) if rng.random() < 0.45 else w for w in content)


def synthetic_query(rng: random.Random) -> str:
    """A question-like query: 2 to 6 content words drawn like the corpus's."""
    return " ".join(zipf_words(rng, rng.randint(2, 6)))


def build_store(home: Path, n: int, dim: int, seed: int = 7, vectors_url: str | None = None):  # type: ignore[no-untyped-def]
    """A store with ``n`` synthetic records and random unit vectors, through the store API
    (the vectors on the Chroma server at ``vectors_url`` if given)."""
    from app.bootstrap import build_services
    from app.settings import Settings
    from memory.records import RecordIn
    from memory.store import SourceIn
    from models.fakes import FakeChatModel, FakeEmbedder

    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    settings = Settings(home=home, chat_model=None, embed_model=None, chat_endpoint=None,
                        vectors_url=vectors_url)
    svc = build_services(settings, chat_model=FakeChatModel(), embedder=FakeEmbedder(dimension=dim))
    per_source = 2000
    for start in range(0, n, per_source):
        count = min(per_source, n - start)
        recs = [
            RecordIn(text=synthetic_text(rng) + f" #{start + i}", kind="message",
                     speaker=rng.choice(["me", "Rita", "Tom", "Anna"]), conversation=f"c{start}")
            for i in range(count)
        ]
        res = svc.store.ingest_source(SourceIn(uri=f"bench:{start}", kind="bench", content_hash=str(start)), recs)
        vecs = nprng.standard_normal((len(res.new_record_ids), dim)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        svc.index.upsert([f"r{i}" for i in res.new_record_ids], vecs, [{"tier": "record"}] * len(vecs))
        svc.store.mark_embedded(res.new_record_ids)
    return svc


REPEATS = 3
"""Each recall query is timed this many times (in rounds over all queries) and its median
counts: this machine is a shared VM whose stalls move a single pass's p95 by 30-50% from run
to run; a query that is slow every time still counts as slow. The first pass alone is kept
too (``mneme_single_pass_ms``)."""


def per_query_median(runs: list[list[float]]) -> list[float]:
    """Each query's median time over the rounds in ``runs`` (one list per round)."""
    return [statistics.median(times) for times in zip(*runs, strict=True)]


def bench_recall(sizes: list[int], queries: int, dim: int = 384) -> dict[str, Any]:
    """Recall p50/p95 per corpus size, beside bare FTS5 and bare Chroma in the same run.

    Latency of a query is its median over ``REPEATS`` rounds (see there)."""
    from memory.text import fts_query

    rng = random.Random(11)
    out: dict[str, Any] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            svc = build_store(Path(tmp), n, dim)
            build_s = time.perf_counter() - t0
            qs = [synthetic_query(rng) for _ in range(queries)]
            qvecs = np.random.default_rng(3).standard_normal((queries, dim)).astype(np.float32)
            qvecs /= np.linalg.norm(qvecs, axis=1, keepdims=True)
            for q, v in zip(qs[:5], qvecs[:5], strict=True):  # warm caches
                svc.recall.search(q, 10, query_vector=v)
            runs: dict[str, list[list[float]]] = {"mneme": [], "fts": [], "chroma": []}
            for _ in range(REPEATS):
                times: dict[str, list[float]] = {name: [] for name in runs}
                for q, v in zip(qs, qvecs, strict=True):
                    t = time.perf_counter()
                    svc.recall.search(q, 10, query_vector=v)
                    times["mneme"].append((time.perf_counter() - t) * 1000)
                    match = fts_query(q)
                    t = time.perf_counter()
                    svc.db.execute(
                        "SELECT rowid FROM records_fts WHERE records_fts MATCH ? "
                        "ORDER BY rank LIMIT 60",
                        (match,),
                    ).fetchall()
                    times["fts"].append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    svc.index.query(v, 60)
                    times["chroma"].append((time.perf_counter() - t) * 1000)
                for name, got in times.items():
                    runs[name].append(got)
            mneme, fts, chroma = (per_query_median(runs[name]) for name in ("mneme", "fts", "chroma"))
            single = runs["mneme"][0]
            svc.close()
        out[str(n)] = {
            "mneme_ms": percentiles(mneme),
            "fts5_ms": percentiles(fts),
            "chroma_ms": percentiles(chroma),
            "mneme_single_pass_ms": percentiles(single),
            "repeats": REPEATS,
            "build_s": round(build_s, 1),
        }
    return out


def bench_query_embedding(runs: int = 50) -> dict[str, Any]:
    from app.bootstrap import build_embedder
    from app.settings import Settings

    emb = build_embedder(Settings(home=Path(tempfile.gettempdir()), embed_model=None))
    emb.embed_batch(["warm up"])
    samples = []
    for i in range(runs):
        t = time.perf_counter()
        emb.embed_batch([f"where does rita live now {i}"])
        samples.append((time.perf_counter() - t) * 1000)
    return percentiles(samples)


def bench_chat(runs: int = 15, decode_every: int = 3) -> dict[str, Any]:
    """Mneme's streaming chat path against bare llama-cpp-python at the same prompt length.

    Mneme's model runs in its own process (``ProcessChatModel``), as in the app; bare
    llama.cpp runs in this one, so the TTFT overhead and the decode ratio include what the
    process boundary costs."""
    from llama_cpp import Llama

    from app.bootstrap import build_services
    from app.settings import Settings
    from memory.chat import ChatSession
    from models.llama import default_threads
    from models.locate import locate_chat_model
    from models.process_chat import ProcessChatModel

    found = locate_chat_model()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), chat_model=None, embed_model=None, chat_endpoint=None)
        class Recording(ProcessChatModel):
            """Remembers the prompt Mneme built, so bare llama.cpp gets the very same one."""

            last_messages: list[Any] = []
            called_at = 0.0

            def stream(self, messages, **kw):  # type: ignore[no-untyped-def, override]
                self.called_at = time.perf_counter()
                self.last_messages = list(messages)
                return super().stream(messages, **kw)

        # The streaming path (used for every capable model) on the bundled weights.
        model = Recording(
            {"kind": "llama", "path": str(found.path), "model_id": found.model_id, "capable": True},
            name=found.model_id, context_size=4096, capable=True,
        )
        model.load()
        svc = build_services(settings, chat_model=model)
        notes = Path(tmp) / "notes"
        notes.mkdir()
        for i in range(30):
            (notes / f"n{i}.md").write_text(f"# Note {i}\n\nMy friend Tom{i} likes climbing and lives in Porto.\n")
        svc.importer.run([notes])
        svc.embedder.embed_batch(["warm"])
        bare: Any = Llama(model_path=str(found.path), n_ctx=4096, n_threads=default_threads(), verbose=False, seed=1234)
        # Mneme's own part of each TTFT: recall and prompt building, until the model is called.
        before_model: list[float] = []
        model_ttft: list[float] = []
        m_ttft: list[float] = []
        b_ttft: list[float] = []
        m_rate: list[float | None] = []
        b_rate: list[float | None] = []

        def timed(tokens: Any, started: float, decode: bool) -> tuple[float, float | None]:
            first = None
            n = 0
            for _piece in tokens:
                n += 1
                if first is None:
                    first = time.perf_counter() - started
                    if not decode:
                        break
            tokens.close()
            total = time.perf_counter() - started
            return (first or total) * 1000, (n - 1) / (total - first) if n > 1 and first else None

        def run_mneme(question: str, decode: bool) -> tuple[float, float | None]:
            # A new chat each time: the prompt is the system text, the recalled memories and
            # the question, as for the first question of a chat (a growing history made the
            # prompt 1,000 tokens and the TTFT 7 s, whose noise swamped the difference).
            session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: model)
            t = time.perf_counter()
            reply = session.reply(question)
            ttft, rate = timed(reply.stream(), t, decode)
            before_model.append((model.called_at - t) * 1000)
            model_ttft.append(ttft - before_model[-1])
            return ttft, rate

        def run_bare(msgs: list[dict[str, Any]], decode: bool) -> tuple[float, float | None]:
            t = time.perf_counter()
            chunks = bare.create_chat_completion(
                messages=msgs, stream=True, max_tokens=300, temperature=0.3, seed=1234
            )
            content = (ch["choices"][0]["delta"].get("content") for ch in chunks)
            try:
                return timed((c for c in content if c), t, decode)
            finally:
                chunks.close()

        # One untimed pair first: it fills both KV caches with the same kind of prompt. Every
        # pair gives a TTFT; every third also decodes the whole reply, for the decode ratio
        # (the others stop at the first token, as a user's interruption does, so the run can
        # afford enough pairs for a median that this VM's +-300 ms per-pair noise leaves
        # within about 60 ms).
        for i in range(runs + 1):
            question = f"Tell me about my friends who like climbing, part {i}."
            decode = i % decode_every == 0
            # The first of each pair runs after the other's decode; alternating the order
            # keeps that from favouring either side.
            if i % 2:
                # Bare goes first, on the prompt Mneme will build (recall is deterministic).
                probe = ChatSession(svc.store, svc.recall, svc.indexer, lambda: model)
                msgs = [m.as_dict() for m in probe.prompt_for(question)]
                b = run_bare(msgs, decode)
                m = run_mneme(question, decode)
                if [x.as_dict() for x in model.last_messages] != msgs:
                    raise RuntimeError("bench chat: Mneme's prompt changed between the pair's runs")
            else:
                m = run_mneme(question, decode)
                b = run_bare([x.as_dict() for x in model.last_messages], decode)
            if i == 0:
                before_model.clear()
                model_ttft.clear()
                continue
            m_ttft.append(m[0])
            m_rate.append(m[1])
            b_ttft.append(b[0])
            b_rate.append(b[1])
        # Tokens of the last prompt's messages (the chat template adds a few more).
        prompt_tokens = sum(model.count_tokens(m.content) for m in model.last_messages)
        svc.close()
        model.close()
    mt, bt = statistics.median(m_ttft), statistics.median(b_ttft)
    diffs = [m - b for m, b in zip(m_ttft, b_ttft, strict=True)]
    m_ok = [r for r in m_rate if r is not None]
    b_ok = [r for r in b_rate if r is not None]
    pairs = [(m, b) for m, b in zip(m_rate, b_rate, strict=True) if m is not None and b is not None]
    # Mneme and bare alternate, so each pair ran under the same conditions: the median of the
    # paired differences (ratios) cancels this shared VM's slow spells, which moved the
    # difference of the two medians by +-500 ms between identical runs.
    return {
        "mneme_ttft_ms": round(mt, 1),
        "bare_ttft_ms": round(bt, 1),
        "ttft_overhead_ms": round(statistics.median(diffs), 1),
        "ttft_overhead_of_medians_ms": round(mt - bt, 1),
        "before_model_ms": round(statistics.median(before_model), 1),
        # From the model call to the first token: the same work as bare llama.cpp's TTFT.
        "mneme_model_ttft_ms": round(statistics.median(model_ttft), 1),
        "ttft_overhead_spread_ms": [round(min(diffs), 1), round(max(diffs), 1)],
        "prompt_tokens": prompt_tokens,
        "mneme_decode_tps": round(statistics.median(m_ok), 1) if m_ok else None,
        "bare_decode_tps": round(statistics.median(b_ok), 1) if b_ok else None,
        "decode_ratio": round(statistics.median(m / b for m, b in pairs), 3) if pairs else None,
        "decode_ratio_of_medians": (
            round(statistics.median(m_ok) / statistics.median(b_ok), 3) if m_ok and b_ok else None
        ),
        "runs": runs,
        "decode_runs": len(pairs),
        "model_in_child_process": True,
    }


def bench_help(runs: int = 7) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(BIN / "mneme"), "--help"], capture_output=True, check=True)
        samples.append(time.perf_counter() - t)
    return {"median_s": round(statistics.median(samples), 3), "min_s": round(min(samples), 3), "runs": runs}


RSS_SCRIPT = r"""
import json, resource, sys, tempfile
from pathlib import Path
from app.bootstrap import build_services
from app.settings import Settings
from memory.chat import ChatSession
home = Path(tempfile.mkdtemp())
svc = build_services(Settings(home=home, chat_model=None, embed_model=None, chat_endpoint=None))
notes = home / "notes"; notes.mkdir()
for i in range(50):
    (notes / f"n{i}.md").write_text(f"# Note {i}\n\nMy sister Rita{i} lives in Porto and likes tea.\n")
svc.importer.run([notes])
s = ChatSession(svc.store, svc.recall, svc.indexer, lambda: svc.chat_model)
for text in ["My sister Rita lives in Porto.", "Where does Rita live?", "What does Rita like?", "hello there"]:
    "".join(s.reply(text).stream())
# VmHWM: this process's own peak. (ru_maxrss would not do: Linux carries the high-water mark
# across exec, so a child of a big benchmark process starts at its parent's size.)
def hwm(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM:")) / 1024
# The chat model runs in its own process: Mneme's footprint is both peaks together.
app_mb, model_mb = hwm("self"), hwm(svc.chat_model.pid)
print(json.dumps({"peak_rss_mb": app_mb + model_mb, "app_peak_rss_mb": app_mb,
                  "model_process_peak_rss_mb": model_mb,
                  "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
svc.close()
"""


def bench_rss() -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", RSS_SCRIPT], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict[str, Any]:
    import platform

    import psutil

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "commit": commit,
    }


def run(quick: bool = False, scale: str = "full") -> dict[str, Any]:
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    if scale == "1m":
        sizes.append(1_000_000)
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("startup_help", bench_help),
        ("query_embedding_ms", bench_query_embedding),
        ("recall", lambda: bench_recall(sizes, 100 if quick else 300)),
        ("chat", lambda: bench_chat(runs=4 if quick else 15)),
        ("memory", bench_rss),
    ]
    result: dict[str, Any] = {"machine": machine(), "quick": quick}
    for name, fn in steps:
        t = time.perf_counter()
        result[name] = fn()
        print(f"{name}: {json.dumps(result[name])} ({time.perf_counter() - t:.0f}s)", file=sys.stderr)
    result["targets"] = targets(result)
    return result


def targets(r: dict[str, Any]) -> dict[str, Any]:
    """Each figure against its target from issue 7."""
    out: dict[str, Any] = {
        "help_s<=0.5": r["startup_help"]["median_s"] <= 0.5,
        "chat_ttft_overhead_ms<=150": r["chat"]["ttft_overhead_ms"] <= 150,
        "chat_decode_ratio>=0.95": (r["chat"]["decode_ratio"] or 0) >= 0.95,
        "peak_rss_mb<=1200": r["memory"]["peak_rss_mb"] <= 1200,
    }
    if "100000" in r["recall"]:
        out["recall_p95_ms@100k<=15"] = r["recall"]["100000"]["mneme_ms"]["p95"] <= 15
    if "1000000" in r["recall"]:
        out["recall_p95_ms@1m<=50"] = r["recall"]["1000000"]["mneme_ms"]["p95"] <= 50
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller corpora and fewer runs")
    ap.add_argument("--scale", choices=["full", "1m"], default="full", help="1m adds a 1M-record corpus")
    ap.add_argument("--out", type=Path, default=RESULTS / "perf.json")
    args = ap.parse_args(argv)
    result = run(args.quick, args.scale)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result["targets"], indent=2))


if __name__ == "__main__":
    main()
