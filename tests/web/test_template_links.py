"""Templates' `url_for` remembers the links it built (web/links.py): it must give exactly what
Flask's own gives, under any root the app is mounted at, and build again what it cannot key."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, render_template_string

CALLS: list[tuple[str, dict[str, Any]]] = [
    ("static", {"filename": "css/app.css"}),
    ("main.home", {}),
    ("journey.resume_code", {}),
    ("main.set_language", {"code": "en", "next": "/d/abc/etape/x?y=1"}),
    ("journey.section", {"public_id": "abc", "section_id": "vision_enjeux_section"}),
    ("journey.section", {"public_id": "abd", "section_id": "vision_enjeux_section"}),
    ("main.home", {"page": 2}),
    ("main.home", {"_anchor": "top"}),
    ("main.home", {"_external": True}),
    ("main.home", {"flag": True}),
]


def test_template_links_are_flasks_own_under_any_root(app: Flask) -> None:
    template = "{{ url_for(endpoint, **values) }}"
    for root in ["", "/adoc", "/autre/racine", "", "/adoc"]:  # built, then remembered
        for endpoint, values in CALLS:
            with app.test_request_context("/", base_url=f"http://localhost{root}/"):
                expected = app.url_for(endpoint, **values)
                assert render_template_string(template, endpoint=endpoint,
                                              values=values) == expected.replace("&", "&amp;")
                assert expected.startswith(root) or values.get("_external")


def test_a_relative_endpoint_is_remembered_per_blueprint(app: Flask) -> None:
    template = "{{ url_for('.home') }}"
    with app.test_request_context("/"):
        assert render_template_string(template) == "/"
    with app.test_request_context("/d/x/etape/y"):  # the journey's: it has no « home »
        with pytest.raises(Exception, match="journey.home"):
            render_template_string(template)


SAMPLES = {"IntegerConverter": 7, "UnicodeConverter": "abc-1", "PathConverter": "a/b c"}


def test_every_route_builds_the_links_werkzeugs_own_rules_build(app: Flask) -> None:
    """The app's routes compile their link builders when first used (web/links.LazyRule): each
    builds what Werkzeug's own rule, compiled at once, builds, with or without extra values (the
    query string) and with the rule's defaults."""
    from werkzeug.routing import Map, Rule

    from parcours.web.links import LazyRule

    rules = list(app.url_map.iter_rules())
    assert sum(isinstance(rule, LazyRule) for rule in rules) == len(rules) - 1  # but static
    eager = Map([Rule(rule.rule, endpoint=rule.endpoint, defaults=rule.defaults,
                      methods=rule.methods) for rule in rules],
                converters=app.url_map.converters)
    ours, theirs = app.url_map.bind("localhost"), eager.bind("localhost")
    built = 0
    for rule in rules:
        values: dict[str, Any] = {}
        for name, converter in rule._converters.items():
            kind = type(converter).__name__
            values[name] = next(iter(converter.items)) if kind == "AnyConverter" \
                else SAMPLES[kind]  # type: ignore[attr-defined]
        for extra in ({}, {"page": 2, "q": "été & co"}):
            expected = theirs.build(rule.endpoint, {**values, **extra}, method=next(iter(
                rule.methods or {"GET"})))
            assert ours.build(rule.endpoint, {**values, **extra},
                              method=next(iter(rule.methods or {"GET"}))) == expected
            built += 1
    assert built == 2 * len(rules)
