"""environment.yml (conda) and requirements.lock (pip) stay in step with pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def canonical(requirement: str) -> tuple[str, str]:
    """('name', 'lower bound') of a requirement like 'pandas>=2.2', names normalised."""
    name, _, bound = re.match(r"([A-Za-z0-9_.\-]+)\s*(>=\s*([\w.]+))?", requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), bound or ""


def pyproject_requirements() -> set[tuple[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {canonical(r) for r in requirements}


def environment_requirements() -> set[tuple[str, str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found = set()
    for dep in env["dependencies"]:
        entries = dep["pip"] if isinstance(dep, dict) else [dep]
        for entry in entries:
            if not entry.startswith("-") and canonical(entry)[0] not in ("python", "pip"):
                found.add(canonical(entry))
    return found


def test_environment_yml_matches_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_lock_file_pins_every_dependency():
    pinned = {
        canonical(line)[0]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line and not line.startswith("#")
    }
    missing = {name for name, _ in pyproject_requirements()} - pinned
    assert not missing, f"requirements.lock lacks {missing}: run `make lock`"
    assert all(
        "==" in line for line in (ROOT / "requirements.lock").read_text().splitlines() if line
    )
