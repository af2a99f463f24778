"""The distribution as a user installs it: the wheel built from this checkout, installed in a new
virtual environment, migrates a new SQLite database with the migrations it carries and reads its
policy from its own package data, with nothing of the checkout on its path.

Offline by design: the wheel is built without build isolation (setuptools and wheel come with the
test extras), and the new environment gets the product from the wheel alone, while its
dependencies are the ones already installed here (a path line to this environment's
site-packages; that directory's own ``.pth`` files, among them the editable install's, are not
run). Locally a build that cannot run is skipped with a loud reason; under CI it fails."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from core.storage.schema import MIGRATIONS_DIR
from core.storage.tables import metadata
from tests.support.loud import unavailable

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(600)]

REPO = Path(__file__).resolve().parents[1]
TOP_LEVEL = ("pyproject.toml", "README.md")


def _packages() -> list[str]:
    """The top-level packages the distribution ships (``tool.setuptools.packages.find.include``)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return sorted({pattern.rstrip("*").rstrip(".") for pattern in project["tool"]["setuptools"]["packages"]["find"]["include"]})


def _source_files(packages: list[str]) -> list[str]:
    """The files a wheel is built from: those of the checkout git does not ignore, or (no git) every
    file of the packages."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
                             *TOP_LEVEL, *packages], cwd=REPO, capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        return sorted({name for name in listed.stdout.decode().split("\0") if name and (REPO / name).is_file()})
    files = list(TOP_LEVEL)
    for package in packages:
        files += [path.relative_to(REPO).as_posix() for path in (REPO / package).rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"]
    return sorted(files)


def _run(command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300, cwd=cwd, env=env)


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    return " | ".join((result.stdout + result.stderr).strip().splitlines()[-8:])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    packages = _packages()
    source = tmp_path_factory.mktemp("source")
    for name in _source_files(packages):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                  "--disable-pip-version-check", "--wheel-dir", str(dist), str(source)])
    wheels = sorted(dist.glob("complaintdesk-*.whl"))
    if built.returncode != 0 or len(wheels) != 1:
        unavailable(f"the wheel could not be built offline (pip wheel --no-build-isolation: {_tail(built)})")
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed; returns its ``bin`` directory."""
    venv = tmp_path_factory.mktemp("venv")
    created = _run([sys.executable, "-m", "venv", str(venv)])
    if created.returncode != 0:
        unavailable(f"no virtual environment could be made ({_tail(created)})")
    python = venv / "bin" / "python"
    added = _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check",
                  str(wheel)])
    assert added.returncode == 0, _tail(added)
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "complaintdesk_test_dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(here)))
    return venv / "bin"


def _environment(data_dir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("COMPLAINTDESK_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(COMPLAINTDESK_DATA_DIR=str(data_dir), COLUMNS="1000", NO_COLOR="1")
    return env


def test_the_wheel_carries_every_file_of_the_packages(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        carried = set(archive.namelist())
    expected = {name for name in _source_files(_packages()) if name not in TOP_LEVEL}
    assert expected - carried == set()
    migrations = MIGRATIONS_DIR.relative_to(REPO).as_posix()
    assert {f"{migrations}/env.py", f"{migrations}/script.py.mako", "config/policy.toml"} <= carried
    assert any(name.startswith(f"{migrations}/versions/") for name in carried)


def test_the_installed_product_migrates_a_new_database_from_its_own_files(installed: Path, tmp_path: Path) -> None:
    run_dir, data_dir = tmp_path / "elsewhere", tmp_path / "data"
    run_dir.mkdir()
    env = _environment(data_dir)

    where = _run([str(installed / "python"), "-c",
                  "import json, sys, sysconfig, config, core, channels, bot, nlu, core.storage.schema as schema; "
                  "print(json.dumps({'purelib': sysconfig.get_paths()['purelib'], 'path': sys.path, "
                  "'modules': [m.__file__ for m in (config, core, channels, bot, nlu)], "
                  "'migrations': str(schema.MIGRATIONS_DIR)}))"], cwd=run_dir, env=env)
    assert where.returncode == 0, _tail(where)
    found = json.loads(where.stdout)
    purelib = Path(found["purelib"]).resolve()
    for location in (*found["modules"], found["migrations"]):
        assert Path(location).resolve().is_relative_to(purelib), f"{location} is not the installed wheel's"
    assert not any(Path(entry or run_dir).resolve() == REPO for entry in found["path"])

    upgraded = _run([str(installed / "complaintdesk"), "db", "upgrade"], cwd=run_dir, env=env)
    assert upgraded.returncode == 0, _tail(upgraded)
    with sqlite3.connect(data_dir / "complaintdesk.sqlite3") as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not row[0].startswith("sqlite_")}
        (version,) = database.execute("SELECT version_num FROM alembic_version").fetchone()
    assert tables == set(metadata.tables) | {"alembic_version"}
    from alembic.script import ScriptDirectory

    assert version == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()

    checked = _run([str(installed / "complaintdesk"), "config", "check"], cwd=run_dir, env=env)
    assert checked.returncode == 0, _tail(checked)
    shipped_policy = Path(found["modules"][0]).with_name("policy.toml")  # beside the installed config/__init__.py
    assert f"policy: {shipped_policy} " in checked.stdout, checked.stdout[-2000:]
    assert "configuration is valid" in checked.stdout
