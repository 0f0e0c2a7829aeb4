"""Kill a real process while it saves answers, many times: every file must still load."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

from lessons.progress import ProgressStore

WRITER = r"""
import sys
from lessons.progress import ProgressStore
store = ProgressStore(sys.argv[1])
i = 0
print("ready", flush=True)
while True:
    store.record(f"ex{i % 50}", lesson="01", kind="choice", answer="x" * (i % 400), correct=bool(i % 2))
    i += 1
"""

KILLS = 60


def test_sigkill_during_saves_never_corrupts_the_file(tmp_path):
    path = tmp_path / "progress.json"
    rng = random.Random(1234)
    last_attempts = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.005, 0.08))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        data = json.loads(path.read_text(encoding="utf-8"))  # never corrupt
        attempts = sum(e["attempts"] for e in data["answers"].values())
        assert attempts >= last_attempts  # earlier answers are never lost
        last_attempts = attempts
    assert last_attempts > KILLS  # saves really happened between kills
    assert not list(tmp_path.glob("progress.damaged-*"))
    assert ProgressStore(path).all()
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".progress-")]
    assert len(leftovers) <= KILLS  # at most one half-written temp file per kill, never the real one
