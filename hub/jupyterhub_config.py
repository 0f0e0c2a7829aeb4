# JupyterHub for one class on one server: `jupyterhub -f hub/jupyterhub_config.py`.
#
# Every setting a school changes is an environment variable (defaults in brackets); the
# rest is fixed here. hub/README.md explains each choice, and what a school should use
# for logins. hub/loadtest.py starts this same file with its own values.
#
#   COURSE_HUB_IP [127.0.0.1]     address the hub listens on (put TLS in front before 0.0.0.0)
#   COURSE_HUB_PORT [8000]        its port
#   COURSE_HUB_STATE [./hub-state] database, cookie secret and (shared accounts) homes
#   COURSE_HUB_AUTH [firstuse]    firstuse | dummy   (dummy: one shared password, tests only)
#   COURSE_HUB_PASSWORD           the dummy password (required with dummy)
#   COURSE_HUB_ADMINS             teachers' user names, comma-separated (may see every server)
#   COURSE_HUB_STUDENTS           a file with the class list, one user name per line (else anyone may log in)
#   COURSE_HUB_ACCOUNTS [system]  system (one Unix account each, needs root) | shared (trials)
#   COURSE_HUB_HOMES [/home]      where the students' home folders are
#   COURSE_HUB_MEM [1G]           memory per student: server and all kernels together
#   COURSE_HUB_CPU [1]            CPUs per student
#   COURSE_HUB_LIMITS [on]        on: refuse to start a server if the limits cannot be enforced
#   COURSE_HUB_CHP                path of configurable-http-proxy [hub/node_modules/.bin/...]
#   COURSE_HUB_SERVICE_TOKEN      if set, a "course-loadtest" service with this API token
#   COURSE_HUB_HUB_PORT [8081], COURSE_HUB_PROXY_API_PORT [8001]  internal ports
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from course_hub import CourseSpawner  # noqa: E402

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)
env = os.environ.get
state = Path(env("COURSE_HUB_STATE", "hub-state")).resolve()
state.mkdir(parents=True, exist_ok=True)

# --- network: the proxy from npm in front, the hub behind it ---------------------------
c.JupyterHub.ip = env("COURSE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("COURSE_HUB_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('COURSE_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [env("COURSE_HUB_CHP", str(HERE / "node_modules" / ".bin" / "configurable-http-proxy"))]
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# --- logins ---------------------------------------------------------------------------------
auth = env("COURSE_HUB_AUTH", "firstuse")
if auth == "dummy":
    password = env("COURSE_HUB_PASSWORD")
    if not password:
        raise SystemExit("COURSE_HUB_AUTH=dummy needs COURSE_HUB_PASSWORD (the one password every test user types)")
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = password
elif auth == "firstuse":
    # jupyterhub-firstuseauthenticator: each student picks a password at first login.
    c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
    c.FirstUseAuthenticator.create_users = True
    c.FirstUseAuthenticator.dbm_path = str(state / "passwords.dbm")
else:
    raise SystemExit(f"COURSE_HUB_AUTH must be firstuse or dummy, not {auth!r}")
c.Authenticator.admin_users = {u.strip() for u in env("COURSE_HUB_ADMINS", "").split(",") if u.strip()}
roster = env("COURSE_HUB_STUDENTS")
if roster:  # the class list: only these names (and the teachers) may log in
    try:
        names = Path(roster).read_text(encoding="utf-8").split()
    except OSError as e:
        raise SystemExit(f"COURSE_HUB_STUDENTS: cannot read the class list {roster}: {e.strerror}")
    c.Authenticator.allowed_users = set(names)
    c.Authenticator.allow_all = False
else:  # anyone who reaches the hub may log in: a closed lab network only
    c.Authenticator.allow_all = True

# --- one server per student, with limits ---------------------------------------------------------
c.JupyterHub.spawner_class = CourseSpawner
c.CourseSpawner.accounts = env("COURSE_HUB_ACCOUNTS", "system")
c.CourseSpawner.home_root = env("COURSE_HUB_HOMES", "/home")
c.CourseSpawner.enforce_limits = env("COURSE_HUB_LIMITS", "on") != "off"
c.Spawner.mem_limit = env("COURSE_HUB_MEM", "1G")
c.Spawner.cpu_limit = float(env("COURSE_HUB_CPU", "1"))
# The single-user server from the same environment as the course (the image on Kubernetes).
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
# A whole class logs in within a minute: give servers time to start when 30 start at once.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 100
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "LESSONS_DATA_DIR"]
c.Spawner.environment = {"PYTHONUNBUFFERED": "1", "NBGITPULLER_PARENTPATH": ""}
# Idle servers are stopped by jupyterhub-idle-culler on a real hub (see hub/README.md).

# --- the load test's API client (a service with the rights it needs, nothing more) -------------------
token = env("COURSE_HUB_SERVICE_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "course-loadtest", "api_token": token}]
    c.JupyterHub.load_roles = [{
        "name": "course-loadtest",
        "scopes": ["admin:users", "admin:servers", "tokens", "read:users"],
        "services": ["course-loadtest"],
    }]
