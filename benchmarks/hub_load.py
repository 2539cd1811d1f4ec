#!/usr/bin/env python3
"""Load test: a real JupyterHub on 127.0.0.1 serving the tutorial to N learners at once.

    .venv/bin/python benchmarks/hub_load.py --learners N [--browsers K] [--json out.json]

What it starts, all on loopback and all stopped at the end (even on failure or Ctrl-C):

- JupyterHub (DummyAuthenticator: any name and password; SimpleLocalProcessSpawner: one
  ``jupyterhub-singleuser`` process per learner, home folders under a temporary folder),
  configurable-http-proxy from npm (installed into ``.hub-proxy/`` of the repository when
  missing), a service token with admin scopes, and jupyterhub-idle-culler as a hub
  service with a short ``--timeout``;
- the learners' environment is this Python environment (JupyterLab, ipywidgets, ipympl,
  anywidget, nbgitpuller...) with the package taken from the same commit the notebooks
  are pulled from: a clone of the repository's HEAD is put first on the learners'
  ``PYTHONPATH``, as a course installs the package from the commit it shares;
- a local bare git repository made from HEAD (branch ``main``), served as a ``file://``
  URL to nbgitpuller.

Each learner logs in (the hub's login form), opens the nbgitpuller link
``/hub/user-redirect/git-pull?repo=file://...&branch=main&urlpath=lab/tree/...01-...ipynb``
(its server is spawned, the notebooks are cloned into its home folder), runs notebook 1
top to bottom, steps the first stepper and moves a parameter slider. K of them (default
2, fewer when N is small) do it in headless Chromium (Playwright): Run All Cells, keys on
the sliders, waiting for the outputs to change. The others do it over the REST API and
the kernel websocket as JupyterLab does: the notebook is read from the learner's server,
every code cell is executed in a kernel started for it, then the sliders' ``comm_msg``
updates are sent as the browser sends them, and a small probe in the same kernel finds
the apps the notebook made (objects with ``controls`` and a ``model``, whatever their
module) and checks that the model followed.

A REST learner whose spawn fails (the hub stops a server it could not add to the proxy in
time) presses "Relaunch server" as a person would, at most twice; counted as retries.

Measured: learners served without error; time from login to a working stepper (median,
p95); memory per learner (RSS of its server and kernels, sampled every second, and USS
and PSS once all are done); CPU time of the hub, proxy, servers, kernels and Chromium,
and the load average; then, after the learners stop, how long the idle culler takes to
stop every server and how much memory that frees.

Exit status: 0 when every learner was served and every server was culled, 1 otherwise,
2 when something it needs is missing (npm, for configurable-http-proxy).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "notebooks/01-simplest-network.ipynb"
FOLDER = "backprop-tutorial"  # the bare repository's name: nbgitpuller's target folder
PROXY_DIR = ROOT / ".hub-proxy"  # npm cache for configurable-http-proxy (git-ignored)
PROXY_BIN = PROXY_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
PROXY_PACKAGE = "configurable-http-proxy@5"
CHROMIUM = os.environ.get("BT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAX_RETRIES = 2  # a learner whose spawn failed clicks the link again (REST learners)
MARKER = "BT_HUB_LOAD_RUN"  # set in the environment of every process this run starts


class Unavailable(RuntimeError):
    """Something the load test needs is missing on this machine (exit status 2)."""


def log(msg: str) -> None:
    print(f"[hub_load {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def wait_until(condition, timeout: float, what: str, interval: float = 0.5):
    """Poll ``condition()`` until it returns something truthy; raise after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


# ------------------------------------------------------------------ what it needs


def ensure_proxy() -> Path:
    """configurable-http-proxy from npm, installed into .hub-proxy/ when missing."""
    if PROXY_BIN.exists():
        return PROXY_BIN
    npm = shutil.which("npm")
    if not npm:
        raise Unavailable(
            "configurable-http-proxy is missing and there is no npm to install it "
            f"(`npm install --prefix {PROXY_DIR} {PROXY_PACKAGE}`; Debian: apt-get install npm)"
        )
    log(f"installing {PROXY_PACKAGE} into {PROXY_DIR.relative_to(ROOT)}/ (npm)")
    PROXY_DIR.mkdir(exist_ok=True)
    proc = subprocess.run(
        [npm, "install", "--prefix", str(PROXY_DIR), "--no-audit", "--no-fund", PROXY_PACKAGE],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0 or not PROXY_BIN.exists():
        raise Unavailable(f"npm install {PROXY_PACKAGE} failed:\n{proc.stdout}\n{proc.stderr}")
    return PROXY_BIN


def check_python_packages() -> None:
    missing = [
        name
        for name in ("jupyterhub", "nbgitpuller", "jupyterhub_idle_culler", "jupyterlab")
        if not _importable(name)
    ]
    if missing:
        raise Unavailable(
            f"missing Python packages {missing} in {sys.prefix} (pip install -e '.[test]')"
        )


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


# ------------------------------------------------------------------ the course repository


def make_course_repo(tmp: Path) -> tuple[Path, Path, str]:
    """A bare repository of HEAD (branch main) and a checkout of it for the package.

    Returns (bare repository, checkout, commit)."""
    bare = tmp / "repos" / FOLDER
    src = tmp / "course-src"
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    run_git = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        ["git", "init", "--quiet", "--bare", "--initial-branch=main", str(bare)], **run_git
    )
    subprocess.run(
        ["git", "-C", str(ROOT), "push", "--quiet", str(bare), f"{commit}:refs/heads/main"],
        **run_git,
    )
    subprocess.run(
        ["git", "clone", "--quiet", "--branch", "main", bare.as_uri(), str(src)], **run_git
    )
    return bare, src, commit


