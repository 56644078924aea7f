"""``mneme doctor``: what Mneme found: models, libraries, store paths and counts."""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, out_console

LIBRARIES = (
    "mneme",
    "textual",
    "sqlite-utils",
    "chromadb",
    "llama-cpp-python",
    "sentence-transformers",
    "torch",
    "watchdog",
    "keyring",
)


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def chat_smoke(app: AppContext) -> dict[str, Any]:
    """``models.chat.smoke``: load the chat model in a fresh child process, generate a few
    tokens, and report the time, llama.cpp's CPU features and ok or the failure."""
    from app.bootstrap import build_chat_model, configure_environment
    from models.errors import ModelError
    from models.process_chat import smoke_test

    configure_environment()
    try:
        model = build_chat_model(app.settings)
    except ModelError as e:
        return {"ok": False, "seconds": 0.0, "cpu_features": "", "error": str(e)}
    try:
        return smoke_test(model).as_json()
    finally:
        close = getattr(model, "close", None)
        if close is not None:
            close()


def collect(app: AppContext, *, smoke: bool = True) -> dict[str, Any]:
    """Everything `doctor` reports, as plain data (``smoke``: run the chat model)."""
    from app.bootstrap import OFFLINE_ENV
    from models.errors import ModelError
    from models.locate import locate_chat_model, locate_embedder

    settings = app.settings
    report: dict[str, Any] = {"python": platform.python_version(), "models": {}}
    for label, locate, override in (
        ("chat", locate_chat_model, settings.chat_model),
        ("embedder", locate_embedder, settings.embed_model),
    ):
        try:
            found = locate(override)
            report["models"][label] = {
                "ok": True,
                "path": str(found.path),
                "id": found.model_id,
                "bundled": found.bundled,
                "size_mb": round(found.size_bytes / 1e6, 1),
            }
        except ModelError as e:
            report["models"][label] = {"ok": False, "error": str(e)}
    if smoke:
        chat = report["models"].setdefault("chat", {})
        chat["smoke"] = chat_smoke(app)
    if settings.chat_endpoint:
        report["models"]["chat_endpoint"] = {
            "url": settings.chat_endpoint,
            "model": settings.chat_endpoint_model,
        }
    report["libraries"] = {d: _version(d) for d in LIBRARIES}
    report["paths"] = {
        "data": str(settings.data_dir),
        "database": str(settings.db_path),
        "vectors": str(settings.chroma_path),
        "config": str(settings.config_path),
        "log": str(settings.log_path),
    }
    report["offline"] = OFFLINE_ENV
    try:
        services = app.services
        counts = services.store.counts()
        counts["vectors"] = services.index.count()
        report["store"] = {"ok": True, **counts}
        if settings.db_path.exists():
            report["store"]["database_mb"] = round(settings.db_path.stat().st_size / 1e6, 2)
    except ModelError as e:
        report["store"] = {"ok": False, "error": str(e)}
    return report


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--no-smoke", is_flag=True, help="Skip running the chat model (a few seconds faster)."
)
@pass_app
def doctor_command(app: AppContext, as_json: bool, no_smoke: bool) -> None:
    """Check Mneme's setup: models found (and the chat model run in its own process for a
    few tokens), library versions, store paths and counts.

    \b
    Example:
      mneme doctor
      MNEME_CHAT_MODEL=~/models/llama-3.2-3b.Q4_K_M.gguf mneme doctor --json
    """
    report = collect(app, smoke=not no_smoke)
    if as_json:
        echo_json(report)
        return
    out = out_console()
    out.print(f"[bold]Python[/] {report['python']}")
    out.print("[bold]Models[/]")
    for label, info in report["models"].items():
        smoke = info.get("smoke")
        if info.get("ok"):
            tag = "bundled" if info["bundled"] else "yours"
            out.print(f"  {label:9} [green]ok[/] {info['id']} ({tag}, {info['size_mb']} MB)")
            out.print(f"            {info['path']}", markup=False)
        elif "error" in info:
            out.print(f"  {label:9} [red]missing[/] {info['error']}", markup=False)
        else:
            out.print(f"  {label:9} {info}", markup=False)
        if smoke is not None:
            _print_smoke(out, smoke)
    out.print("[bold]Libraries[/]")
    for name, version in report["libraries"].items():
        out.print(f"  {name:22} {version or '[red]not installed[/]'}")
    out.print("[bold]Paths[/]")
    for name, path in report["paths"].items():
        out.print(f"  {name:9} {path}", markup=False)
    store = report["store"]
    out.print("[bold]Store[/]")
    if store.get("ok"):
        for key, value in store.items():
            if key != "ok":
                out.print(f"  {key:22} {value}")
    else:
        out.print(f"  [red]error[/] {store['error']}", markup=False)


def _print_smoke(out: Any, smoke: dict[str, Any]) -> None:
    if smoke["ok"]:
        out.print(f"            [green]runs[/]: a few tokens in {smoke['seconds']:.1f} s")
    else:
        out.print("            [red]fails[/]: ", end="")
        out.print(smoke["error"], markup=False)
    if smoke["cpu_features"]:
        out.print(f"            llama.cpp uses: {smoke['cpu_features']}", markup=False)


COMMANDS = [doctor_command]
