"""Wall time of the one-shot commands ``mneme search`` and ``mneme ask``, cold and warm, each
as a ratio to ``mneme --help`` measured in the same run (issue 18, deliverable 8).

Run: ``python -m bench.oneshot [--runs 5] [--quick] [--out bench/results/oneshot.json]``

- The memory: a fresh ``MNEME_HOME`` filled through the real ``mneme import`` with two LoCoMo
  dev conversations (``--quick``: one; ~800 and ~420 records) and notes that answer the
  question.
- Cold: a new ``mneme`` process per run, as a person typing the command pays. Each round
  runs ``mneme --help``, ``mneme search "dog walks" -k 5`` and ``mneme ask "Where does Rita
  live?"`` one after the other, so the machine's load weighs on all three alike; one round
  before the measured ones is not counted (it fills the OS file cache). The peak RSS and the
  CPU time (user + system: what the wall time would be on an idle machine, less any waiting
  on other processes) are the command's own process's (``wait4``); ``ask``'s chat model runs
  in a child process of its own, not counted there.
- Warm: one process runs the same commands through the CLI again and again with one
  ``AppContext`` (services built, models loaded by a first, uncounted call): what a second
  question costs once everything is loaded. The first ``ask`` call's time in the chat model
  (starting its process, loading, generating) is reported apart (``first_call_model_s``).
- Where a cold ``search`` spends its imports: one more run under ``-X importtime``, the
  slowest top-level modules with their cumulative import time.
- The embedder check: the numpy runtime that embeds a cold query against
  sentence-transformers on the memory's own record texts (cosine of each pair).

Targets (the issue): cold ``search`` <= 1.5 s, cold ``ask`` <= 2 s on the 2-core machine.
Results go to ``bench/results/oneshot.json``; benchmarks are never timed assertions in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
LOCOMO = ROOT.parent / "shared" / "data" / "locomo" / "locomo_dev.json"
LOCOMO_SMALL = ROOT / "tests" / "data" / "locomo" / "locomo_tiny.json"
SEARCH = ["search", "dog walks", "-k", "5"]
ASK = ["ask", "Where does Rita live?"]
TARGETS_S = {"search": 1.5, "ask": 2.0}
NOTES = {
    "family.md": "# Family\n\nMy sister Rita lives in Porto and works at a bakery.\n",
    "pets.md": "# Pets\n\nWe adopted a beagle called Biscuit. I walk him every morning.\n",
    "bike.md": "# Bike\n\nBought a blue Cannondale road bike in April.\n",
    "health.md": "# Health\n\nI'm allergic to peanuts, so no satay for me.\n",
    "work.md": "# Work\n\nStarted my new job at Siemens as a data engineer.\n",
}

WARM_SCRIPT = r"""
import contextlib, io, json, sys, time
from app.cli import cli
from app.cli.context import AppContext
runs, commands = int(sys.argv[1]), json.loads(sys.argv[2])
ctx = AppContext()
in_model = [0.0]
class TimedModel:
    # The chat model, with the time spent in it (its iterators included) added up.
    def __init__(self, model):
        self._model = model
    def __getattr__(self, name):
        attr = getattr(self._model, name)
        if not callable(attr):
            return attr
        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                out = attr(*args, **kwargs)
            finally:
                in_model[0] += time.perf_counter() - t
            return timed_iter(out) if hasattr(out, "__next__") else out
        return timed
def timed_iter(it):
    while True:
        t = time.perf_counter()
        try:
            piece = next(it)
        except StopIteration:
            in_model[0] += time.perf_counter() - t
            return
        in_model[0] += time.perf_counter() - t
        yield piece
svc = ctx.services
svc._chat_model = TimedModel(svc.chat_model)
def once(args):
    out = io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(out):
        cli.main(args, obj=ctx, standalone_mode=False)
    return time.perf_counter() - t, out.getvalue()
result = {}
for name, args in commands.items():
    first, text = once(args)
    first_model, in_model[0] = in_model[0], 0.0
    result[name] = {"first_s": first, "first_model_s": first_model,
                    "samples": [once(args)[0] for _ in range(runs)], "output": text[:300]}
