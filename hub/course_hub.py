"""The class spawner: one server per student, in the student's own account, with limits.

`CourseSpawner` is JupyterHub's `LocalProcessSpawner` plus three things a class on one
server needs:

- accounts: with ``accounts = "system"`` (the default, needs root) each student gets a Unix
  account of their own, created on first start, with a private home folder (mode 0700), so
  neither the hub nor a kernel can be used to read another student's notebooks or
  ``~/.iran-russia-course/progress.json``. ``accounts = "shared"`` runs everyone under the
  hub's own account in separate home folders: the hub still keeps students out of each
  other's servers, but a student's own kernel could open another's files (for a trial only);
- limits: ``Spawner.mem_limit`` and ``Spawner.cpu_limit`` are enforced with a Linux control
  group per student (cgroup v2, or v1's memory and cpu controllers). The group holds the
  server and every kernel it starts, so the limit is for the student, not per process. Plain
  ``LocalProcessSpawner`` only passes the limits on as environment variables;
- ports: each server gets the lowest free port of a range below the ephemeral ports, never
  one another student's server holds (JupyterHub's random pick can collide under a class);
- kernels over Unix sockets in a private folder (``kernel_transport = "ipc"``) instead of
  random localhost ports, which collide when a whole class starts kernels at once;
- clean stop: when a server stops, whatever is left in the student's group (an orphaned
  kernel) is killed.

Imported by ``hub/jupyterhub_config.py``; ``hub/loadtest.py`` reads the groups for memory peaks.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Bool, Enum, Integer, Tuple, Unicode, default

CGROUP_ROOT = Path(os.environ.get("COURSE_HUB_CGROUP_ROOT", "/sys/fs/cgroup"))
ACCOUNT_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")


class Cgroups:
    """One control group per student, under a parent group (default ``course-hub``)."""

    def __init__(self, parent: str = "course-hub", root: Path = CGROUP_ROOT):
        self.parent = parent
        self.root = Path(root)
        self.version = 2 if (self.root / "cgroup.controllers").exists() else 1

    # where a student's group lives, one folder per controller (v2 has one tree)
    def dirs(self, name: str) -> dict[str, Path]:
        if self.version == 2:
            d = self.root / self.parent / name
            return {"memory": d, "cpu": d}
        return {c: self.root / c / self.parent / name for c in ("memory", "cpu")}

    def unavailable(self) -> str | None:
        """Why per-student limits cannot be set here, or None if they can."""
        if os.geteuid() != 0:
            return "the hub does not run as root, so it cannot create control groups"
        if self.version == 2:
            controllers = (self.root / "cgroup.controllers").read_text().split()
            missing = {"memory", "cpu"} - set(controllers)
            if missing:
                return f"cgroup v2 at {self.root} lacks the {', '.join(sorted(missing))} controller"
            return None if os.access(self.root, os.W_OK) else f"{self.root} is not writable"
        for controller in ("memory", "cpu"):
            if not (self.root / controller).is_dir():
                return f"no cgroup v1 {controller} controller at {self.root / controller}"
            if not os.access(self.root / controller, os.W_OK):
                return f"{self.root / controller} is not writable"
        return None

    def create(self, name: str, mem_bytes: int | None, cpu: float | None) -> list[Path]:
        """Make (or reuse) the student's group and set its limits; returns the folders to join."""
        dirs = self.dirs(name)
        if self.version == 2:
            parent = self.root / self.parent
            parent.mkdir(exist_ok=True)
            for level in (self.root, parent):  # let the children use memory and cpu
                with contextlib.suppress(OSError):
                    (level / "cgroup.subtree_control").write_text("+memory +cpu")
            d = dirs["memory"]
            d.mkdir(exist_ok=True)
            (d / "memory.max").write_text(str(mem_bytes) if mem_bytes else "max")
            (d / "memory.swap.max").exists() and (d / "memory.swap.max").write_text("0")
            (d / "cpu.max").write_text(f"{int(cpu * 100_000)} 100000" if cpu else "max 100000")
            return [d]
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        mem = dirs["memory"]
        (mem / "memory.limit_in_bytes").write_text(str(mem_bytes) if mem_bytes else "-1")
        with contextlib.suppress(OSError):  # reset the peak, so it belongs to this start
            (mem / "memory.max_usage_in_bytes").write_text("0")
        period = int((dirs["cpu"] / "cpu.cfs_period_us").read_text())
        (dirs["cpu"] / "cpu.cfs_quota_us").write_text(str(int(cpu * period)) if cpu else "-1")
        return list(dirs.values())

    def pids(self, name: str) -> set[int]:
        found: set[int] = set()
        for d in set(self.dirs(name).values()):
            with contextlib.suppress(OSError):
                found |= {int(p) for p in (d / "cgroup.procs").read_text().split()}
        return found

    def _read_int(self, name: str, *files: str) -> int | None:
        d = self.dirs(name)["memory"]
        for f in files:  # the v2 name first, then v1's
            with contextlib.suppress(OSError, ValueError):
                return int((d / f).read_text())
        return None

    def peak(self, name: str) -> int | None:
        """The group's peak memory in bytes since its server started (None if unknown)."""
        return self._read_int(name, "memory.peak", "memory.max_usage_in_bytes")

    def limit(self, name: str) -> int | None:
        return self._read_int(name, "memory.max", "memory.limit_in_bytes")

    def kill(self, name: str, wait: float = 5.0) -> int:
        """Kill every process left in the student's group; returns how many there were."""
        left = self.pids(name)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + wait
        while self.pids(name) and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(left)

    def remove(self, name: str) -> None:
        self.kill(name)
        for d in set(self.dirs(name).values()):
            with contextlib.suppress(OSError):
                d.rmdir()

    def remove_parent(self) -> None:
        parents = {self.root / self.parent} if self.version == 2 else {self.root / c / self.parent for c in ("memory", "cpu")}
        for d in parents:
            with contextlib.suppress(OSError):
                d.rmdir()