def lab_settings(tmp: Path) -> Path:
    """A JupyterLab user-settings folder: no news toast, every cell kept in the page."""
    base = tmp / "lab-settings"
    for rel, value in {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    return base


# ------------------------------------------------------------------ the hub


@dataclass
class HubConfig:
    cull_timeout: int = 60
    cull_every: int = 5
    activity_interval: int = 5


class Hub:
    """JupyterHub + proxy + idle culler in a temporary folder; a context manager that
    stops every process it started (and their children) when it exits."""

    def __init__(self, tmp: Path, proxy: Path, cfg: HubConfig):
        self.tmp = tmp
        self.proxy = proxy
        self.cfg = cfg
        self.run_id = uuid.uuid4().hex
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.proc: subprocess.Popen | None = None
        self.log_path = tmp / "hub.log"
        self.seen: dict[int, float] = {}  # pid -> create_time of every process seen
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {self.token}"

    # -- config
    def write_config(self, src: Path, settings: Path) -> Path:
        venv_bin = Path(sys.executable).parent
        cfg = self.cfg
        env = {
            MARKER: self.run_id,
            # The package from the same commit as the notebooks (see the module docstring).
            "PYTHONPATH": str(src),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERHUB_ACTIVITY_INTERVAL": str(cfg.activity_interval),
            "PATH": os.environ.get("PATH", ""),
        }
        text = f"""
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(self.proxy)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(self.tmp / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{self.tmp / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(self.tmp / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(self.tmp / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.tmp / "home" / "{username}")!r}
c.Spawner.cmd = [{str(venv_bin / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--allow-root"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.environment = {env!r}
# A busy 2-core machine spawning 30 servers at once: be patient.
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.concurrent_spawn_limit = 0
# Activity reaches the hub within seconds, so that a short cull timeout can be tested.
c.JupyterHub.last_activity_interval = {cfg.activity_interval}
c.JupyterHub.activity_resolution = 1
c.JupyterHub.services = [
    {{"name": "loadtest", "api_token": {self.token!r}}},
    {{
        "name": "idle-culler",
        "command": [
            {sys.executable!r}, "-m", "jupyterhub_idle_culler",
            "--timeout={cfg.cull_timeout}", "--cull-every={cfg.cull_every}",
        ],
    }},
]
c.JupyterHub.load_roles = [
    {{"name": "loadtest", "services": ["loadtest"],
      "scopes": ["admin:users", "admin:servers", "access:servers", "tokens"]}},
    {{"name": "idle-culler", "services": ["idle-culler"],
      "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}},
]
"""
        path = self.tmp / "jupyterhub_config.py"
        path.write_text(text)
        return path

    # -- lifecycle
    def start(self, src: Path, settings: Path, timeout: float = 180) -> None:
        config = self.write_config(src, settings)
        env = {**os.environ, MARKER: self.run_id}
        env.pop("JUPYTERHUB_API_TOKEN", None)
        log(f"starting JupyterHub on {self.url} (log: {self.log_path})")
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)],
                cwd=self.tmp,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

        def up():
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.tail()}")
            with contextlib.suppress(requests.RequestException):
                return self.api.get(f"{self.url}/hub/api/", timeout=5).status_code == 200
            return False

        wait_until(up, timeout, "JupyterHub answering on /hub/api/")
        log("hub is up")

    def tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no hub log)"

    def descendants(self) -> list[psutil.Process]:
        if self.proc is None:
            return []
        try:
            procs = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            return []
        for p in procs:
            with contextlib.suppress(psutil.Error):
                self.seen.setdefault(p.pid, p.create_time())
        return procs

    def marked(self) -> list[psutil.Process]:
        """Every live process with this run's marker in its environment."""
        found = []
        for p in psutil.process_iter():
            if p.pid == os.getpid():
                continue
            with contextlib.suppress(psutil.Error):
                if p.environ().get(MARKER) == self.run_id:
                    found.append(p)
        return found

    def stop(self) -> list[int]:
        """Stop the hub (it stops the proxy and the servers), then kill anything of this
        run still alive. Returns the pids that had to be killed."""
        leftovers: list[psutil.Process] = []
        if self.proc is not None:
            self.descendants()
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=30)
        # The servers run in sessions of their own (start_new_session): check them all.
        candidates = {}
        for pid, created in self.seen.items():
            with contextlib.suppress(psutil.Error):
                p = psutil.Process(pid)
                if p.create_time() == created:
                    candidates[pid] = p
        for p in self.marked():
            candidates[p.pid] = p
        leftovers = [p for p in candidates.values() if p.is_running()]
        for p in leftovers:
            with contextlib.suppress(psutil.Error):
                p.terminate()
        _, alive = psutil.wait_procs(leftovers, timeout=10)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        psutil.wait_procs(alive, timeout=10)
        return [p.pid for p in leftovers]

    # -- API (service token)
    def user(self, name: str) -> dict | None:
        r = self.api.get(f"{self.url}/hub/api/users/{name}", timeout=30)
        return r.json() if r.status_code == 200 else None

    def running_servers(self, names: list[str]) -> list[str]:
        r = self.api.get(f"{self.url}/hub/api/users", timeout=30)
        r.raise_for_status()
        return [u["name"] for u in r.json() if u["name"] in names and u.get("servers")]

    def user_token(self, name: str) -> str:
        r = self.api.post(
            f"{self.url}/hub/api/users/{name}/tokens",
            json={"note": "hub_load learner", "expires_in": 7200},
            timeout=60,
        )
        r.raise_for_status()
        return r.json()["token"]


# ------------------------------------------------------------------ measuring


