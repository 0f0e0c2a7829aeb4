"""The class hub cannot be taken over (issue 15, section 5).

Logins as system accounts, as root, as an existing account the course did not create, as an
unclaimed teacher, and with hostile names are all refused with a message, and nothing on the
machine changes (an autouse fixture compares /bin, /usr/sbin, /dev, /etc/passwd... before and
after every test). Unsafe configurations refuse to start. Most cases run in-process against the
authenticator and spawner classes; the last one logs in over HTTP against a real hub (slow).
Tests that create Unix accounts or control groups need root and remove what they made.
"""

from __future__ import annotations

import asyncio
import grp
import hashlib
import html
import io
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REPO
from support.hub import running_hub

HUB = REPO / "hub"
sys.path.insert(0, str(HUB))

from test_hub import load_config  # noqa: E402

import course_hub  # noqa: E402
from course_hub import REFUSED, CourseAccounts, Refused  # noqa: E402

ROOT = os.geteuid() == 0 and sys.platform == "linux" and shutil.which("useradd") is not None
needs_root = pytest.mark.skipif(not ROOT, reason="needs root on Linux with useradd (creates and removes accounts)")

# --- nothing on the machine changes ----------------------------------------------------------------------

WATCHED_DIRS = [
    "/",
    "/bin",
    "/usr/bin",
    "/usr/sbin",
    "/dev",
    "/etc",
    "/root",
    "/home",
    "/var",
    "/var/www",
    "/nonexistent",
    "/tmp",
]
WATCHED_FILES = ["/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"]


_ALL_ACCOUNTS, _ALL_GROUPS = pwd.getpwall, grp.getgrall  # the real ones, whatever a test monkeypatches


