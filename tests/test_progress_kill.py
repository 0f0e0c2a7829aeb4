"""Kill a real process while it saves answers, many times: the file always loads, and at
most the answer being saved when the kill came is lost. Figures go to artifacts/kill-test.json."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

from lessons.exercises.progress import ProgressStore

from conftest import ARTIFACTS

# The writer announces each save before starting it, so the test knows how many were begun.
WRITER = r"""
import os, sys
from lessons.exercises.progress import ProgressStore
store = ProgressStore(sys.argv[1])
start = int(sys.argv[2])
out = os.fdopen(1, "w", buffering=1)
out.write("ready\n")
i = start
while True:
    out.write(f"{i}\n")
    store.record(f"ex{i % 50}", lesson="01", kind="choice", answer="x" * (i % 400), correct=bool(i % 2))
    i += 1
"""

KILLS = 60


def test_sigkill_during_saves_loses_at_most_the_answer_being_saved(tmp_path):
    path = tmp_path / "progress.json"
    rng = random.Random(1234)
    begun = saved = most_lost = corrupt = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(begun)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.005, 0.08))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        started_now = len(proc.stdout.read().split())  # saves this process began, the interrupted one included
        begun += started_now
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            corrupt += 1
            continue
        before, saved = saved, sum(e["attempts"] for e in data["answers"].values())
        lost_now = before + started_now - saved
        assert lost_now in (0, 1), (before, started_now, saved)  # only the interrupted save may be missing
        most_lost = max(most_lost, lost_now)
    figures = {
        "kills": KILLS,
        "saves_begun": begun,
        "saves_in_file": saved,
        "saves_lost": begun - saved,
        "most_lost_in_one_kill": most_lost,
        "corrupt_files": corrupt,
        "damaged_copies": len(list(tmp_path.glob("progress.damaged-*"))),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "kill-test.json").write_text(json.dumps(figures, indent=1))
    print(figures)
    assert corrupt == 0 and figures["damaged_copies"] == 0
    assert saved > KILLS  # saves really happened between kills
    assert len(ProgressStore(path).all()) == 50
    # a killed save's half-written temp file is removed by the next save
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".progress-")]) <= 1