class Sampler(threading.Thread):
    """Every ``interval`` s: load average, system memory, and RSS and CPU time of every
    process under the hub (and this run's Chromium), grouped by role and by learner."""

    def __init__(self, hub: Hub, interval: float = 1.0):
        super().__init__(daemon=True)
        self.hub, self.interval = hub, interval
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.load1: list[float] = []
        self.used_mb: list[float] = []
        self.peak_user_rss: dict[str, float] = {}
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (role, cpu seconds so far)
        self.server_user: dict[int, str] = {}
        self.peak_total_rss_mb = 0.0
        self.peak_learners_rss_mb = 0.0
        # from the hub's API: when each learner's server was first seen ready, and when
        # it was first seen gone after that (monotonic seconds)
        self.ready_at: dict[str, float] = {}
        self.gone_at: dict[str, float] = {}

    def watch_servers(self) -> None:
        r = self.hub.api.get(f"{self.hub.url}/hub/api/users", timeout=30)
        r.raise_for_status()
        now = time.monotonic()
        for u in r.json():
            server = u.get("servers", {}).get("")
            with self.lock:
                if server and server.get("ready"):
                    self.ready_at.setdefault(u["name"], now)
                elif not server and u["name"] in self.ready_at:
                    self.gone_at.setdefault(u["name"], now)

    def run(self) -> None:
        while not self.stop_event.wait(self.interval):
            with contextlib.suppress(Exception):
                self.sample()
            with contextlib.suppress(Exception):
                self.watch_servers()

    def sample(self) -> dict:
        procs = self.hub.descendants()
        with contextlib.suppress(psutil.Error):
            procs.append(psutil.Process(self.hub.proc.pid))
        with contextlib.suppress(psutil.Error):
            procs += [
                p
                for p in psutil.Process(os.getpid()).children(recursive=True)
                if "chrom" in p.name().lower() or "headless_shell" in p.name()
            ]
        per_user: dict[str, float] = {}
        roles: dict[str, float] = {}
        for p in procs:
            try:
                role, user = self.classify(p)
                rss = p.memory_info().rss / 2**20
                t = p.cpu_times()
                cpu = t.user + t.system
            except psutil.Error:
                continue
            roles[role] = roles.get(role, 0.0) + rss
            if user:
                per_user[user] = per_user.get(user, 0.0) + rss
            with self.lock:
                self.cpu[p.pid] = (role, cpu)
        vm = psutil.virtual_memory()
        with self.lock:
            self.load1.append(os.getloadavg()[0])
            self.used_mb.append((vm.total - vm.available) / 2**20)
            for user, rss in per_user.items():
                self.peak_user_rss[user] = max(rss, self.peak_user_rss.get(user, 0.0))
            self.peak_total_rss_mb = max(self.peak_total_rss_mb, sum(roles.values()))
            self.peak_learners_rss_mb = max(self.peak_learners_rss_mb, sum(per_user.values()))
        return {"per_user": per_user, "roles": roles}

    def classify(self, p: psutil.Process) -> tuple[str, str | None]:
        cmd = " ".join(p.cmdline())
        name = p.name().lower()
        if "chrom" in name or "headless_shell" in name:
            return "chromium", None
        if "jupyterhub-singleuser" in cmd:
            if p.pid not in self.server_user:
                self.server_user[p.pid] = p.environ().get("JUPYTERHUB_USER", "?")
            return "server", self.server_user[p.pid]
        if "configurable-http-proxy" in cmd:
            return "proxy", None
        if "jupyterhub_idle_culler" in cmd:
            return "culler", None
        parent = p.parent()
        while parent is not None:
            if parent.pid in self.server_user:
                return "kernel", self.server_user[parent.pid]
            parent = parent.parent()
        return ("hub" if "jupyterhub" in cmd else "other"), None

    def classify_safe(self, p: psutil.Process) -> str | None:
        try:
            return self.classify(p)[0]
        except psutil.Error:
            return None

    def cpu_by_role(self) -> dict[str, float]:
        out: dict[str, float] = {}
        with self.lock:
            for role, cpu in self.cpu.values():
                out[role] = out.get(role, 0.0) + cpu
        return {k: round(v, 1) for k, v in sorted(out.items())}


def learner_memory(hub: Hub, users: list[str]) -> dict[str, dict]:
    """RSS, USS and PSS (MB) of each learner's server + kernels, now."""
    out: dict[str, dict] = {}
    sampler = Sampler(hub)
    for p in hub.descendants():
        try:
            role, user = sampler.classify(p)
            if user not in users:
                continue
            full = p.memory_full_info()
        except psutil.Error:
            continue
        entry = out.setdefault(user, {"rss": 0.0, "uss": 0.0, "pss": 0.0, "kernels": 0})
        entry["rss"] += full.rss / 2**20
        entry["uss"] += full.uss / 2**20
        entry["pss"] += getattr(full, "pss", 0) / 2**20
        entry["kernels"] += role == "kernel"
    return out


def used_memory_mb() -> float:
    vm = psutil.virtual_memory()
    return (vm.total - vm.available) / 2**20


# ------------------------------------------------------------------ a learner over REST


@dataclass
class Result:
    name: str
    kind: str  # "rest" or "browser"
    ok: bool = False
    error: str = ""
    phases: dict = field(default_factory=dict)  # phase -> seconds since login started
    cells: int = 0
    cell_errors: list = field(default_factory=list)
    pulled: bool = False
    stepper: dict = field(default_factory=dict)
    slider: dict = field(default_factory=dict)
    retries: int = 0  # pull link clicked again after a failed spawn
    memory_mb: dict = field(default_factory=dict)  # its server + kernels when it finished
    finished_at: float = 0.0  # monotonic

    @property
    def login_to_stepper(self) -> float | None:
        return self.phases.get("stepper")


