"""deploy/'s files agree with the code: every variable it reads is in the example environment
file (and nothing else is), nginx's body limit is the app's. No service needed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from parcours.config import Config

from .stack import DEPLOY, ROOT

EXAMPLE = DEPLOY / "parcours.env.example"


def listed() -> set[str]:
    """The variables of the example file, set or shown commented out (`# NAME=…`)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def _name(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _is_environ(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and \
        isinstance(node.value, ast.Name) and node.value.id == "os"  # not a WSGI environ


def read_by(path: Path) -> set[str]:
    """The variables a module reads: os.environ.get(X), os.environ[X], os.getenv(X), X a
    string or a module constant holding one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {target.id: node.value.value for node in ast.walk(tree)
                 if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                 and isinstance(node.value.value, str)
                 for target in node.targets if isinstance(target, ast.Name)}
    found = set()
    for node in ast.walk(tree):
        argument = None
        if isinstance(node, ast.Call) and node.args and isinstance(node.func, ast.Attribute):
            if (node.func.attr == "get" and _is_environ(node.func.value)) or \
                    node.func.attr == "getenv":
                argument = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environ(node.value) and \
                isinstance(node.ctx, ast.Load):
            argument = node.slice
        name = _name(argument, constants) if argument is not None else None
        if name:
            found.add(name)
    return found


def code_variables() -> set[str]:
    """Every variable the app reads, and those it names for a library to read (AWS_*)."""
    found: set[str] = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "parcours").rglob("*.py"))]:
        found |= read_by(path)
        found |= set(re.findall(r"\b((?:PARCOURS|AWS)_[A-Z0-9_]+)\b",
                                path.read_text(encoding="utf-8")))
    return found


def test_the_example_environment_lists_every_variable_the_code_reads() -> None:
    code = code_variables()
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "PARCOURS_STORAGE_URL",
            "PROMETHEUS_MULTIPROC_DIR", "PARCOURS_BIND"} <= code  # the scan finds them
    assert sorted(code - listed()) == [], "missing from deploy/parcours.env.example"
    assert sorted(listed() - code) == [], "in deploy/parcours.env.example, read by nothing"


def test_the_scan_finds_each_way_of_reading_a_variable(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text('import os\nNAME = "FROM_CONSTANT"\nos.environ.get("A")\n'
                      'os.environ["B"]\nos.getenv("C", "x")\nos.environ.get(NAME)\n'
                      'os.environ["D"] = "written, not read"\n'
                      'request.environ.get("WSGI_KEY")\n', encoding="utf-8")
    assert read_by(module) == {"A", "B", "C", "FROM_CONSTANT"}


def test_nginx_refuses_what_the_app_would_refuse() -> None:
    text = (DEPLOY / "nginx-parcours.conf").read_text(encoding="utf-8")
    size = re.search(r"^\s*client_max_body_size (\d+)([km]?);", text, re.MULTILINE)
    assert size, "no client_max_body_size"
    factor = {"": 1, "k": 1024, "m": 1024 * 1024}[size.group(2)]
    assert int(size.group(1)) * factor == Config(ROOT / "instance", "x").MAX_CONTENT_LENGTH


def test_the_units_run_what_exists() -> None:
    """The commands of the units are the project's: gunicorn on parcours/gunicorn_conf.py, rq
    on the queue the app fills, the purge command."""
    web = (DEPLOY / "parcours-web.service").read_text(encoding="utf-8")
    worker = (DEPLOY / "parcours-worker@.service").read_text(encoding="utf-8")
    purge = (DEPLOY / "parcours-purge.service").read_text(encoding="utf-8")
    timer = (DEPLOY / "parcours-purge.timer").read_text(encoding="utf-8")
    assert "-c python:parcours.gunicorn_conf app:app" in web
    assert (ROOT / "parcours" / "gunicorn_conf.py").is_file()
    assert "${PARCOURS_RQ_QUEUE}" in worker and "PARCOURS_RQ_QUEUE=" in EXAMPLE.read_text()
    assert "KillMode=mixed" in worker  # SIGTERM to rq only: the job in hand finishes
    assert re.search(r"^ExecStart=.*flask --app app parcours purge$", purge, re.MULTILINE)
    assert "OnCalendar=" in timer and "Persistent=true" in timer
    for unit in (web, worker, purge):
        assert "EnvironmentFile=/etc/parcours/parcours.env" in unit
