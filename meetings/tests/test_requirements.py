"""The dependency locks: every package pinned with the hashes of its files, and installed only with them checked."""

import re
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOCKS = {"requirements.txt": "requirements.in", "requirements-dev.txt": "requirements-dev.in"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of each requirement in a pip-compile lock."""
    text = path.read_text().replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})*)\s*$", line)
        assert match, f"{path.name}: not a pinned, hashed requirement: {line!r}"
        entries[canonical(match.group(1))] = (match.group(2), re.findall(r"sha256:([0-9a-f]{64})", match.group(3)))
    return entries


def pins(path: Path) -> dict[str, str]:
    """name -> version of each pin in a requirements*.in file (and the files it includes)."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found |= pins(path.parent / line[3:].strip())
        elif line:
            name, version = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)$", line).groups()
            found[canonical(name)] = version
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_the_hashes_of_its_files(lock):
    entries = locked(REPO / lock)
    assert len(entries) >= 30
    for name, (_version, hashes) in entries.items():
        assert hashes, f"{lock}: {name} has no hash, so any file of that name would install"


@pytest.mark.parametrize("lock, source", LOCKS.items())
def test_each_lock_holds_every_pin_of_its_source_at_that_version(lock, source):
    entries = locked(REPO / lock)
    for name, version in pins(REPO / source).items():
        assert entries.get(name, (None,))[0] == version, f"{lock} is stale for {name}: run `make lock`"


def test_the_runtime_lock_is_part_of_the_development_lock():
    runtime, development = locked(REPO / "requirements.txt"), locked(REPO / "requirements-dev.txt")
    assert {name: entry[0] for name, entry in runtime.items()} == {name: development[name][0] for name in runtime}


def test_installs_require_the_hashes():
    assert "pip install --no-cache-dir --require-hashes -r requirements.txt" in (REPO / "Dockerfile").read_text()
    assert "--require-hashes -r requirements-dev.txt" in (REPO / "Makefile").read_text()


def test_the_suite_runs_on_the_locked_versions():
    for name, (version, _hashes) in locked(REPO / "requirements-dev.txt").items():
        assert metadata.version(name) == version, name