def finish(hub: Hub, res: Result) -> None:
    """The learner stopped: note when, and what its server and kernels use now."""
    res.finished_at = time.monotonic()
    with contextlib.suppress(Exception):
        res.memory_mb = {
            k: round(v) for k, v in learner_memory(hub, [res.name]).get(res.name, {}).items()
        }


def pull_link(hub: Hub, bare: Path) -> str:
    query = urllib.parse.urlencode(
        {"repo": bare.as_uri(), "branch": "main", "urlpath": f"lab/tree/{FOLDER}/{NOTEBOOK}"}
    )
    return f"{hub.url}/hub/user-redirect/git-pull?{query}"


PROBE = r"""
def _bt_probe():
    import json
    found = {"stepper": None, "slider": None}
    for name, obj in list(globals().items()):
        controls, model = getattr(obj, "controls", None), getattr(obj, "model", None)
        if not isinstance(controls, dict) or model is None:
            continue
        step = controls.get("step")
        if found["stepper"] is None and step is not None and hasattr(model, "set_step"):
            found["stepper"] = {"var": name, "model_id": step.model_id, "value": step.value,
                                "max": step.max, "k": model.k}
        if found["slider"] is None and hasattr(model, "params") and hasattr(model, "set"):
            params = model.params()
            for key, w in controls.items():
                if key in params and type(w).__name__ == "FloatSlider":
                    found["slider"] = {"var": name, "name": key, "model_id": w.model_id,
                                       "value": w.value, "min": w.min, "max": w.max,
                                       "step": w.step, "param": params[key]}
                    break
    for kind in ("stepper", "slider"):
        if found[kind]:
            found[kind]["error"] = getattr(globals()[found[kind]["var"]], "last_error", None)
    print("BT_PROBE " + json.dumps(found))
_bt_probe()
"""


class Kernel:
    """A kernel websocket speaking the Jupyter message protocol (JSON frames)."""

    def __init__(self, url: str, token: str, timeout: float):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(
            f"{url}?session_id={self.session}",
            header=[f"Authorization: token {token}"],
            timeout=timeout,
        )

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "username": "learner",
                        "session": self.session,
                        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def wait(self, msg_id: str, timeout: float, need_reply: bool) -> dict:
        """Messages answering ``msg_id`` until the kernel is idle again (and the shell
        reply came): stdout text, errors, the reply's status."""
        out = {"stdout": "", "errors": [], "status": None}
        idle = False
        deadline = time.monotonic() + timeout
        while not (idle and (out["status"] or not need_reply)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"kernel did not answer within {timeout:.0f} s")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                out["stdout"] += content["text"]
            elif kind == "error":
                out["errors"].append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                out["status"] = content["status"]
                if content["status"] == "error" and not out["errors"]:
                    out["errors"].append(f"{content.get('ename')}: {content.get('evalue')}")
        return out

    def execute(self, code: str, timeout: float) -> dict:
        msg_id = self.send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        return self.wait(msg_id, timeout, need_reply=True)

    def widget_update(self, model_id: str, state: dict, timeout: float) -> dict:
        """What the browser sends when a control changes (ipywidgets 8 protocol)."""
        msg_id = self.send(
            "comm_msg",
            {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}},
        )
        return self.wait(msg_id, timeout, need_reply=False)

    def probe(self, timeout: float) -> dict:
        out = self.execute(PROBE, timeout)
        if out["errors"]:
            raise RuntimeError(f"probe failed: {out['errors']}")
        line = next(ln for ln in out["stdout"].splitlines() if ln.startswith("BT_PROBE "))
        return json.loads(line[len("BT_PROBE ") :])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


