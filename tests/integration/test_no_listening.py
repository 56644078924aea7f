"""Nothing listens on a port unless the user starts a server: a Mneme process with the
bundled models (the chat model's worker process included) that imports, searches, answers,
chats and streams from the model holds no network socket at all, listening or connected."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, write

pytestmark = pytest.mark.integration

SCRIPT = r"""
import json, sys
from pathlib import Path
import psutil
from app.bootstrap import build_services
from app.settings import Settings
from memory.chat import ChatSession

svc = build_services(Settings())
svc.importer.run([Path(sys.argv[1])])
svc.recall.search("garden shed key", 5)
answer = svc.answerer.ask("Where is the garden shed key?").text
session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: svc.chat_model)
reply = session.reply("hi there! how are you today?")
"".join(reply.stream())
from models.base import ChatMessage
words = "".join(svc.chat_model.stream([ChatMessage("user", "Say hello.")], max_tokens=8))
me = psutil.Process()
procs = [me, *me.children(recursive=True)]
sockets = [
    {"pid": p.pid, "status": c.status, "local": list(c.laddr), "remote": list(c.raddr or ())}
    for p in procs for c in p.net_connections(kind="inet")
]
print(json.dumps({"processes": len(procs), "sockets": sockets, "answer": answer,
                  "reply": reply.text, "model_failed": reply.model_failed, "words": words}))
svc.close()
"""


def test_the_bundled_mode_opens_no_network_socket(isolated_env: Path, tmp_path: Path) -> None:
    note = write(tmp_path / "notes" / "house.md",
                 "# House\n\nThe garden shed key hangs behind the kitchen door.\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(note)], capture_output=True, text=True, env=env,
        cwd=tmp_path, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["processes"] >= 2  # the chat model's worker ran (and was looked at too)
    assert "kitchen door" in got["answer"] and got["reply"] and not got["model_failed"]
    assert got["words"].strip()  # the bundled model answered through its worker
    assert got["sockets"] == []
