"""The trainer dashboard: p95 of a page of participants in a cohort of 10,000 against one of 100
(its cost should not depend on the cohort's size)."""

from __future__ import annotations

import random
import statistics
import tempfile

from .common import Row, timed


def _seed(size: int, trainer_id: int) -> str:
    """A cohort of `size` participants, inserted in bulk (the dashboard reads, it does not care
    how the rows came)."""
    from sqlalchemy import insert

    from parcours.infra.extensions import db
    from parcours.models import Cohort, Diagnostic, Organisation

    cohort = Cohort(trainer_id=trainer_id, name=f"Bench {size}", lang="fr",
                    questionnaire_key="adoc", join_token_hash=f"bench-token-{size}",
                    join_code_hash=f"bench-code-{size}")
    db.session.add(cohort)
    db.session.commit()
    rng = random.Random(size)
    kinds = ["association", "entreprise", "collectivite", "autre"]
    organisations = [{"name": f"Organisation {n:05d}", "kind": rng.choice(kinds)}
                     for n in range(size)]
    ids = db.session.scalars(insert(Organisation).returning(Organisation.id), organisations).all()
    rows = []
    for n, organisation_id in enumerate(ids):
        score = rng.uniform(5, 95) if n % 4 else None
        rows.append({"public_id": f"bench{size}-{n:06d}", "organisation_id": organisation_id,
                     "questionnaire_key": "adoc", "questionnaire_version": "2.0.0",
                     "lang": "fr", "status": "completed" if score is not None else "in_progress",
                     "resume_token_hash": f"t{size}-{n}", "resume_code_hash": f"c{size}-{n}",
                     "cohort_id": cohort.id, "progress": rng.randint(10, 100),
                     "global_score": score,
                     "level": None if score is None else 1 + int(score >= 40) + int(score >= 60)
                     + int(score >= 80)})
    db.session.execute(insert(Diagnostic), rows)
    db.session.commit()
    return cohort.public_id


def run(repeat: int = 60, only_overview: bool = False) -> tuple[list[Row], list[str]]:
    from flask_migrate import upgrade

    from parcours import create_app
    from parcours.auth.services import create_user
    from parcours.infra.extensions import db

    folder = tempfile.mkdtemp(prefix="bench-dashboard-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        trainer = create_user("bench-dashboard@example.org", "bench-password", "trainer")
        small, large = _seed(100, trainer.id), _seed(10_000, trainer.id)
    client = app.test_client()
    page = client.get("/connexion").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/connexion", data={"csrf_token": token, "email": "bench-dashboard@example.org",
                                    "password": "bench-password"})

    def p95(cohort: str, queries: list[str]) -> float:
        times: list[float] = []
        for query in queries:
            url = f"/formateur/groupes/{cohort}{query}"
            assert client.get(url).status_code == 200
            times += timed(lambda url=url: client.get(url), max(20, repeat // len(queries)))
        return statistics.quantiles(times, n=20)[-1] * 1000

    # views that fill a page of 50 in both cohorts (an emptier page is cheaper to render)
    browse = ["", "?tri=score", "?statut=completed&tri=progress", "?page=2",
              "?page=2&tri=name&ordre=asc", "?statut=to_review"]
    # names are « Organisation 00000 » onwards in both cohorts: these find 1 and 11 in each
    search = ["?q=00042", "?q=0004"]
    rows = []
    parts = () if only_overview else (("sort, filter, page", browse), ("search by name", search))
    for label, queries in parts:
        small_p95, large_p95 = p95(small, queries), p95(large, queries)
        ratio = large_p95 / small_p95
        rows.append(Row(f"trainer dashboard p95, cohort of 10,000: {label} (SQLite)",
                        f"{large_p95:.1f} ms", f"cohort of 100: {small_p95:.1f} ms",
                        f"{ratio:.2f} ×", "≤ 1.5 ×", ratio <= 1.5))
    # the overview: the group's figures (read once per change of the cohort, then from memory),
    # a page of the grid (50 rows, a subquery per cell), who has not finished
    overview = ["/synthese", "/synthese?tri=name", "/synthese?page=2"]
    cold = timed(lambda: client.get(f"/formateur/groupes/{large}/synthese"), 1)[0] * 1000
    small_view, large_view = p95(small, overview), p95(large, overview)
    rows.append(Row("cohort overview p95, cohort of 10,000 (SQLite)", f"{large_view:.1f} ms",
                    f"cohort of 100: {small_view:.1f} ms", f"{large_view / small_view:.2f} ×",
                    "≤ 1.5 ×", large_view / small_view <= 1.5))
    overview_note = (f"overview: {', '.join(overview)}, after a first view that computes the "
                     f"group's figures ({cold:.0f} ms at 10,000: they are read again only "
                     "when a diagnostic of the cohort changes)")
    if only_overview:
        return rows, [overview_note]
    everyone = ["?q=organisation"]  # every name: 10,000 matches to count, not 100
    small_all, large_all = p95(small, everyone), p95(large, everyone)
    with app.app_context():
        db.engine.dispose()
    return rows, [overview_note, "dashboard: the whole page (participants, counts, template) "
                  "through the test "
                  "client; sort, filter and page mix " + ", ".join(q or "(default)" for q in browse)
                  + "; search " + ", ".join(search) + " (the same matches in both cohorts). "
                  f"A search that every name matches grows with its matches: p95 "
                  f"{large_all:.1f} ms with 10,000 against {small_all:.1f} ms with 100 "
                  f"({large_all / small_all:.2f} ×)"]