def join_fn(dirs: list[Path]):
    """A preexec function that moves the new process into the student's groups (before setuid)."""
    paths = [str(d / "cgroup.procs") for d in dirs]

    def join():
        pid = str(os.getpid())
        for path in paths:
            with open(path, "w") as f:
                f.write(pid)

    return join


def ensure_account(name: str, home: Path) -> pwd.struct_passwd:
    """The student's Unix account, created with a private home folder if it does not exist."""
    if not ACCOUNT_NAME.match(name):
        raise ValueError(f"{name!r} cannot be a Unix account name: use lower-case letters, digits, - and _ "
                         "(at most 32, starting with a letter)")
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        home.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["useradd", "--home-dir", str(home), "--create-home", "--shell", "/usr/sbin/nologin",
                        "--user-group", "--comment", "course student", name],
                       check=True, capture_output=True, text=True)
        entry = pwd.getpwnam(name)
    os.chmod(entry.pw_dir, 0o700)
    return entry


def remove_account(name: str) -> None:
    """Delete a student account and its home (used by the load test's clean-up only)."""
    with contextlib.suppress(KeyError):
        pwd.getpwnam(name)
        subprocess.run(["userdel", "--remove", "--force", name], capture_output=True, text=True)


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with per-student accounts and per-student memory/CPU limits."""

    accounts = Enum(["system", "shared"], default_value="system", config=True,
                    help="system: one Unix account per student (needs root); shared: the hub's account, "
                         "separate home folders, no protection between kernels (trials only).")
    home_root = Unicode("/home", config=True, help="Folder that holds the students' home folders.")
    create_accounts = Bool(True, config=True, help="Create a missing student account on first start.")
    enforce_limits = Bool(True, config=True,
                          help="Enforce mem_limit / cpu_limit with a control group per student; if that is "
                               "impossible here, refuse to start (False: start without limits).")
    cgroup_parent = Unicode("course-hub", config=True, help="Parent control group of the students' groups.")
    kernel_transport = Enum(["ipc", "tcp"], default_value="ipc", config=True,
                            help="How a server talks to its kernels. ipc: Unix sockets in a private folder. "
                                 "tcp: random localhost ports, which collide when a class starts kernels at "
                                 "once (seen in the load test: 'Address already in use', kernels restarting).")
    runtime_root = Unicode(config=True, help="Parent of each student's private runtime folder (kernel sockets "
                                             "and connection files), kept short: a Unix socket path has 107 "
                                             "bytes at most.")

    port_range = Tuple(Integer(), Integer(), default_value=(20000, 29999), config=True,
                       help="Ports for the students' servers: each start takes the lowest free one that no "
                            "other student holds. Keep it below the ephemeral range (Linux: 32768-60999): "
                            "JupyterHub's own random pick can hand two servers started together the same "
                            "port, and the proxy then sends one student to another's server.")
    _held_ports: set[int] = set()  # ports given to servers of this hub, shared by all spawners

    def pick_port(self) -> int:
        lo, hi = self.port_range
        for port in range(lo, hi + 1):
            if port in CourseSpawner._held_ports:
                continue
            with socket.socket() as probe:
                try:
                    probe.bind((self.ip or "127.0.0.1", port))
                except OSError:
                    continue
            CourseSpawner._held_ports.add(port)
            return port
        raise RuntimeError(f"no free port left in CourseSpawner.port_range {lo}-{hi}")

    def release_port(self) -> None:
        CourseSpawner._held_ports.discard(self.port)

    @default("runtime_root")
    def _default_runtime_root(self):
        return "/run/course-hub" if os.geteuid() == 0 else f"/tmp/course-hub-{os.getuid()}"

    @default("notebook_dir")
    def _default_notebook_dir(self):
        return "~"

    @property
    def home(self) -> Path:
        return Path(self.home_root) / self.user.name

    def cgroups(self) -> Cgroups:
        return Cgroups(self.cgroup_parent)

    def _groups(self) -> list[Path]:
        if not self.enforce_limits:
            return []
        groups = self.cgroups()
        reason = groups.unavailable()
        if reason:
            raise RuntimeError(f"cannot enforce the per-student memory/CPU limits: {reason}. "
                               "Run the hub as root on Linux, or set CourseSpawner.enforce_limits = False.")
        return groups.create(self.user.name, self.mem_limit, self.cpu_limit)

    def make_preexec_fn(self, name):
        join = join_fn(self._groups())
        if self.accounts == "system":
            become = set_user_setuid(name)
        else:
            home = str(self.home)

            def become():
                os.makedirs(home, 0o700, exist_ok=True)
                os.chdir(home)

        def preexec():
            join()
            become()

        return preexec

    def user_env(self, env):
        if self.accounts == "system":
            return super().user_env(env)
        env.update(USER=self.user.name, HOME=str(self.home), SHELL="/bin/bash")
        return env

    @property
    def runtime_dir(self) -> Path:
        return Path(self.runtime_root) / self.user.name

    def get_env(self):
        env = super().get_env()
        if self.kernel_transport == "ipc":
            env["JUPYTER_RUNTIME_DIR"] = str(self.runtime_dir)
        return env

    def get_args(self):
        args = super().get_args()
        if self.kernel_transport == "ipc":
            args.append("--KernelManager.transport=ipc")
        if self.accounts == "shared" and os.geteuid() == 0:
            args.append("--allow-root")  # without it jupyter-server exits and the hub answers 500
        return args

    def make_runtime_dir(self, uid: int | None, gid: int | None) -> Path:
        """The student's private folder for kernel sockets; refuses a path too long for a socket."""
        longest = self.runtime_dir / f"kernel-{'0' * 36}-ipc-10"
        if len(str(longest).encode()) > 107:
            raise RuntimeError(f"kernel socket paths under {self.runtime_dir} would pass the 107-byte limit "
                               f"of Unix sockets ({len(str(longest).encode())}): set a shorter "
                               "CourseSpawner.runtime_root")
        Path(self.runtime_root).mkdir(mode=0o711, parents=True, exist_ok=True)
        self.runtime_dir.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self.runtime_dir, 0o700)
        if uid is not None:
            os.chown(self.runtime_dir, uid, gid)
        return self.runtime_dir

    async def start(self):
        owner = None
        if self.accounts == "system":
            if self.create_accounts:
                owner = ensure_account(self.user.name, self.home)
            else:
                try:
                    owner = pwd.getpwnam(self.user.name)
                except KeyError:
                    raise RuntimeError(f"no Unix account {self.user.name!r}: create it, or set "
                                       "CourseSpawner.create_accounts = True") from None
        if self.kernel_transport == "ipc":
            self.make_runtime_dir(owner.pw_uid if owner else None, owner.pw_gid if owner else None)
        self.release_port()
        self.port = self.pick_port()
        try:
            return await super().start()
        except BaseException:
            self.release_port()
            raise

    async def stop(self, now=False):
        await super().stop(now=now)
        self.release_port()
        if self.enforce_limits and not self.cgroups().unavailable():
            left = self.cgroups().kill(self.user.name)
            if left:
                self.log.info("Killed %d process(es) left in %s's control group", left, self.user.name)

    def move_certs(self, paths):
        return paths if self.accounts == "shared" else super().move_certs(paths)
