"""Run every benchmark that exists, write their JSON to ``bench/results/`` and a summary.

``make bench`` runs ``python -m bench.run_all``; ``make bench-quick`` adds ``--quick`` (a
subset of each: two LoCoMo conversations, smaller corpora, fewer runs).

Benchmarks are found by name (``KNOWN``): a module that is not there yet is skipped and the
summary says so. Each one runs in its own process (``python -m bench.<name> --out
bench/results/<name>.json`` plus its quick options), so one crash or one model load does not
disturb the others. The machine's details are added to every result that lacks them, and
``bench/results/SUMMARY.md`` collects the headline figures with their targets.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.machine import machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
KNOWN = (
    "recall", "import_throughput", "facts", "perf", "tui_startup", "oneshot", "prefill", "qa",
    "answers", "scale_out",
)
QUICK_ARGS: dict[str, list[str]] = {
    # For modules without a --quick flag: what makes them a quick subset.
    "import_throughput": ["--messages", "5000"],
    "facts": ["--limit", "2"],
    "prefill": ["--conversations", "0", "1"],
    "tui_startup": ["--runs", "3"],
}
FULL_ARGS: dict[str, list[str]] = {
    # Options of the full run, where one differs from the benchmark's own default.
}
BUDGET_S = 30 * 60


@dataclass
class Outcome:
    """What happened to one benchmark."""

    name: str
    status: str  # ok | failed | skipped | timed out
    seconds: float = 0.0
    note: str = ""
    result: dict[str, Any] = field(default_factory=dict)


def exists(name: str) -> bool:
    """True when ``bench.<name>`` can be imported."""
    return importlib.util.find_spec(f"bench.{name}") is not None


def _help(name: str) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-m", f"bench.{name}", "--help"],
            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        )
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout


def command(name: str, quick: bool, out: Path) -> list[str]:
    """The command line running ``bench.<name>`` (with its quick options when asked)."""
    helptext = _help(name)
    cmd = [sys.executable, "-m", f"bench.{name}"]
    if "--out" in helptext:
        cmd += ["--out", str(out)]
    if quick:
        cmd += ["--quick"] if "--quick" in helptext else QUICK_ARGS.get(name, [])
    else:
        cmd += FULL_ARGS.get(name, [])
    return cmd


def run_one(name: str, quick: bool, timeout: float) -> Outcome:
    """Run one benchmark in a child process and read its JSON."""
    if not exists(name):
        return Outcome(name, "skipped", note="module not present yet")
    out = RESULTS / f"{name}.json"
    cmd = command(name, quick, out)
    print(f"== {name}: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    before = out.stat().st_mtime if out.exists() else None
    try:
        done = subprocess.run(cmd, cwd=ROOT, timeout=max(timeout, 1), check=False)
    except subprocess.TimeoutExpired:
        return Outcome(name, "timed out", time.perf_counter() - started,
                       f"stopped after {timeout:.0f}s (the 30-minute budget)")
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return Outcome(name, "failed", seconds, f"exit status {done.returncode}")
    if not out.exists() or out.stat().st_mtime == before:
        return Outcome(name, "failed", seconds, f"wrote no {out.name}")
    try:
        result = json.loads(out.read_text(encoding="utf-8"))
    except ValueError as e:
        return Outcome(name, "failed", seconds, f"{out.name} is not JSON ({e})")
    if isinstance(result, dict) and "machine" not in result:
        result["machine"] = machine()
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Outcome(name, "ok", seconds, result=result if isinstance(result, dict) else {})


# -- the summary ---------------------------------------------------------------------------
def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _recall_section(r: dict[str, Any]) -> list[str]:
    systems = ("mneme", "bm25", "vector")
    keys = [k for k in r["mneme"] if k.startswith(("turn_recall@", "session_recall", "ndcg@"))]
    targets = {"turn_recall@10": 0.75, "session_recall_any@5": 0.95}
    lines = [
        f"Dataset `{Path(r['dataset']).name}`, {r['queries']} questions (categories 1-4), "
        f"conversations {', '.join(r.get('conversations', []))}.",
        "",
        "| metric | " + " | ".join(systems) + " | target (Mneme) |",
        "|---|" + "---|" * (len(systems) + 1),
    ]
    for key in keys:
        target = targets.get(key)
        mark = ""
        if target is not None:
            mark = f">= {target} " + ("(met)" if r["mneme"][key] >= target else "(**not met**)")
        lines.append(f"| {key} | " + " | ".join(_fmt(r[s][key]) for s in systems) + f" | {mark} |")
    lat = r["mneme"]["latency_ms"]
    lines.append(
        "| search p50 / p95 ms | "
        + " | ".join(
            f"{r[s]['latency_ms']['search_p50']:.1f} / {r[s]['latency_ms']['search_p95']:.1f}"
            for s in systems
        )
        + " | |"
    )
    lines.append(
        f"\nQuery embedding (timed apart): p50 {lat['embed_query_p50']:.1f} ms, "
        f"p95 {lat['embed_query_p95']:.1f} ms."
    )
    for label, fig in r["mneme"].get("splits", {}).items():
        lines.append(
            f"- Mneme on {label}: turn R@10 {fig['turn_recall@10']:.3f}, "
            f"session R_any@5 {fig['session_recall_any@5']:.3f} ({fig['queries']} questions)"
        )
    records_only = r["mneme"].get("records_only")
    if records_only:
        lines.append(
            f"- Mneme without the derived tiers (records only): turn R@10 "
            f"{records_only['turn_recall@10']:.3f}, session R_any@5 "
            f"{records_only['session_recall_any@5']:.3f}"
        )
    return lines


def _generic_section(r: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    targets = r.get("targets")
    if isinstance(targets, dict):
        lines += ["| target | met |", "|---|---|"]
        lines += [f"| {k} | {_fmt(v)} |" for k, v in targets.items()]
    scalars = {
        k: v for k, v in r.items()
        if isinstance(v, (int, float, str, bool)) and k not in ("machine",)
    }
    if scalars:
        lines.append("")
        lines += [f"- {k}: {_fmt(v)}" for k, v in scalars.items()]
    return lines


def summary(outcomes: list[Outcome], quick: bool, total: float) -> str:
    """The markdown summary of a run."""
    m = machine()
    lines = [
        "# Benchmark summary",
        "",
        f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"{'quick subset (`make bench-quick`)' if quick else 'full run (`make bench`)'}, "
        f"{total / 60:.1f} minutes in all (budget 30).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}, "
        f"Python {m['python']}, commit {m['commit']}.",
        "",
        "| benchmark | status | seconds | note |",
        "|---|---|---|---|",
    ]
    lines += [f"| {o.name} | {o.status} | {o.seconds:.0f} | {o.note} |" for o in outcomes]
    for o in outcomes:
        if o.status != "ok":
            continue
        lines += ["", f"## {o.name}", "", f"JSON: `bench/results/{o.name}.json`", ""]
        if o.name == "recall" and "mneme" in o.result:
            lines += _recall_section(o.result)
        else:
            lines += _generic_section(o.result)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.run_all [--quick] [--only NAME ...]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a quick subset of every benchmark")
    parser.add_argument("--only", nargs="*", default=None, help="run only these benchmarks")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    names = [n for n in KNOWN if args.only is None or n in args.only]
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    for name in names:
        left = BUDGET_S - (time.perf_counter() - started)
        outcome = run_one(name, args.quick, left)
        print(f"== {name}: {outcome.status} in {outcome.seconds:.0f}s {outcome.note}",
              file=sys.stderr, flush=True)
        outcomes.append(outcome)
    total = time.perf_counter() - started
    text = summary(outcomes, args.quick, total)
    (RESULTS / "SUMMARY.md").write_text(text, encoding="utf-8")
    (RESULTS / "run_all.json").write_text(
        json.dumps(
            {
                "quick": args.quick,
                "seconds": round(total, 1),
                "benchmarks": {o.name: {"status": o.status, "seconds": round(o.seconds, 1),
                                        "note": o.note} for o in outcomes},
                "machine": machine(),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(text)
    return 0 if all(o.status in ("ok", "skipped") for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