emb = ctx.services.embedder
result["embedder_runtime"] = getattr(emb, "runtime", type(emb).__name__)
result["torch_imported"] = "torch" in sys.modules
ctx.close()
print(json.dumps(result))
"""

AGREEMENT_SCRIPT = r"""
import json, sys
import numpy as np
from app.bootstrap import build_services
from app.settings import Settings
from models.bert_numpy import NumpyBertEncoder
from models.embedder import SentenceTransformerEmbedder
from models.fakes import FakeChatModel, FakeEmbedder
from models.locate import BUNDLED_EMBED_ID, locate_embedder
svc = build_services(Settings(home=sys.argv[1]), chat_model=FakeChatModel(["x"]), embedder=FakeEmbedder())
texts = [str(r["text"]) for r in svc.db.query("SELECT text FROM records ORDER BY id LIMIT 800")]
svc.close()
texts += ["", "   ", "Minha irmã Rita mora no Porto.", "東京は日本の首都です。", "Соберите всю почту"]
path = locate_embedder().path
ours = NumpyBertEncoder(path)
st = SentenceTransformerEmbedder(path, model_id=BUNDLED_EMBED_ID, fast_small_batches=False)
a, b = ours.encode(texts), st.embed_batch(texts)
cos = np.sum(a * b, axis=1)
print(json.dumps({"texts": len(texts), "min_cosine": float(cos.min()),
                  "mean_cosine": float(cos.mean()), "max_abs_diff": float(np.abs(a - b).max()),
                  "texts_cut_at_256_tokens": sum(n == 256 for n in ours.token_counts(texts))}))
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["MNEME_HOME"] = str(home)
    for var in ("MNEME_CHAT_MODEL", "MNEME_EMBED_MODEL", "MNEME_CHAT_ENDPOINT"):
        env.pop(var, None)
    return env


def timed_process(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``mneme ARGS`` once: wall seconds and the process's own peak RSS."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(BIN / "mneme"), *args], stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-600:]
            raise RuntimeError(f"mneme {' '.join(args)} exited {proc.returncode}: {tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"s": seconds, "cpu_s": cpu, "peak_rss_mb": usage.ru_maxrss / 1024}


def stats(samples: list[float]) -> dict[str, Any]:
    return {
        "p50": round(statistics.median(samples), 3),
        "min": round(min(samples), 3),
        "max": round(max(samples), 3),
        "runs": len(samples),
    }


def build_memory(work: Path, quick: bool) -> dict[str, Any]:
    """Import the LoCoMo conversations and the notes through ``mneme import``."""
    home = work / "home"
    notes = work / "notes"
    notes.mkdir(parents=True)
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    source = LOCOMO if LOCOMO.is_file() else LOCOMO_SMALL
    conversations = json.loads(source.read_text(encoding="utf-8"))
    conversations = conversations[: 1 if quick else 2]
    archive = work / "locomo.json"
    archive.write_text(json.dumps(conversations, ensure_ascii=False), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "mneme"), "import", str(archive), str(notes)],
        env=_env(home), check=True, capture_output=True,
    )
    seconds = time.perf_counter() - started
    from sqlite3 import connect

    with connect(home / "mneme.db") as db:
        records = db.execute("SELECT count(*) FROM records").fetchone()[0]
    return {
        "home": home,
        "source": str(source.relative_to(ROOT.parent) if source.is_relative_to(ROOT.parent) else source),
        "conversations": len(conversations),
        "records": int(records),
        "import_s": round(seconds, 1),
    }


def cold(home: Path, runs: int) -> dict[str, Any]:
    """Interleaved rounds of fresh ``mneme --help``, ``search`` and ``ask`` processes."""
    env = _env(home)
    commands = {"help": ["--help"], "search": SEARCH, "ask": ASK}
    for args in commands.values():  # warm-up round, not counted
        timed_process(args, env)
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, args in commands.items():
            samples[name].append(timed_process(args, env))
    out: dict[str, Any] = {}
    for name, runs_of in samples.items():
        out[name] = stats([r["s"] for r in runs_of]) | {
            "cpu_p50": round(statistics.median(r["cpu_s"] for r in runs_of), 3),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs_of), 1),
        }
    for name in ("search", "ask"):
        out[name]["ratio_to_help"] = round(out[name]["p50"] / out["help"]["p50"], 1)
    return out


