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
