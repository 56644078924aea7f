"""``mneme doctor``: what Mneme found: models, libraries, store paths and counts; with
``--check`` what is wrong with the store, with ``--repair`` fixing what is derived from it
(``app.services.doctor_checks``)."""

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
    from models.smoke import smoke_test

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
    from app.services.doctor_checks import store_report
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
    if settings.vectors_url:  # the vectors live there; the folder above holds their cache
        report["paths"]["vectors_server"] = settings.vectors_url
    report["offline"] = OFFLINE_ENV
    report["store"] = store_report(settings, lambda: app.services)
    return report


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--check",
    is_flag=True,
    help="Check the store (corruption, indexes, vectors, consolidation, orphans, file modes); "
    "exit 1 on problems.",
)
@click.option(
    "--repair", is_flag=True, help="Rebuild what is derived from the database and fix modes."
)
@click.option(
    "--no-smoke", is_flag=True, help="Skip running the chat model (a few seconds faster)."
)
@pass_app
def doctor_command(
    app: AppContext, as_json: bool, check: bool, repair: bool, no_smoke: bool
) -> None:
    """Check Mneme's setup: models found (and the chat model run in its own process for a
    few tokens), library versions, store paths and counts.

    --check looks for problems in the store (exit status 1 when there are any) and --repair
    fixes what can be rebuilt from the database, with progress, then reports what it fixed.

    \b
    Example:
      mneme doctor
      MNEME_CHAT_MODEL=~/models/llama-3.2-3b.Q4_K_M.gguf mneme doctor --json
      mneme doctor --check --json
      mneme doctor --repair
    """
    if check or repair:
        run_health(app, as_json=as_json, repair=repair)
        return
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
    print_store(out, report["store"])


def print_store(out: Any, store: dict[str, Any]) -> None:
    """The store section of the plain report, with a warning per problem found."""
    out.print("[bold]Store[/]")
    if not store.get("ok"):
        out.print(f"  [red]error[/] {store['error']}", markup=False)
        return
    for key, value in store.items():
        if key not in ("ok", "problems", "vectors_error"):
            out.print(f"  {key:22} {value}")
    for problem in store.get("problems", []):
        out.print(f"  [yellow]warning[/] {problem['check']}: ", end="")
        out.print(problem["message"], markup=False)
    if store.get("problems"):
        out.print("  Run `mneme doctor --repair` to fix what can be rebuilt.", markup=False)


def run_health(app: AppContext, *, as_json: bool, repair: bool) -> None:
    """``doctor --check`` / ``--repair``: print the report; exit 1 while problems remain."""
    from app.services import doctor_checks

    if repair:
        from app.cli.output import phase_progress

        with phase_progress() as tick:
            report = doctor_checks.repair_store(
                app.settings, lambda: app.services, lambda p, d, t: tick(p.capitalize(), d, t)
            )
    else:
        report = doctor_checks.check(app.settings, lambda: app.services)
    if as_json:
        echo_json(report.as_json())
    else:
        print_health(report, repaired=repair)
    if not report.ok:
        click.get_current_context().exit(1)


def print_health(report: Any, *, repaired: bool) -> None:
    out = out_console()
    for item in report.fixed or []:
        out.print(f"[green]fixed[/] {item['check']}: ", end="")
        out.print(item["message"], markup=False)
    if repaired and not report.fixed:
        out.print("Nothing needed repairing.")
    if report.ok:
        out.print("No problems found.")
        return
    for p in report.problems:
        out.print(f"[red]problem[/] {p.check}: ", end="")
        out.print(p.message, markup=False)
    fixable = sum(p.repairable for p in report.problems)
    if fixable and not repaired:
        out.print(f"Run `mneme doctor --repair` to fix {fixable} of them.", markup=False)


def _print_smoke(out: Any, smoke: dict[str, Any]) -> None:
    if smoke["ok"]:
        out.print(f"            [green]runs[/]: a few tokens in {smoke['seconds']:.1f} s")
    else:
        out.print("            [red]fails[/]: ", end="")
        out.print(smoke["error"], markup=False)
    if smoke["cpu_features"]:
        out.print(f"            llama.cpp uses: {smoke['cpu_features']}", markup=False)


COMMANDS = [doctor_command]