def machine_state(extra: tuple[str, ...] = ()) -> dict:
    state = {}
    for path in [*WATCHED_DIRS, *extra]:
        try:
            st = os.lstat(path)
            state[path] = (st.st_mode, st.st_uid, st.st_gid)
        except FileNotFoundError:
            state[path] = None
    for path in WATCHED_FILES:
        try:
            state[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except (FileNotFoundError, PermissionError):
            state[path] = None
    state["accounts"] = sorted(e.pw_name for e in _ALL_ACCOUNTS())
    state["groups"] = sorted(g.gr_name for g in _ALL_GROUPS())
    return state


@pytest.fixture(scope="module")
def outsider(tmp_path_factory):
    """An ordinary existing account the course did not create, with a home of mode 0755."""
    if not ROOT:
        pytest.skip("needs root to create an ordinary account")
    name = "t15x" + secrets.token_hex(3)
    home = tmp_path_factory.mktemp("outsider") / name
    subprocess.run(
        [
            "useradd",
            "--home-dir",
            str(home),
            "--create-home",
            "--shell",
            "/usr/sbin/nologin",
            "--user-group",
            "--",
            name,
        ],
        check=True,
        capture_output=True,
    )
    os.chmod(home, 0o755)
    (home / "notes.txt").write_text("mine\n")
    try:
        yield SimpleNamespace(name=name, home=home, entry=pwd.getpwnam(name))
    finally:
        subprocess.run(["userdel", "--remove", "--force", "--", name], capture_output=True)
    assert name not in {e.pw_name for e in pwd.getpwall()}


@pytest.fixture(autouse=True)
def nothing_changed(request):
    extra = ()
    if "outsider" in request.fixturenames:
        o = request.getfixturevalue("outsider")
        extra = (str(o.home), str(o.home / "notes.txt"))
    before = machine_state(extra)
    yield
    assert machine_state(extra) == before


# --- helpers ----------------------------------------------------------------------------------------------


def free_name(prefix: str) -> str:
    while True:
        name = prefix + secrets.token_hex(3)
        try:
            pwd.getpwnam(name)
        except KeyError:
            return name


def first_use(tmp_path, admins=(), **spawner_config):
    from traitlets.config import Config

    config = Config()
    config.CourseSpawner.home_root = str(tmp_path / "homes")
    for key, value in spawner_config.items():
        setattr(config.CourseSpawner, key, value)
    config.FirstUseAuthenticator.dbm_path = str(tmp_path / "passwords.dbm")
    config.Authenticator.admin_users = set(admins)
    config.Authenticator.allow_all = True
    return course_hub.CourseFirstUseAuthenticator(config=config)


def login(auth, name, password="a-long-password-1"):
    handler = SimpleNamespace(custom_login_error="")
    result = asyncio.run(auth.get_authenticated_user(handler, {"username": name, "password": password}))
    return result, handler.custom_login_error


def stored(auth, name) -> bool:
    return course_hub.stored_password(auth.dbm_path, name) is not None


def spawner_for(name, home_root, **traits):
    sp = course_hub.CourseSpawner(user=SimpleNamespace(name=name, url=f"/user/{name}/"), _deprecated_db_session=None)
    sp.home_root = str(home_root)
    for key, value in traits.items():
        setattr(sp, key, value)
    return sp


def existing(name):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pytest.skip(f"no account {name!r} on this machine")


# --- logins as accounts the course did not create ------------------------------------------------------


@pytest.mark.parametrize("name", ["root", "bin", "daemon", "sys", "sync", "www-data", "nobody", "ROOT", "Daemon"])
def test_a_system_account_cannot_log_in_and_no_password_is_kept_for_it(tmp_path, name):
    existing(name.lower())
    auth = first_use(tmp_path)
    result, message = login(auth, name)
    assert result is None and message == REFUSED["system"]
    assert "không phải tài khoản của lớp học" in message and "the course did not create" in message
    assert not stored(auth, name.lower())  # first use did not claim the name
    assert auth.validate_username(name.lower()) is False  # what the hub's API and config use too
    assert auth.check_blocked_users(name.lower()) is False


def test_an_existing_personal_account_is_refused_at_login_and_at_spawn(tmp_path, outsider):
    auth = first_use(tmp_path)
    assert login(auth, outsider.name) == (None, REFUSED["system"])
    # even if something let the name through, the spawner checks again before touching anything
    sp = spawner_for(outsider.name, outsider.home.parent)
    with pytest.raises(RuntimeError) as refused:
        asyncio.run(sp.start())
    assert str(refused.value) == REFUSED["system"]
    assert outsider.home.stat().st_mode & 0o777 == 0o755  # the old spawner chmod-ed it to 0700
    assert (outsider.home / "notes.txt").read_text() == "mine\n"


@pytest.mark.parametrize("case", ["course group, UID below the range", "UID in the range, another group"])
def test_only_the_course_group_and_uid_range_make_an_account_ours(monkeypatch, case):
    name = free_name("t15f")
    gid = 4242
    uid, pgid = (1500, gid) if case.startswith("course") else (30500, 100)
    fake = pwd.struct_passwd((name, "x", uid, pgid, "", f"/home/{name}", "/bin/sh"))
    real_getpwnam, real_getgrnam = pwd.getpwnam, grp.getgrnam
    monkeypatch.setattr(pwd, "getpwnam", lambda n: fake if n == name else real_getpwnam(n))
    monkeypatch.setattr(
        grp, "getgrnam", lambda n: grp.struct_group(("t15grp", "x", gid, [])) if n == "t15grp" else real_getgrnam(n)
    )
    accounts = CourseAccounts("t15grp", (30000, 39999), "/home")
    with pytest.raises(Refused) as refused:
        accounts.check(name)
    assert refused.value.reason == "system" and f"uid {uid}" in str(refused.value)
    good = pwd.struct_passwd((name, "x", 30500, gid, "", f"/nonexistent-t15/{name}", "/bin/sh"))
    assert accounts.is_ours(good) and not accounts.is_ours(fake)


@pytest.mark.parametrize("name", ["sudo", "shadow", "disk"])
def test_the_name_of_an_existing_group_cannot_become_an_account(tmp_path, name):
    try:
        grp.getgrnam(name)
    except KeyError:
        pytest.skip(f"no group {name!r} here")
    auth = first_use(tmp_path)
    assert login(auth, name) == (None, REFUSED["system"])
    with pytest.raises(Refused, match="existing group"):
        CourseAccounts(home_root=tmp_path).check(name)


def test_a_name_left_in_a_groups_member_list_cannot_inherit_its_rights(tmp_path, monkeypatch):
    ghost = free_name("t15g")  # no such account, but /etc/group still lists it in "sudo"
    real = grp.getgrall()
    monkeypatch.setattr(grp, "getgrall", lambda: [*real, grp.struct_group(("sudo-t15", "x", 4243, [ghost]))])
    assert login(first_use(tmp_path), ghost) == (None, REFUSED["system"])
    with pytest.raises(Refused, match="member of the group.*sudo-t15"):
        CourseAccounts(home_root=tmp_path).check(ghost)


# --- hostile names -----------------------------------------------------------------------------------------

HOSTILE = {
    "parent folder": "../x",
    "slash": "a/b",
    "empty": "",
    "dot": ".",
    "dot dot": "..",
    "33 letters": "a" * 33,
    "4096 letters": "a" * 4096,
    "cyrillic root": "r\u043e\u043et",
    "fullwidth root": "\uff52\uff4f\uff4f\uff54",
    "vietnamese letters": "nguyễn",
    "trailing newline": "an\n",
    "option injection": "-rf",
    "space": "a b",
    "shell": "an;id",
    "url-encoded dots": "%2e%2e",
    "nul byte": "an\x00x",
    "leading underscore (system style)": "_apt",
    "leading digit": "1an",
}


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_name_is_refused_with_the_rule_and_creates_nothing(tmp_path, name):
    auth = first_use(tmp_path)
    result, message = login(auth, name)
    assert result is None and message == REFUSED["invalid"]
    assert "chữ thường không dấu" in message and "a-z, digits, - and _" in message
    assert not (tmp_path / "passwords.dbm").exists() or not stored(auth, name.lower())
    assert auth.validate_username(name.lower()) is False
    with pytest.raises(ValueError, match="cannot be a Unix account name"):
        course_hub.ensure_account(name, tmp_path / "homes" / "x")
    assert not (tmp_path / "homes").exists()


# --- teachers cannot be claimed ---------------------------------------------------------------------------------


def test_an_admin_without_a_password_set_by_the_operator_cannot_be_claimed(tmp_path):
    teacher = free_name("gv")
    auth = first_use(tmp_path, admins={teacher})
    for password in ("whoever-comes-first", "another-try-2"):
        assert login(auth, teacher, password) == (None, REFUSED["admin"])
    assert not stored(auth, teacher)
    assert "chưa được người quản trị đặt mật khẩu" in REFUSED["admin"]
    name = free_name("hs")
    student, _ = login(auth, name)  # a student still picks their password at first login
    assert student["name"] == name and not student["admin"] and stored(auth, name)


def test_an_admin_logs_in_only_with_the_password_set_at_set_up(tmp_path, monkeypatch, capsys):
    teacher = free_name("gv")
    auth = first_use(tmp_path, admins={teacher})
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery\n"))
    assert course_hub.main(["set-password", teacher, "--state", str(tmp_path), "--stdin"]) == 0
    assert "Password set" in capsys.readouterr().out
    assert login(auth, teacher, "wrong password 123")[0] is None
    ok, _ = login(auth, teacher, "correct horse battery")
    assert ok["name"] == teacher and ok["admin"] is True


@pytest.mark.parametrize(
    "name, password, message",
    [
        ("root", "a-long-enough-password", "existing account"),
        ("gv-t15", "short", "at least 10 characters"),
        ("../gv", "a-long-enough-password", "not a valid account name"),
    ],
)
def test_set_password_refuses_system_accounts_bad_names_and_short_passwords(
    tmp_path, monkeypatch, capsys, name, password, message
):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    with pytest.raises(SystemExit) as exit_:
        course_hub.main(["set-password", name, "--state", str(tmp_path), "--stdin"])
    assert exit_.value.code == 1 and message in capsys.readouterr().err
    assert (
        not list(tmp_path.glob("passwords.dbm*"))
        or course_hub.stored_password(str(tmp_path / "passwords.dbm"), name) is None
    )


# --- configurations that must not start --------------------------------------------------------------------------


def _roster(tmp_path, *names):
    path = tmp_path / "class.txt"
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    return str(path)


REFUSED_CONFIGS = {
    "no class list": ({}, "no class list.*COURSE_HUB_OPEN_LAB=1"),
    "every interface without TLS": ({"COURSE_HUB_IP": "0.0.0.0", "COURSE_HUB_OPEN_LAB": "1"}, "'0.0.0.0' without TLS"),
    "empty address (all) without TLS": ({"COURSE_HUB_IP": "", "COURSE_HUB_OPEN_LAB": "1"}, "every interface"),
    "LAN address without TLS": ({"COURSE_HUB_IP": "192.168.1.10", "COURSE_HUB_OPEN_LAB": "1"}, "COURSE_HUB_SSL_CERT"),
    "IPv6 any without TLS": ({"COURSE_HUB_IP": "::", "COURSE_HUB_OPEN_LAB": "1"}, "without TLS"),
    "certificate without key": (
        {"COURSE_HUB_IP": "0.0.0.0", "COURSE_HUB_SSL_CERT": "/etc/hostname", "COURSE_HUB_OPEN_LAB": "1"},
        "needs both",
    ),
    "class list naming root": ({"COURSE_HUB_STUDENTS": ["an", "root"]}, "class list .* cannot own: root"),
    "class list with a path": ({"COURSE_HUB_STUDENTS": ["an", "../etc"]}, r"cannot own: \.\./etc"),
    "admin is a system account": (
        {"COURSE_HUB_ADMINS": "daemon", "COURSE_HUB_OPEN_LAB": "1"},
        "COURSE_HUB_ADMINS.*daemon",
    ),
    "shared password with a teacher": (
        {"COURSE_HUB_AUTH": "dummy", "COURSE_HUB_PASSWORD": "p", "COURSE_HUB_ADMINS": "gv", "COURSE_HUB_OPEN_LAB": "1"},
        "anyone could log in as the teacher",
    ),
    "shared password on the network": (
        {
            "COURSE_HUB_AUTH": "dummy",
            "COURSE_HUB_PASSWORD": "p",
            "COURSE_HUB_IP": "0.0.0.0",
            "COURSE_HUB_BEHIND_TLS_PROXY": "1",
            "COURSE_HUB_OPEN_LAB": "1",
        },
        "127.0.0.1 only",
    ),
    "UID range over system accounts": ({"COURSE_HUB_UIDS": "0-65535", "COURSE_HUB_OPEN_LAB": "1"}, "COURSE_HUB_UIDS"),
    "empty class list": ({"COURSE_HUB_STUDENTS": []}, "is empty"),
    "process limit not a number": ({"COURSE_HUB_PIDS": "-1", "COURSE_HUB_OPEN_LAB": "1"}, "COURSE_HUB_PIDS must be"),
    "open-lab flag not 0 or 1": ({"COURSE_HUB_OPEN_LAB": "maybe"}, "COURSE_HUB_OPEN_LAB must be 1 or 0"),
}


@pytest.mark.parametrize("env, message", REFUSED_CONFIGS.values(), ids=REFUSED_CONFIGS.keys())
def test_an_unsafe_configuration_refuses_to_start_with_a_message(monkeypatch, tmp_path, env, message):
    env = dict(env)
    if "COURSE_HUB_STUDENTS" in env:
        env["COURSE_HUB_STUDENTS"] = _roster(tmp_path, *env["COURSE_HUB_STUDENTS"])
    with pytest.raises(SystemExit, match=f"Refusing to start the class hub: .*{message}"):
        load_config(monkeypatch, tmp_path, **env)


def test_beyond_loopback_the_hub_starts_only_with_tls_or_a_declared_tls_proxy(monkeypatch, tmp_path):
    cert, key = tmp_path / "hub.crt", tmp_path / "hub.key"
    cert.write_text("cert"), key.write_text("key")
    c = load_config(
        monkeypatch,
        tmp_path,
        COURSE_HUB_IP="0.0.0.0",
        COURSE_HUB_SSL_CERT=str(cert),
        COURSE_HUB_SSL_KEY=str(key),
        COURSE_HUB_OPEN_LAB="1",
    )
    assert (c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key) == (str(cert), str(key))
    c = load_config(
        monkeypatch, tmp_path, COURSE_HUB_IP="10.0.0.5", COURSE_HUB_BEHIND_TLS_PROXY="1", COURSE_HUB_OPEN_LAB="1"
    )
    assert c.JupyterHub.ip == "10.0.0.5" and "ssl_cert" not in c.JupyterHub
    for loopback in ("127.0.0.1", "127.0.1.1", "::1", "localhost"):
        assert (
            load_config(monkeypatch, tmp_path, COURSE_HUB_IP=loopback, COURSE_HUB_OPEN_LAB="1").JupyterHub.ip
            == loopback
        )


def test_an_address_given_on_the_command_line_is_checked_too(monkeypatch):
    """`jupyterhub -f ... --ip=0.0.0.0` bypasses the config file's check; the authenticator repeats it."""
    from traitlets import Unicode
    from traitlets.config import Configurable

    class App(Configurable):
        ip, bind_url, ssl_cert, ssl_key = Unicode("0.0.0.0"), Unicode("http://0.0.0.0:8000/"), Unicode(""), Unicode("")

    monkeypatch.delenv("COURSE_HUB_BEHIND_TLS_PROXY", raising=False)
    with pytest.raises(SystemExit, match="'0.0.0.0' without TLS"):
        course_hub.CourseDummyAuthenticator(parent=App())
    course_hub.CourseDummyAuthenticator(parent=App(ip="127.0.0.1", bind_url="http://127.0.0.1:8000/"))
    course_hub.CourseDummyAuthenticator(parent=App(ssl_cert="c.pem", ssl_key="k.pem"))


# --- the spawner never changes a home it did not make -----------------------------------------------------------


def test_a_home_folder_that_exists_without_an_account_is_not_taken_over(tmp_path):
    name = free_name("t15h")
    home = tmp_path / "homes" / name
    home.mkdir(parents=True)
    os.chmod(home, 0o755)
    (home / "keep.txt").write_text("someone else's")
    sp = spawner_for(name, tmp_path / "homes")
    with pytest.raises(RuntimeError) as refused:
        sp.check_account()
    assert str(refused.value) == REFUSED["home"]
    assert home.stat().st_mode & 0o777 == 0o755 and (home / "keep.txt").read_text() == "someone else's"
    assert login(first_use(tmp_path), name) == (None, REFUSED["home"])


def test_a_course_account_whose_home_became_a_link_is_refused(tmp_path, monkeypatch):
    name = free_name("t15l")
    target = tmp_path / "precious"
    target.mkdir(mode=0o755)
    os.chmod(target, 0o755)
    homes = tmp_path / "homes"
    homes.mkdir()
    (homes / name).symlink_to(target)
    gid = 4244
    fake = pwd.struct_passwd((name, "x", 30007, gid, "course student", str(homes / name), "/usr/sbin/nologin"))
    real_getpwnam, real_getgrnam = pwd.getpwnam, grp.getgrnam
    monkeypatch.setattr(pwd, "getpwnam", lambda n: fake if n == name else real_getpwnam(n))
    monkeypatch.setattr(
        grp, "getgrnam", lambda n: grp.struct_group(("t15grp", "x", gid, [])) if n == "t15grp" else real_getgrnam(n)
    )
    with pytest.raises(Refused, match="not a folder owned by"):
        CourseAccounts("t15grp", (30000, 39999), homes).ensure(name)
    assert target.stat().st_mode & 0o777 == 0o755


@needs_root
def test_a_new_student_gets_an_account_in_the_course_group_and_range_and_nothing_else(tmp_path):
    """The positive case, so the refusals above are not just 'refuse everything'."""
    group, name = "t15c" + secrets.token_hex(3), free_name("t15s")
    sp = spawner_for(name, tmp_path / "homes", course_group=group, uid_range=(30000, 39999))
    try:
        entry = sp.check_account()
        assert 30000 <= entry.pw_uid <= 39999 and entry.pw_gid == grp.getgrnam(group).gr_gid
        assert entry.pw_dir == str(tmp_path / "homes" / name) and entry.pw_shell == "/usr/sbin/nologin"
        st = os.stat(entry.pw_dir)
        assert st.st_uid == entry.pw_uid and st.st_mode & 0o777 == 0o700
        assert os.getgrouplist(name, entry.pw_gid) == [entry.pw_gid]  # no other group's rights
        assert sp.check_account().pw_uid == entry.pw_uid  # the second start finds it ours
        assert login(first_use(tmp_path, course_group=group), name)[0]["name"] == name
    finally:
        sp.course_accounts().remove(name)
        sp.course_accounts().remove_group()
    assert name not in {e.pw_name for e in pwd.getpwall()} and group not in {g.gr_name for g in grp.getgrall()}


# --- a fork bomb stays in the student's group; disk --------------------------------------------------------------

BOMB = """
import os, time
made = 0
for _ in range(200):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        os.close(1)  # the parent's answer is not held up by its children
        time.sleep(30)
        os._exit(0)
    made += 1
print(made, flush=True)
"""


def _run_bomb(preexec, limit):
    proc = subprocess.Popen(
        ["/usr/bin/python3", "-c", BOMB],
        preexec_fn=preexec,
        stdout=subprocess.PIPE,
        text=True,
        cwd="/",
        start_new_session=True,
    )
    try:
        made = int(proc.communicate(timeout=60)[0])
    finally:
        os.killpg(proc.pid, 9)
    print(f"fork bomb: {made} children under a limit of {limit}")
    assert made < limit  # the bomb hit the wall (the parent counts as one), the machine did not
    return made


def _pids_cgroup_usable() -> bool:
    groups = course_hub.Cgroups("x")
    return ROOT and groups.version == 1 and (groups.root / "pids").is_dir() and os.access(groups.root / "pids", os.W_OK)


@pytest.mark.skipif(not _pids_cgroup_usable(), reason="needs root and a writable cgroup v1 pids controller")
def test_a_fork_bomb_stops_at_the_students_pids_limit():
    groups = course_hub.Cgroups("course-hub-t15-" + secrets.token_hex(3))
    try:
        dirs = groups.create("bomb", None, None, pids=16)
        assert (groups.dirs("bomb")["pids"] / "pids.max").read_text().strip() == "16"
        made = _run_bomb(course_hub.join_fn(dirs), 16)
        assert made >= 5  # it did run, and was stopped by the limit, not by something else
    finally:
        groups.remove("bomb")
        groups.remove_parent()
    assert not (groups.root / "pids" / groups.parent).exists()


@needs_root
def test_without_a_pids_controller_rlimit_nproc_caps_the_students_processes(outsider, monkeypatch):
    monkeypatch.setattr(course_hub.Cgroups, "limits_processes", lambda self: False)
    sp = spawner_for(outsider.name, outsider.home.parent, enforce_limits=False, pids_limit=12)
    assert sp.nproc_fallback() == 12
    made = _run_bomb(sp.make_preexec_fn(outsider.name), 12)
    assert made >= 5
    shared = spawner_for(outsider.name, outsider.home.parent, accounts="shared", pids_limit=12)
    assert shared.nproc_fallback() is None  # it would cap the hub's own account


def test_fake_cgroup_v1_with_pids_writes_the_limit_and_joins_it(tmp_path):
    for controller in ("memory", "cpu", "pids"):
        (tmp_path / controller / "course-hub" / "an").mkdir(parents=True)
    (tmp_path / "cpu" / "course-hub" / "an" / "cpu.cfs_period_us").write_text("100000")
    groups = course_hub.Cgroups("course-hub", root=tmp_path)
    dirs = groups.create("an", 2**30, 1.0, pids=300)
    assert tmp_path / "pids" / "course-hub" / "an" in dirs
    assert (tmp_path / "pids" / "course-hub" / "an" / "pids.max").read_text() == "300"


def test_a_disk_limit_uses_setquota_or_refuses_to_start_without_it(tmp_path, monkeypatch):
    sp = spawner_for("an", tmp_path / "homes", disk_limit="2G")
    command = sp.quota_command("an")
    fs = Path(tmp_path).resolve()
    while not os.path.ismount(fs):
        fs = fs.parent
    assert command == ["setquota", "-u", "an", str(2 * 1024**2 * 9 // 10), str(2 * 1024**2), "0", "0", str(fs)]
    monkeypatch.setattr(course_hub.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="setquota is not installed.*apt-get install quota"):
        sp.apply_quota("an")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "setquota").write_text("#!/bin/sh\necho 'setquota: Cannot find filesystem with quotas' >&2\nexit 1\n")
    os.chmod(fake / "setquota", 0o755)
    monkeypatch.setattr(course_hub.shutil, "which", lambda name: str(fake / name))
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    with pytest.raises(RuntimeError, match="cannot set the disk quota.*Cannot find filesystem with quotas"):
        sp.apply_quota("an")


# --- the proxy, which reads every request from the network, does not run as root ------------------------------


@needs_root
def test_the_proxy_is_started_as_nobody_when_it_can_reach_its_files(tmp_path):
    import tempfile

    node = shutil.which("node")
    if not node or not course_hub.reachable_by(node, 65534, {65534}, os.R_OK | os.X_OK):
        pytest.skip("no Node.js that other accounts can run")
    folder = Path(tempfile.mkdtemp(prefix="t15chp"))
    try:
        os.chmod(folder, 0o755)
        chp = folder / "configurable-http-proxy"
        chp.write_text("#!/usr/bin/env node\n")
        os.chmod(chp, 0o755)
        command, why = course_hub.unprivileged_proxy([str(chp)], "nobody")
        assert why is None and command[0].endswith("setpriv") and command[-1] == str(chp)
        assert "--reuid=65534" in command and "--clear-groups" in command and "--no-new-privs" in command
        key = folder / "hub.key"
        key.write_text("secret")
        os.chmod(key, 0o600)  # root's alone: the proxy could not read it, so it stays root and says why
        command, why = course_hub.unprivileged_proxy([str(chp)], "nobody", [str(key)])
        assert command == [str(chp)] and why == f"nobody cannot read {key}"
    finally:
        shutil.rmtree(folder)


def test_a_proxy_it_cannot_reach_or_an_unknown_account_keeps_the_command_and_says_why(tmp_path, monkeypatch):
    hidden = tmp_path / "closed" / "chp"
    hidden.parent.mkdir(mode=0o700)
    os.chmod(hidden.parent, 0o700)
    hidden.write_text("x")
    os.chmod(hidden, 0o755)
    assert not course_hub.reachable_by(hidden, 65534, {65534}, os.R_OK | os.X_OK)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    command, why = course_hub.unprivileged_proxy([str(hidden)], "nobody")
    assert command == [str(hidden)] and why and "cannot run" in why
    command, why = course_hub.unprivileged_proxy([str(hidden)], "no-such-account-t15")
    assert command == [str(hidden)] and why == "no account 'no-such-account-t15'"
    assert course_hub.unprivileged_proxy(["chp"], "root") == (["chp"], None)


# --- the real thing: logins over HTTP against a real hub ---------------------------------------------------------


@pytest.mark.slow
def test_a_real_hub_refuses_system_accounts_an_outsider_and_the_unclaimed_teacher(tmp_path, outsider):
    import requests

    import loadtest

    if not loadtest.CHP.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"configurable-http-proxy missing under CI=true: {loadtest.CHP}")
        pytest.skip(f"configurable-http-proxy not installed ({loadtest.CHP}): {loadtest.INSTALL_PROXY}")
    student, teacher, group = free_name("hs"), free_name("gv"), "t15c" + secrets.token_hex(3)
    port = loadtest.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COURSE_HUB_", "JUPYTERHUB_"))}
    env.update(
        COURSE_HUB_STATE=str(tmp_path / "state"),
        COURSE_HUB_PORT=str(port),
        COURSE_HUB_STUDENTS=_roster(tmp_path, student),
        COURSE_HUB_ADMINS=teacher,
        COURSE_HUB_GROUP=group,
        COURSE_HUB_HOMES=str(tmp_path / "homes"),
        COURSE_HUB_HUB_PORT=str(loadtest.free_port()),
        COURSE_HUB_PROXY_API_PORT=str(loadtest.free_port()),
        COURSE_HUB_SERVICE_TOKEN=(token := secrets.token_hex(16)),
    )
    with running_hub(HUB / "jupyterhub_config.py", env, tmp_path) as (hub, base):

        def login_http(name, password="a-long-password-1"):
            s = requests.Session()
            s.get(f"{base}/login", timeout=10)
            return s.post(
                f"{base}/login",
                data={"username": name, "password": password, "_xsrf": s.cookies.get("_xsrf")},
                allow_redirects=False,
                timeout=30,
            )

        for name, reason in [
            ("root", "system"),
            ("bin", "system"),
            ("www-data", "system"),
            (outsider.name, "system"),
            (teacher, "admin"),
            ("../etc", "invalid"),
        ]:
            answer = login_http(name)
            page = html.unescape(answer.content.decode("utf-8"))
            assert answer.status_code == 403 and REFUSED[reason] in page, (name, page[-2000:])
        assert login_http(student).status_code == 302  # the class list still works
        # an admin (here the load test's service) cannot make the hub create such users either
        made = requests.post(
            f"{base}/api/users",
            json={"usernames": ["daemon", outsider.name]},
            timeout=30,
            headers={"Authorization": f"token {token}"},
        )
        assert made.status_code == 400 and "Invalid username" in made.text
        renamed = requests.patch(
            f"{base}/api/users/{student}",
            json={"name": "root"},
            timeout=30,
            headers={"Authorization": f"token {token}"},
        )
        assert renamed.status_code == 400
        assert "Login refused for 'root'" in (tmp_path / "hub.log").read_text()
        proxy = int((tmp_path / "state" / "proxy.pid").read_text())
        uid = int(
            next(
                line for line in Path(f"/proc/{proxy}/status").read_text().splitlines() if line.startswith("Uid:")
            ).split()[1]
        )
        dropped = course_hub.unprivileged_proxy([str(loadtest.CHP)], "nobody")[1] is None
        assert uid == (65534 if dropped else 0)  # the proxy reading the network is not root when it can help it
    dbm_path = str(tmp_path / "state" / "passwords.dbm")
    for name in ("root", "bin", teacher, outsider.name):
        assert course_hub.stored_password(dbm_path, name) is None
    assert course_hub.stored_password(dbm_path, student) is not None
    assert not (tmp_path / "homes").exists()  # nobody was spawned, nothing made