def rest_learner(hub: Hub, bare: Path, name: str, timeout: float, t_start: float) -> Result:
    res = Result(name, "rest")
    s = requests.Session()
    base = f"{hub.url}/user/{name}"
    t0 = time.monotonic()

    def mark(phase: str) -> None:
        res.phases[phase] = round(time.monotonic() - t0, 2)

    def left() -> float:
        return max(5.0, timeout - (time.monotonic() - t_start))

    kernel = None
    try:
        # 1. log in with the hub's form (DummyAuthenticator), then follow the pull link.
        page = s.get(f"{hub.url}/hub/login", timeout=60)
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        link = pull_link(hub, bare)
        r = s.post(
            f"{hub.url}/hub/login?next={urllib.parse.quote(link[len(hub.url) :])}",
            data={"username": name, "password": "learner", "_xsrf": xsrf.group(1) if xsrf else ""},
            timeout=left(),
        )
        mark("login")
        if "/hub/login" in r.url and r.status_code != 200:
            raise RuntimeError(f"login failed: {r.status_code} {r.url}")

        # 2. the spawn: the hub answers with its "spawn pending" page after 10 s. A spawn
        # can fail (the hub stops a server it could not add to the proxy in time); the
        # learner then presses the page's "Relaunch server" button, as a person would, up
        # to MAX_RETRIES times.
        gone = [0]

        def ready():
            # The test's own look at the hub (its admin API), not something the learner
            # does: a hub too busy to answer within its timeout means "not yet", not a
            # failed learner.
            try:
                u = hub.user(name) or {}
            except requests.RequestException:
                return None
            server = u.get("servers", {}).get("")
            if server and server.get("ready"):
                return "ready"
            gone[0] = gone[0] + 1 if not server and not u.get("pending") else 0
            return "gone" if gone[0] >= 3 else None  # seen stopped three times running

        while not urllib.parse.urlparse(r.url).path.startswith(f"/user/{name}/git-pull"):
            gone[0] = 0
            if wait_until(ready, left(), f"{name}'s server ready", interval=1.0) == "ready":
                r = s.get(f"{base}/git-pull?{urllib.parse.urlparse(link).query}", timeout=left())
                break
            if res.retries >= MAX_RETRIES:
                raise RuntimeError(f"spawn failed {res.retries + 1} times")
            res.retries += 1
            # the "spawn failed" page's button: /hub/spawn/NAME?next=<the pull page>
            pull_page = f"/user/{name}/git-pull?{urllib.parse.urlparse(link).query}"
            spawn = f"{hub.url}/hub/spawn/{name}?next={urllib.parse.quote(pull_page)}"
            r = s.get(spawn, timeout=left())
        if r.status_code != 200 or "/git-pull" not in r.url:
            raise RuntimeError(f"nbgitpuller page: {r.status_code} {r.url}")
        mark("spawned")

        # 3. nbgitpuller's page calls its event-stream API; do the same.
        query = urllib.parse.urlencode(
            {"repo": bare.as_uri(), "branch": "main", "targetpath": FOLDER}
        )
        with s.get(f"{base}/git-pull/api?{query}", stream=True, timeout=left()) as stream:
            phase = None
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    phase = event.get("phase")
                    if phase == "error":
                        raise RuntimeError(f"nbgitpuller: {event.get('message')}")
                    if phase == "finished":
                        break
            if phase != "finished":
                raise RuntimeError(f"nbgitpuller stream ended in phase {phase!r}")
        mark("pulled")

        # 4. as JupyterLab: read the notebook, start a kernel session for it.
        token = hub.user_token(name)
        api = requests.Session()
        api.headers["Authorization"] = f"token {token}"
        path = f"{FOLDER}/{NOTEBOOK}"
        r = api.get(f"{base}/api/contents/{path}?content=1", timeout=left())
        r.raise_for_status()
        res.pulled = True
        nb = r.json()["content"]
        r = api.post(
            f"{base}/api/sessions",
            json={
                "path": path,
                "name": Path(path).name,
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
            timeout=left(),
        )
        r.raise_for_status()
        kid = r.json()["kernel"]["id"]
        ws_url = f"{base.replace('http://', 'ws://')}/api/kernels/{kid}/channels"
        kernel = Kernel(ws_url, token, timeout=left())
        msg_id = kernel.send("kernel_info_request", {})
        kernel.wait(msg_id, left(), need_reply=False)
        mark("kernel")

        # 5. run every code cell, top to bottom.
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            out = kernel.execute(source, left())
            res.cells += 1
            if out["errors"]:
                res.cell_errors.append(out["errors"])
                raise RuntimeError(f"cell {res.cells} failed: {out['errors']}")
        mark("ran")

        # 6. step the first stepper as its slider does in the browser, check the model.
        found = kernel.probe(left())
        st = found["stepper"]
        if not st:
            raise RuntimeError("no stepper found in the notebook's globals")
        target = min(st["max"], st["value"] + 3)
        kernel.widget_update(st["model_id"], {"value": target}, left())
        after = kernel.probe(left())["stepper"]
        res.stepper = {"app": st["var"], "from": st["k"], "to": after["k"]}
        if after["k"] != target or after["error"]:
            raise RuntimeError(f"stepper did not follow: {after}")
        mark("stepper")

        # 7. move a parameter slider of the first app that has one.
        sl = found["slider"]
        if not sl:
            raise RuntimeError("no parameter slider found in the notebook's globals")
        value = sl["value"] + 5 * sl["step"]
        if value > sl["max"]:
            value = sl["value"] - 5 * sl["step"]
        kernel.widget_update(sl["model_id"], {"value": value}, left())
        after = kernel.probe(left())["slider"]
        res.slider = {
            "app": sl["var"],
            "param": sl["name"],
            "from": sl["param"],
            "to": after["param"],
        }
        if abs(after["param"] - value) > sl["step"] / 2 + 1e-9 or after["error"]:
            raise RuntimeError(f"slider {sl['name']} did not move the model: {after}")
        mark("slider")
        res.ok = True
    except Exception as exc:  # one learner's failure is a result, not the end of the run
        res.error = f"{type(exc).__name__}: {exc}"
    finally:
        if kernel is not None:
            kernel.close()  # the learner walks away: the kernel stays until culled
        finish(hub, res)
    return res


# ------------------------------------------------------------------ learners in Chromium

OUTPUT = ".jp-OutputArea-output"
SLIDER = ".widget-slider"

DONE_JS = """() => {
    const cells = '.jp-CodeCell .jp-InputPrompt';
    const prompts = [...document.querySelectorAll(cells)].map(p => p.innerText);
    const bar = document.querySelector('#jp-main-statusbar');
    const idle = /\\| *Idle/.test(bar ? bar.innerText : '');
    return idle && prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
}"""
IDLE_JS = """() => {
    const bar = document.querySelector('#jp-main-statusbar');
    const text = bar ? bar.innerText : '';
    return /\\| *Idle/.test(text) && !/No Kernel/.test(text);
}"""
# The text of an output without its controls' own labels and readouts.
TEXT_JS = """(el) => {
    const copy = el.cloneNode(true);
    const controls = '.widget-readout, .widget-label, .widget-slider';
    copy.querySelectorAll(controls).forEach(n => n.remove());
    return copy.innerText;
}"""


async def _slider_in(out, label: str):
    # `has` is matched inside each slider: build it from the page, not from `out`.
    label_loc = out.page.locator(".widget-label", has_text=re.compile(rf"^\s*{label}\s*$"))
    return out.locator(SLIDER).filter(has=label_loc).first


async def _press(slider, key: str, times: int) -> None:
    handle = slider.locator(".noUi-handle").first
    await handle.scroll_into_view_if_needed()
    await handle.focus()
    for _ in range(times):
        await handle.press(key)


async def _wait_text_change(page, out, before: str, timeout_ms: float) -> str:
    handle = await out.element_handle()
    await page.wait_for_function(
        f"([el, before]) => ({TEXT_JS})(el) !== before", arg=[handle, before], timeout=timeout_ms
    )
    return await out.evaluate(TEXT_JS)


async def browser_learner(
    browser, hub: Hub, bare: Path, name: str, timeout: float, t_start: float, shots: Path | None
) -> Result:
    res = Result(name, "browser")
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    # Every action may wait long: on a busy machine the hub took a minute to answer a login.
    context.set_default_timeout(timeout * 1000)
    context.set_default_navigation_timeout(timeout * 1000)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def left_ms() -> float:
        return max(5.0, timeout - (time.monotonic() - t_start)) * 1000

    t0 = time.monotonic()

    def mark(phase: str) -> None:
        res.phases[phase] = round(time.monotonic() - t0, 2)

    try:
        await page.goto(pull_link(hub, bare), timeout=left_ms())
        await page.fill("#username_input", name, timeout=left_ms())
        await page.fill("#password_input", "learner")
        t0 = time.monotonic()
        await page.click("#login_submit")
        await page.wait_for_url(
            re.compile(r"/hub/(spawn|user|spawn-pending)|/user/"), timeout=left_ms()
        )
        mark("login")
        await page.locator(".jp-Notebook").first.wait_for(state="visible", timeout=left_ms())
        mark("spawned")  # spawned, pulled (nbgitpuller's page) and JupyterLab shown
        res.pulled = f"/lab/tree/{FOLDER}/notebooks/" in page.url
        await page.wait_for_function(IDLE_JS, timeout=left_ms(), polling=500)
        mark("kernel")
        await page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        await page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        await page.wait_for_function(DONE_JS, timeout=left_ms(), polling=500)
        res.cells = await page.locator(".jp-CodeCell").count()
        body = await page.locator("body").inner_text()
        if "Error displaying widget" in body:
            raise RuntimeError("the page shows 'Error displaying widget'")
        for text in await page.locator(OUTPUT).all_inner_texts():
            if "Traceback" in text:
                res.cell_errors.append(text[:500])
        if res.cell_errors:
            raise RuntimeError(f"tracebacks in outputs: {res.cell_errors[0][:300]}")
        mark("ran")

        # the first stepper: three steps forward, its picture and panel follow
        outs = page.locator(OUTPUT).filter(
            has=page.locator(".widget-label", has_text=re.compile(r"^\s*step\s*$"))
        )
        out = outs.first
        step = await _slider_in(out, "step")
        before = await out.evaluate(TEXT_JS)
        await _press(step, "ArrowRight", 3)
        await _wait_text_change(page, out, before, left_ms())
        res.stepper = {"readout": (await step.locator(".widget-readout").inner_text()).strip()}
        mark("stepper")

        # the first app with a w0 slider: to the last step, then move w0
        out = (
            page.locator(OUTPUT)
            .filter(has=page.locator(".widget-label", has_text=re.compile(r"^\s*w0\s*$")))
            .first
        )
        step = await _slider_in(out, "step")
        if await step.count():
            before = await out.evaluate(TEXT_JS)
            await _press(step, "ArrowRight", 12)
            await _wait_text_change(page, out, before, left_ms())
        w0 = await _slider_in(out, "w0")
        old = (await w0.locator(".widget-readout").inner_text()).strip()
        before = await out.evaluate(TEXT_JS)
        await _press(w0, "ArrowRight", 1)
        await _wait_text_change(page, out, before, left_ms())  # a kernel round trip
        res.slider = {
            "param": "w0",
            "from": old,
            "to": (await w0.locator(".widget-readout").inner_text()).strip(),
        }
        mark("slider")
        if "Error displaying widget" in await page.locator("body").inner_text():
            raise RuntimeError("the page shows 'Error displaying widget'")
        res.ok = True
    except Exception as exc:
        res.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
        if errors:
            res.error += f" (page errors: {errors[:3]})"
    finally:
        if shots is not None:
            with contextlib.suppress(Exception):
                await page.screenshot(path=str(shots / f"{name}.png"), full_page=False)
        await context.close()  # the learner closes the tab: the kernel stays until culled
        finish(hub, res)
    return res


def run_browsers(
    hub: Hub, bare: Path, names: list[str], timeout: float, t_start: float, shots: Path | None
) -> list[Result]:
    async def main() -> list[Result]:
        from playwright.async_api import async_playwright

        async with async_playwright() as pw:
            kwargs = {"args": CHROMIUM_ARGS, "env": {**os.environ, MARKER: hub.run_id}}
            if Path(CHROMIUM).exists():
                kwargs["executable_path"] = CHROMIUM
            browser = await pw.chromium.launch(**kwargs)
            try:
                return list(
                    await asyncio.gather(
                        *(
                            browser_learner(browser, hub, bare, n, timeout, t_start, shots)
                            for n in names
                        )
                    )
                )
            finally:
                await browser.close()

    try:
        return asyncio.run(main())
    except Exception as exc:
        msg = f"browser run failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
        return [Result(n, "browser", error=msg) for n in names]


def chromium_available() -> str | None:
    """None when Chromium can run here, else the reason it cannot."""
    if not _importable("playwright"):
        return "playwright is not installed"
    if Path(CHROMIUM).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            if Path(pw.chromium.executable_path).exists():
                return None
    except Exception as exc:
        return f"playwright failed: {exc}"
    return f"no Chromium at {CHROMIUM} (apt-get install chromium, or BT_CHROMIUM=...)"


# ------------------------------------------------------------------ the run


def summarize_ms(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 1) if values else float("nan"),
        "p95": round(percentile(values, 95), 1),
        "max": round(max(values), 1) if values else float("nan"),
    }


