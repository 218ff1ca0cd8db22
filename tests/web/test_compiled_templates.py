"""Templates compile once per process, whatever the number of apps (parcours/web/compiled.py)."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment

from parcours import create_app
from parcours.web import compiled


def _counting(environment: Environment) -> list[str]:
    """The names `environment` compiles from now on."""
    seen: list[str] = []
    compile_ = environment.compile

    def counted(source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(name))
        return compile_(source, name, *args, **kwargs)

    environment.compile = counted  # type: ignore[method-assign]
    return seen


def _env(templates: dict[str, str], **settings: Any) -> Environment:
    environment = Environment(loader=DictLoader(templates), autoescape=True, **settings)
    compiled.share(environment)
    return environment


def test_a_second_environment_reuses_the_compiled_code() -> None:
    _env({"t_reuse": "{{ x }}!"}).get_template("t_reuse")
    second = _env({"t_reuse": "{{ x }}!"})
    seen = _counting(second)
    assert second.get_template("t_reuse").render(x=1) == "1!"
    assert seen == []


def test_an_edited_template_compiles_again() -> None:
    assert _env({"t_edit": "before"}).get_template("t_edit").render() == "before"
    second = _env({"t_edit": "after"})
    seen = _counting(second)
    assert second.get_template("t_edit").render() == "after"
    assert seen == ["t_edit"]


def test_other_compiling_settings_compile_their_own() -> None:
    _env({"t_trim": "{% if 1 %}\nA{% endif %}"}).get_template("t_trim")
    trimmed = _env({"t_trim": "{% if 1 %}\nA{% endif %}"}, trim_blocks=True)
    seen = _counting(trimmed)
    assert trimmed.get_template("t_trim").render() == "A"
    assert seen == ["t_trim"]


def test_apps_of_one_process_share_their_templates_and_still_escape() -> None:
    config = {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
              "PDF_PRERENDER": False}
    first, second = create_app(config), create_app(config)
    with first.test_request_context():
        first.jinja_env.get_template("main/home.html")
    seen = _counting(second.jinja_env)
    with second.test_request_context():
        html = second.jinja_env.from_string("{{ v }}").render(v="<b>")
        second.jinja_env.get_template("main/home.html")
    assert "home" not in " ".join(seen)
    assert html == "&lt;b&gt;"
