"""The project's set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from presse import config

ROOT = config.ROOT


def _norm(req: str) -> tuple[str, str]:
    r = Requirement(req)
    name = re.sub(r"[-_.]+", "-", r.name).lower()
    extras = ",".join(sorted(r.extras))
    return (f"{name}[{extras}]" if extras else name, str(r.specifier))


def _pyproject_deps() -> set[tuple[str, str]]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = meta["dependencies"] + meta["optional-dependencies"]["dev"]
    return {_norm(r) for r in reqs}


def _environment_deps() -> set[tuple[str, str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return {_norm(r) for r in pip_section if not r.startswith("-")}


def test_environment_yml_matches_pyproject():
    py, env = _pyproject_deps(), _environment_deps()
    assert py == env, f"only in pyproject: {sorted(py - env)}; only in environment.yml: {sorted(env - py)}"


def test_environment_yml_pins_python_311():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]


def test_constraints_pin_every_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, ver = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name).lower()] = ver.strip()
    for name, spec in _pyproject_deps():
        base = name.split("[")[0]
        assert base in pins, f"{base} is not pinned in constraints.txt"
        assert Requirement(f"{base}{spec}").specifier.contains(pins[base]), (
            f"constraints.txt pins {base}=={pins[base]}, outside pyproject's {spec}"
        )


def test_gitignore_keeps_lib():
    lines = [ln.strip() for ln in (ROOT / ".gitignore").read_text().splitlines()]
    assert not {"lib", "lib/", "/lib/"} & set(lines)


def test_ci_calls_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
    assert "make report" in (ROOT / "README.md").read_text()


def test_notebooks_match_their_paired_scripts():
    """Each notebook with a ``# %%`` script (jupytext pairing) has the same cells as it: the
    script is the reviewed source, the notebook its executed output (``make notebooks``)."""
    import jupytext

    notebooks = ROOT / "notebooks"
    scripts = sorted(notebooks.glob("[0-9][0-9]_*.py"))
    assert scripts, "no paired notebook script found"
    for script in scripts:
        ipynb = script.with_suffix(".ipynb")
        assert ipynb.is_file(), f"{script.name} has no executed notebook {ipynb.name}"
        a, b = jupytext.read(script), jupytext.read(ipynb)
        src_a = [(c.cell_type, c.source.strip()) for c in a.cells]
        src_b = [(c.cell_type, c.source.strip()) for c in b.cells]
        assert src_a == src_b, f"{ipynb.name} differs from {script.name}: run `make notebooks`"


def test_package_data_ships_the_report_templates():
    """The report's jinja2 templates are declared as package data: without them an
    installed (non-editable) presse could not render a page."""
    import fnmatch

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["presse"]
    package = ROOT / "lib" / "presse"
    templates = sorted((package / "report" / "templates").glob("*.j2"))
    assert templates
    for path in templates:
        rel = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(rel, g) for g in globs), f"{rel} is not package data"
