"""``mneme backup FILE``, ``mneme restore FILE`` and ``mneme export``: the store's data in
files of its own (``app.services.backup``, ``app.services.export``)."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, err_console, out_console


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@pass_app
def backup_command(app: AppContext, file: Path, as_json: bool) -> None:
    """Write an encrypted backup of the whole memory to FILE.

    A consistent snapshot of the database (SQLite's backup API) and the vector index,
    encrypted with AES-GCM. The passphrase is kept in your OS keyring (service "mneme",
    user "backup"); the first backup creates a strong random one there. Keep a copy of it
    somewhere safe: restoring on another machine needs it.

    \b
    Example:
      mneme backup ~/backups/mneme-$(date +%F).mneme
    """
    from app.services.backup import KEYRING_BACKUP_USER, KEYRING_SERVICE, backup

    result = backup(app.settings, file)
    if as_json:
        echo_json(result.as_json())
        return
    out = out_console()
    out.print(
        f"Backed up {result.records:,} records ({result.tables} tables"
        f"{', vectors included' if result.vectors_included else ''}, "
        f"{result.bytes / 1e6:.1f} MB) to ",
        end="",
    )
    out.print(str(result.file), markup=False)
    where = f'your OS keyring (service "{KEYRING_SERVICE}", user "{KEYRING_BACKUP_USER}")'
    if result.passphrase_created:
        out.print(
            f"A new backup passphrase was created and stored in {where}. Keep a copy of it "
            f"somewhere safe (python -m keyring get {KEYRING_SERVICE} {KEYRING_BACKUP_USER}): "
            "restoring on another machine needs it.",
            markup=False,
        )
    else:
        out.print(f"Encrypted with the backup passphrase kept in {where}.", markup=False)


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was restored as JSON.")
@pass_app
def restore_command(app: AppContext, file: Path, as_json: bool) -> None:
    """Restore the backup FILE into an empty Mneme home (MNEME_HOME).

    The passphrase is taken from the OS keyring (service "mneme", user "backup"); on another
    machine, where the keyring has none, you are asked for it (and it is then kept there).
    Every table is checked against the backup before anything is put in place.

    \b
    Example:
      MNEME_HOME=~/mneme-restored mneme restore ~/backups/mneme-2025-01-10.mneme
    """
    from app.services import doctor_checks
    from app.services.restore import restore

    def ask() -> str | None:
        return click.prompt(
            f"Backup passphrase for {file}", hide_input=True, default="", show_default=False
        )

    result = restore(app.settings, file, ask_passphrase=ask)
    data = result.as_json()
    if result.vectors == "incomplete":
        report = doctor_checks.repair_store(app.settings, lambda: app.services)
        data["repaired"] = report.as_json()
        result.vectors = "rebuilt" if report.ok else "incomplete"
        data["vectors"] = result.vectors
    if as_json:
        echo_json(data)
        return
    out = out_console()
    out.print(
        f"Restored {result.records:,} records ({result.tables} tables, every one verified; "
        f"backup of {result.created_at}, schema v{result.schema_version}) into ",
        end="",
    )
    out.print(str(result.home), markup=False)
    out.print(f"Vectors: {result.vectors}.")
    if result.passphrase_saved:
        err_console().print(
            'The passphrase is now kept in your OS keyring (service "mneme", user "backup").',
            markup=False,
        )


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "markdown"]),
    required=True,
    help="jsonl (one JSON object per line) or markdown.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write into (created if needed).",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@pass_app
def export_command(app: AppContext, fmt: str, out_dir: Path, as_json: bool) -> None:
    """Export every memory with its provenance, readable without Mneme.

    Records (verbatim, with their sources), facts with their evidence, episodes with their
    records, and persona statements with what they rest on. Files are private (0600).

    \b
    Example:
      mneme export --format markdown --out ~/mneme-export
      mneme export --format jsonl --out ~/mneme-jsonl
    """
    from app.services.export import export_store

    result = export_store(app.settings, out_dir, fmt)
    if as_json:
        echo_json(result.as_json())
        return
    c = result.counts
    out = out_console()
    out.print(
        f"Exported {c.get('records', 0):,} records, {c.get('facts', 0):,} facts, "
        f"{c.get('episodes', 0):,} episodes and {c.get('persona_statements', 0):,} persona "
        f"statements ({fmt}, {len(result.files)} files) to ",
        end="",
    )
    out.print(str(result.out), markup=False)


COMMANDS = [backup_command, restore_command, export_command]
