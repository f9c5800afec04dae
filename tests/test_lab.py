"""JupyterLab as `make lab` starts it: localhost only, answers only with its token.

The server runs as a subprocess of the test on a free port with a random token, with its
runtime and config folders in tmp_path (nothing written to the user's ~/.jupyter), and is
always stopped, whatever happens. Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from presse import config

START_TIMEOUT = 90  # seconds; a cold start on a busy 2-core machine takes ~5-20 s


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _get(url: str, token: str | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET that follows no redirect."""
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", f"token {token}")
    try:
        with _opener.open(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab on notebooks/: yields (base_url, token); stopped afterwards."""
    tmp = tmp_path_factory.mktemp("lab")
    port, token = _free_port(), secrets.token_hex(24)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"))
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={config.NOTEBOOKS}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers/CI often run as root
        cmd.append("--allow-root")
    log = open(tmp / "lab.log", "wb")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                            cwd=config.ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {proc.returncode}:\n"
                            + (tmp / "lab.log").read_text(errors="replace")[-3000:])
            try:
                status, _, _ = _get(f"{base}/api/status", token)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer within {START_TIMEOUT} s:\n"
                            + (tmp / "lab.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # jupyter's clean shutdown (asks no confirmation
            try:                             # when stdin is not a terminal)
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
        log.close()


def test_api_refuses_without_token(lab):
    base, token = lab
    status, _, _ = _get(f"{base}/api/status")
    assert status in (401, 403)
    status, _, _ = _get(f"{base}/api/status", token="wrong" + token)
    assert status in (401, 403)
    status, _, _ = _get(f"{base}/api/contents")
    assert status in (401, 403)


def test_lab_page_asks_for_login_without_token(lab):
    base, token = lab
    status, headers, _ = _get(f"{base}/lab")
    assert status in (302, 303, 401, 403)
    if status in (302, 303):
        assert "/login" in headers.get("Location", "")
    status, _, body = _get(f"{base}/lab?token={token}")
    assert status == 200 and b"JupyterLab" in body


def test_status_and_notebooks_listed_with_token(lab):
    base, token = lab
    status, _, body = _get(f"{base}/api/status", token)
    assert status == 200 and "started" in json.loads(body)
    status, _, body = _get(f"{base}/api/contents", token)
    assert status == 200
    listed = sorted(item["name"] for item in json.loads(body)["content"]
                    if item["type"] == "notebook")
    on_disk = sorted(p.name for p in config.NOTEBOOKS.glob("*.ipynb"))
    assert on_disk, "notebooks/ holds no notebook"
    # jupytext also opens each notebook's paired `# %%` script as a notebook
    paired = sorted(p.name for p in config.NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    assert listed == sorted(on_disk + paired)


def test_project_kernel_is_offered(lab):
    base, token = lab
    status, _, body = _get(f"{base}/api/kernelspecs", token)
    assert status == 200
    specs = json.loads(body)
    assert specs["default"] == "python3" and "python3" in specs["kernelspecs"]
