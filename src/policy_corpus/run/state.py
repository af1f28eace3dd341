"""Content hashes and the run manifest: what each stage saw, what it made, how it went.

A stage is skipped when the fingerprint of everything it depends on (its notebook, its
parameters, its input tables and files, the codebook, the package's code and the versions of
the libraries) equals the one recorded when it last ran, and its outputs are still the files it
wrote then. Hashes are of content, never of timestamps, so a fresh clone or a ``touch`` does not
trigger work and an edit that changes one byte always does.

The run manifest, ``reports_dir/run.json``, is the report's provenance: for every stage the
hashes of its inputs and outputs, its parameters, its timing and its outcome.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from policy_corpus.contract.paths import PACKAGE_DIR
from policy_corpus.contract.storage import write_text_atomic

RUN_MANIFEST = "run.json"
#: Parameters that change how a stage runs, never what it writes: left out of its fingerprint,
#: so running with more cores or on Dask does not redo work, and out of the report.
EXECUTION_PARAMETERS = frozenset({"n_jobs", "engine", "scheduler"})
FORMAT_VERSION = 1
_BLOCK = 1 << 20


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes (read in blocks), or ``"missing"`` if there is no such file."""
    path = Path(path)
    if not path.is_file():
        return "missing"
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_scratch(path: Path) -> bool:
    """Files that are not content: hidden files, temporaries, bytecode caches."""
    return any(part.startswith(".") or part == "__pycache__" for part in path.parts) or (
        path.suffix in {".tmp", ".pyc"}
    )


def folder_files(folder: str | Path, patterns: Iterable[str] = ("**/*",)) -> list[Path]:
    """The content files of a folder matching the glob patterns, sorted, scratch files left out."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = {
        path
        for pattern in patterns
        for path in folder.glob(pattern)
        if path.is_file() and not _is_scratch(path.relative_to(folder))
    }
    return sorted(found)


def folder_hash(folder: str | Path, patterns: Iterable[str] = ("**/*",)) -> str:
    """One hash of the names and contents of a folder's files (``"missing"`` if no folder)."""
    folder = Path(folder)
    if not folder.is_dir():
        return "missing"
    entries = {
        path.relative_to(folder).as_posix(): file_hash(path)
        for path in folder_files(folder, patterns)
    }
    return digest(entries)


def digest(value: Any) -> str:
    """SHA-256 of a JSON-able value, independent of the order of mapping keys."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_hash() -> str:
    """Hash of the installed package's code, codebook and templates."""
    return folder_hash(PACKAGE_DIR)


def _requirement_names(package: str) -> list[str]:
    """The names of a distribution's runtime requirements (extras left out)."""
    names = []
    for requirement in metadata.requires(package) or []:
        if "extra ==" in requirement:
            continue
        match = re.match(r"[A-Za-z0-9_.-]+", requirement)
        if match:
            names.append(match[0])
    return names


def package_versions(package: str = "policy-corpus") -> dict[str, str]:
    """Versions of Python, the package and its runtime dependencies, as installed."""
    versions = {"python": platform.python_version()}
    for name in [package, *_requirement_names(package)]:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def load_manifest(path: str | Path) -> dict[str, Any]:
    """Read a run manifest; an absent or unreadable one is an empty manifest (all stages run)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        return {}
    return data


def save_manifest(path: str | Path, manifest: Mapping[str, Any]) -> Path:
    """Write a run manifest atomically (a crash leaves the previous one)."""
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False, default=str)
    return write_text_atomic(path, text + "\n")


def outputs_unchanged(recorded: Mapping[str, str]) -> bool:
    """Whether every output a stage recorded is still there with the same content.

    Keys are absolute paths; a key ending in ``/`` is a folder, with the hash of its content.
    An output that was missing when recorded (an optional table the stage did not write) must
    still be missing.
    """
    for name, expected in recorded.items():
        actual = folder_hash(name) if name.endswith("/") else file_hash(name)
        if actual != expected:
            return False
    return True


def recorded_parameters(stages: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Stage → the parameters it ran with that can change what it writes, from a run record.

    >>> recorded_parameters({"01_ingest": {"parameters": {"simplify": True, "n_jobs": 2}}})
    {'01_ingest': {'simplify': True}}
    """
    return {
        name: {
            key: value
            for key, value in (record.get("parameters") or {}).items()
            if key not in EXECUTION_PARAMETERS
        }
        for name, record in sorted(stages.items())
        if isinstance(record, Mapping)
    }
