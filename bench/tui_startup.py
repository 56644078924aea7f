"""Time to the first frame of ``mneme`` (the TUI), and the wall time of ``mneme --help``.

Run: ``python -m bench.tui_startup [--runs 7] [--out bench/results/tui_startup.json]``

Each run starts the real ``mneme`` console script in a subprocess under a pseudo-terminal
of 120x40 with a fresh ``MNEME_HOME``, and reads what it draws. The first frame is the
moment the header ("your local memory") reaches the terminal; the models load after it, in
the background, and ``models_ready_s`` is when the status line says "ready". Ctrl+Q then
quits. Targets: first frame <= 1.0 s, ``mneme --help`` <= 0.5 s. Results go to
``bench/results/tui_startup.json`` (``{"first_frame_s": {...}, "target": 1.0, ...}``), with
the machine and its load average (other work on the machine slows every figure).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
FIRST_FRAME = b"your local memory"
READY = b"ready"
COLS, ROWS = 120, 40
TARGET_FIRST_FRAME_S = 1.0
TARGET_HELP_S = 0.5


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(MNEME_HOME=str(home), TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    for var in ("MNEME_WATCH_FOLDERS", "TEXTUAL"):
        env.pop(var, None)
    return env


def one_run(timeout: float = 120.0, wait_models: bool = True) -> dict[str, float | None]:
    """Start ``mneme`` under a pty; seconds to the first frame and to "ready"."""
    home = Path(tempfile.mkdtemp(prefix="mneme-bench-"))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "mneme")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(home),
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    first: float | None = None
    ready: float | None = None
    try:
        while time.perf_counter() - start < timeout:
            readable, _, _ = select.select([master], [], [], 0.05)
            if readable:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                now = time.perf_counter() - start
                if first is None and FIRST_FRAME in seen:
                    first = now
                    seen = seen[seen.index(FIRST_FRAME) :]
                if first is not None and ready is None and READY in seen:
                    ready = now
            if first is not None and (ready is not None or not wait_models):
                break
            if proc.poll() is not None:
                break
    finally:
        try:
            os.write(master, b"\x11")  # Ctrl+Q
            proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        os.close(master)
        shutil.rmtree(home, ignore_errors=True)
    return {"first_frame_s": first, "models_ready_s": ready}


def bench_help(runs: int) -> dict[str, Any]:
    """Wall time of ``mneme --help`` (a fresh process each run)."""
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(BIN / "mneme"), "--help"], capture_output=True, check=True)
        samples.append(time.perf_counter() - t)
    return _stats(samples) | {"target": TARGET_HELP_S}


def _stats(samples: list[float]) -> dict[str, Any]:
    return {
        "p50": round(statistics.median(samples), 3),
        "min": round(min(samples), 3),
        "max": round(max(samples), 3),
        "runs": len(samples),
    }


def run(runs: int = 7, wait_models: bool = True) -> dict[str, Any]:
    """Every measurement, as the JSON written to ``bench/results/tui_startup.json``."""
    from bench.machine import machine

    load_before = os.getloadavg()[0]
    one_run(wait_models=False)  # warm the OS file cache; not counted
    results = [one_run(wait_models=wait_models) for _ in range(runs)]
    firsts = [r["first_frame_s"] for r in results if r["first_frame_s"] is not None]
    readies = [r["models_ready_s"] for r in results if r["models_ready_s"] is not None]
    if not firsts:
        raise SystemExit("mneme never drew its first frame")
    first = _stats(firsts)
    out: dict[str, Any] = {
        "first_frame_s": first,
        "target": TARGET_FIRST_FRAME_S,
        "meets_target": first["p50"] <= TARGET_FIRST_FRAME_S,
        "models_ready_s": _stats(readies) if readies else None,
        "help_s": bench_help(runs),
        "terminal": f"pty {COLS}x{ROWS}",
        "load_average_1m": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "failed_runs": runs - len(firsts),
        "machine": machine(),
    }
    out["help_meets_target"] = out["help_s"]["p50"] <= TARGET_HELP_S
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="measured runs (after one warm-up)")
    ap.add_argument("--no-models", action="store_true", help="do not wait for the models")
    ap.add_argument("--out", type=Path, default=RESULTS / "tui_startup.json")
    args = ap.parse_args()
    result = run(args.runs, wait_models=not args.no_models)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    first, helped = result["first_frame_s"], result["help_s"]
    ready = result["models_ready_s"]
    print(
        f"first frame p50 {first['p50']:.3f}s (min {first['min']:.3f}s, target "
        f"{TARGET_FIRST_FRAME_S}s); models ready p50 "
        f"{ready['p50'] if ready else 'n/a'}s; mneme --help p50 {helped['p50']:.3f}s "
        f"(target {TARGET_HELP_S}s) -> {args.out}"
    )


if __name__ == "__main__":
    main()