def run(args: argparse.Namespace) -> dict:
    check_python_packages()
    proxy = ensure_proxy()
    n, k = args.learners, args.browsers
    if k is None:
        k = min(2, max(0, n - 1))
    k = min(k, n)
    browser_note = None
    if k:
        browser_note = chromium_available()
        if browser_note:
            if os.environ.get("CI") == "true":
                raise Unavailable(f"{browser_note} (CI=true: the browser learners must run)")
            log(f"NOTE: {browser_note}: all {n} learners over REST")
            k = 0
    names = [f"learner{i:02d}" for i in range(1, n + 1)]
    browser_names, rest_names = names[:k], names[k:]
    report: dict = {
        "learners": n,
        "browsers": k,
        "rest": n - k,
        "browser_note": browser_note,
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        },
        "cull_timeout_s": args.cull_timeout,
    }
    tmp = Path(tempfile.mkdtemp(prefix="bt-hub-"))
    hub = None
    sampler = None
    pool = None
    try:
        bare, src, commit = make_course_repo(tmp)
        report["commit"] = commit
        log(f"course repository {bare.as_uri()} (main = {commit[:10]})")
        cfg = HubConfig(
            cull_timeout=args.cull_timeout,
            cull_every=args.cull_every,
            activity_interval=args.activity_interval,
        )
        hub = Hub(tmp, proxy, cfg)
        report["load_start"] = [round(x, 2) for x in os.getloadavg()]
        report["used_mb_before"] = round(used_memory_mb())
        hub.start(src, lab_settings(tmp))
        sampler = Sampler(hub)
        sampler.start()
        idle_hub = sampler.sample()["roles"]
        report["hub_idle_rss_mb"] = {r: round(v) for r, v in idle_hub.items()}

        log(f"{n} learners: {k} in Chromium, {n - k} over REST + kernel websocket")
        t_start = time.monotonic()
        shots = Path(args.screenshots) if args.screenshots else None
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
        results: list[Result] = []
        # Not `with`: on Ctrl-C/SIGTERM the hub is stopped first (finally, below), which
        # ends the learners' waits, instead of waiting here for them to time out.
        pool = ThreadPoolExecutor(max_workers=max(1, n - k) + 1)
        futures = []
        if browser_names:
            futures.append(
                pool.submit(run_browsers, hub, bare, browser_names, args.timeout, t_start, shots)
            )
        for name in rest_names:
            futures.append(
                pool.submit(lambda nm: [rest_learner(hub, bare, nm, args.timeout, t_start)], name)
            )
        for f in futures:
            results.extend(f.result())
        learn_wall = time.monotonic() - t_start
        results.sort(key=lambda r: r.name)
        for r in results:
            status = "ok " if r.ok else "FAIL"
            phases = " ".join(f"{p}={t:.1f}" for p, t in r.phases.items())
            log(f"  {status} {r.name} ({r.kind}): {phases} {r.error}")

        snap = sampler.sample()
        report["wall_s"] = round(learn_wall, 1)
        served = [r for r in results if r.ok]
        times = [r.login_to_stepper for r in served if r.login_to_stepper is not None]
        report["served"] = len(served)
        report["failed"] = {r.name: r.error for r in results if not r.ok}
        report["served_first_try"] = sum(r.ok and not r.retries for r in results)
        report["retries"] = {r.name: r.retries for r in results if r.retries}
        report["login_to_stepper_s"] = summarize_ms(times)
        for kind in ("rest", "browser"):
            kt = [r.login_to_stepper for r in served if r.kind == kind]
            report[f"login_to_stepper_{kind}_s"] = summarize_ms(kt)
        report["phases_median_s"] = {
            p: round(statistics.median(vals), 1)
            for p in ("login", "spawned", "pulled", "kernel", "ran", "stepper", "slider")
            if (vals := [r.phases[p] for r in served if p in r.phases])
        }
        mem = [r.memory_mb for r in served if r.memory_mb]
        rss = [m["rss"] for m in mem]
        uss = [m["uss"] for m in mem]
        pss = [m["pss"] for m in mem]
        with sampler.lock:
            peaks = list(sampler.peak_user_rss.values())
            load_peak = max(sampler.load1, default=float("nan"))
            used_peak = max(sampler.used_mb, default=float("nan"))
        report["memory_per_learner_mb"] = {
            "rss_median": round(statistics.median(rss)) if rss else None,
            "rss_max": round(max(rss)) if rss else None,
            "uss_median": round(statistics.median(uss)) if uss else None,
            "pss_median": round(statistics.median(pss)) if pss else None,
            "rss_peak_median": round(statistics.median(peaks)) if peaks else None,
            "rss_peak_max": round(max(peaks)) if peaks else None,
            "kernels_per_learner": sorted({m["kernels"] for m in mem}),
            "all_learners_rss_peak": round(sampler.peak_learners_rss_mb),
        }
        report["rss_by_role_mb"] = {r: round(v) for r, v in snap["roles"].items()}
        report["used_mb_peak"] = round(used_peak)
        report["used_mb_after_learning"] = round(used_memory_mb())
        report["load_peak"] = round(load_peak, 2)
        report["load_after_learning"] = [round(x, 2) for x in os.getloadavg()]
        report["cpu_s_by_role"] = sampler.cpu_by_role()
        report["pulled_homes"] = sum(
            (tmp / "home" / nm / FOLDER / NOTEBOOK).exists() for nm in names
        )
        report["results"] = [asdict(r) for r in results]
        log(
            f"served {len(served)}/{n}; login -> working stepper median "
            f"{report['login_to_stepper_s']['median']} s, "
            f"p95 {report['login_to_stepper_s']['p95']} s;"
            f" memory per learner (server + kernels) RSS median "
            f"{report['memory_per_learner_mb']['rss_median']} MB, USS median "
            f"{report['memory_per_learner_mb']['uss_median']} MB; load peak {load_peak:.1f}"
        )

        # idle culling: every learner has stopped; the culler runs all along
        running = hub.running_servers(names)
        used_before = used_memory_mb()
        learners_rss_now = sum(snap["per_user"].values())
        log(
            f"waiting for the idle culler (--timeout={args.cull_timeout}) to stop the "
            f"{len(running)} servers still running"
        )
        limit = args.cull_timeout + args.cull_every + 2 * args.activity_interval + args.cull_slack
        with contextlib.suppress(TimeoutError):
            wait_until(lambda: not hub.running_servers(names), limit, "servers culled", 1.0)
        left_running = hub.running_servers(names)

        def learner_procs():
            return [
                p for p in hub.descendants() if sampler.classify_safe(p) in ("server", "kernel")
            ]

        with contextlib.suppress(TimeoutError):
            wait_until(lambda: not learner_procs(), 60, "server and kernel processes gone")
        procs_left = len(learner_procs())
        used_after = used_memory_mb()
        with contextlib.suppress(Exception):
            sampler.watch_servers()
        # when each server stopped, counted from the moment its learner stopped
        idle_to_culled, early, freed_uss = [], [], 0.0
        with sampler.lock:
            for r in results:
                gone = sampler.gone_at.get(r.name)
                if gone is None:
                    continue
                if gone < r.finished_at - 1:  # (polled once a second)
                    early.append(r.name)
                else:
                    idle_to_culled.append(gone - r.finished_at)
                    freed_uss += r.memory_mb.get("uss", 0.0)
        report["culling"] = {
            "servers_running_when_all_stopped": len(running),
            "servers_left": len(left_running),
            "processes_left": procs_left,
            "culled": len(idle_to_culled),
            "culled_before_learner_stopped": early,
            "idle_to_culled_s": summarize_ms(idle_to_culled),
            "learners_rss_when_all_stopped_mb": round(learners_rss_now),
            # memory only the culled learners' processes held (USS when they finished)
            "freed_uss_mb": round(freed_uss),
            "used_mb_peak": round(used_peak),
            "used_mb_when_all_stopped": round(used_before),
            "used_mb_after_culling": round(used_after),
        }
        log(
            f"culling: {len(idle_to_culled)}/{n} servers stopped "
            f"{report['culling']['idle_to_culled_s']['median']} s (median) after their learner "
            f"stopped, {len(left_running)} still running, {procs_left} processes left; "
            f"memory in use: peak {used_peak:.0f}, all stopped {used_before:.0f}, "
            f"after culling {used_after:.0f} MB"
        )
        report["ok"] = (
            len(served) == n
            and not left_running
            and procs_left == 0
            and len(idle_to_culled) == n
            and not early
        )
        return report
    except Exception:
        if hub is not None:
            log("hub log (tail):\n" + hub.tail())
        raise
    finally:
        if sampler is not None:
            sampler.stop_event.set()
        if hub is not None:
            killed = hub.stop()
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            report["killed_at_cleanup"] = len(killed)
            report["left_after_cleanup"] = len(hub.marked())
            log(f"hub stopped; {len(killed)} leftover processes terminated at cleanup")
            if args.keep_log:
                shutil.copy(hub.log_path, args.keep_log)
        report["load_end"] = [round(x, 2) for x in os.getloadavg()]
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--learners", "-n", type=int, default=10)
    ap.add_argument(
        "--browsers",
        "-k",
        type=int,
        default=None,
        help="learners in headless Chromium (default 2, at most N-1)",
    )
    ap.add_argument("--json", help="write the report here")
    ap.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds for all learners to finish (default 240 + 20 per learner)",
    )
    ap.add_argument(
        "--cull-timeout",
        type=int,
        default=120,
        help="jupyterhub-idle-culler --timeout (seconds idle before a server stops)",
    )
    ap.add_argument("--cull-every", type=int, default=5)
    ap.add_argument(
        "--activity-interval",
        type=int,
        default=5,
        help="how often servers report activity to the hub (s)",
    )
    ap.add_argument(
        "--cull-slack",
        type=int,
        default=120,
        help="extra seconds to wait for the culler before calling it a failure",
    )
    ap.add_argument("--screenshots", help="folder for a screenshot per browser learner")
    ap.add_argument("--keep-log", help="copy the hub's log here at the end")
    args = ap.parse_args(argv)
    if not 1 <= args.learners <= 100:
        ap.error("--learners must be between 1 and 100")
    if args.timeout is None:
        args.timeout = 240 + 20 * args.learners

    # SIGTERM (a CI timeout, kill PID) ends the run through the same cleanup as Ctrl-C.
    def on_term(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    try:
        report = run(args)
    except Unavailable as exc:
        log(f"cannot run: {exc}")
        if args.json:
            Path(args.json).write_text(json.dumps({"unavailable": str(exc)}, indent=1))
        return 2
    except KeyboardInterrupt:
        log("interrupted; everything started was stopped")
        return 130
    except Exception:
        traceback.print_exc()
        return 1
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
        log(f"report written to {args.json}")
    summary = {k: v for k, v in report.items() if k != "results"}
    print(json.dumps(summary, indent=1))
    return 0 if report.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