def warm(home: Path, runs: int) -> dict[str, Any]:
    """The same commands again and again in one process, after a first uncounted call."""
    done = subprocess.run(
        [sys.executable, "-c", WARM_SCRIPT, str(runs), json.dumps({"search": SEARCH, "ask": ASK})],
        env=_env(home), cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"warm runs failed: {done.stderr[-800:]}")
    raw = json.loads(done.stdout.strip().splitlines()[-1])
    out: dict[str, Any] = {
        "embedder_runtime": raw["embedder_runtime"],
        "torch_imported": raw["torch_imported"],
    }
    for name in ("search", "ask"):
        out[name] = stats(raw[name]["samples"]) | {
            "first_call_s": round(raw[name]["first_s"], 3),
            "output": raw[name]["output"],
        }
    out["ask"]["first_call_model_s"] = round(raw["ask"]["first_model_s"], 3)
    return out


def import_breakdown(home: Path, top: int = 10) -> dict[str, Any]:
    """One more cold ``search`` under ``-X importtime``: its slowest top-level imports (ms,
    cumulative; the profiler itself adds a little to each)."""
    env = _env(home) | {"PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(
        [str(BIN / "mneme"), *SEARCH], env=env, capture_output=True, text=True, check=True
    )
    modules: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line.removeprefix("import time:").split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue
        name = fields[2].rstrip()[1:]  # nested imports are indented by two spaces per level
        if name and not name.startswith(" "):  # top level: nothing else was importing it
            modules[name] = modules.get(name, 0.0) + int(fields[1]) / 1000
    ranked = sorted(modules.items(), key=lambda kv: kv[1], reverse=True)
    return {
        "all_imports_ms": round(sum(modules.values())),
        "slowest_ms": {name: round(ms) for name, ms in ranked[:top]},
        "heavy_model_libraries": sorted(
            m for m in modules if m in ("torch", "sentence_transformers", "transformers")
        ),
    }


def agreement(home: Path) -> dict[str, Any]:
    """numpy runtime against sentence-transformers on the memory's own texts."""
    done = subprocess.run(
        [sys.executable, "-c", AGREEMENT_SCRIPT, str(home)],
        env=_env(home), cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"embedder check failed: {done.stderr[-800:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(runs: int = 5, quick: bool = False) -> dict[str, Any]:
    """Every measurement, as the JSON written to ``bench/results/oneshot.json``."""
    from bench.machine import machine

    work = Path(tempfile.mkdtemp(prefix="mneme-oneshot-"))
    try:
        load_before = os.getloadavg()[0]
        memory = build_memory(work, quick)
        home = memory.pop("home")
        commands = {
            "search": f"mneme search {json.dumps(SEARCH[1])} {' '.join(SEARCH[2:])}",
            "ask": f"mneme ask {json.dumps(ASK[1])}",
        }
        result: dict[str, Any] = {"memory": memory, "commands": commands}
        result["cold"] = cold(home, runs)
        result["cold_search_imports"] = import_breakdown(home)
        result["warm"] = warm(home, runs)
        help_p50 = result["cold"]["help"]["p50"]
        for name in ("search", "ask"):
            result["warm"][name]["ratio_to_help"] = round(result["warm"][name]["p50"] / help_p50, 2)
        result["embedder_agreement"] = agreement(home)
        result["load_average_1m"] = {
            "before": round(load_before, 2),
            "after": round(os.getloadavg()[0], 2),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    c = result["cold"]
    result["targets"] = {
        f"cold_{name}_p50_s<={limit}": c[name]["p50"] <= limit for name, limit in TARGETS_S.items()
    } | {"embedder_min_cosine>=0.999": result["embedder_agreement"]["min_cosine"] >= 0.999}
    result["quick"] = quick
    result["machine"] = machine()
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="measured runs of each command")
    ap.add_argument("--quick", action="store_true", help="one LoCoMo conversation, 3 runs")
    ap.add_argument("--out", type=Path, default=RESULTS / "oneshot.json")
    args = ap.parse_args(argv)
    result = run(3 if args.quick and args.runs == 5 else args.runs, args.quick)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    c, w = result["cold"], result["warm"]
    print(
        f"mneme --help p50 {c['help']['p50']:.3f}s; cold search {c['search']['p50']:.3f}s "
        f"(x{c['search']['ratio_to_help']}), cold ask {c['ask']['p50']:.3f}s "
        f"(x{c['ask']['ratio_to_help']}); warm search {w['search']['p50']:.3f}s, warm ask "
        f"{w['ask']['p50']:.3f}s; embedder min cosine "
        f"{result['embedder_agreement']['min_cosine']:.7f} -> {args.out}"
    )


if __name__ == "__main__":
    main()
