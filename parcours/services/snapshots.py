"""A completion frozen: the snapshot of a diagnostic's scores and roadmap, with its rows for
plain-SQL cohort figures, and the diagnostic's columns kept in step (journey/services.py for one
respondent, consolidation.py for a collective host)."""

from __future__ import annotations

from typing import Any

from ..engine import Questionnaire, Roadmap, Scores
from ..infra.extensions import db
from ..models import (
    COMPLETED,
    Diagnostic,
    RenderedPdf,
    Snapshot,
    SnapshotDimension,
    SnapshotRecommendation,
    utcnow,
)
from .pdfstore import drop


def freeze(diagnostic: Diagnostic, q: Questionnaire, scores: Scores, road: Roadmap,
           answers: dict[str, Any], results: dict[str, Any]) -> Snapshot:
    """Store a new snapshot (inside the caller's transaction) and mark the diagnostic completed
    with its figures; the PDFs of the previous snapshot can no longer be downloaded: they go."""
    snapshot = Snapshot(
        diagnostic=diagnostic, questionnaire_key=q.key, questionnaire_version=q.version,
        content_hash=q.content_hash, global_score=scores.global_score, level=scores.level,
        answers=answers, results=results)
    snapshot.dimension_scores = [SnapshotDimension(dimension_id=d, score=s.score)
                                 for d, s in scores.dimensions.items()]
    snapshot.recommendations = [
        SnapshotRecommendation(recommendation_id=item.recommendation.id, rank=item.rank,
                               in_plan=item.rank <= len(road.main))
        for item in road.selected]
    diagnostic.status, diagnostic.completed_at = COMPLETED, utcnow()
    diagnostic.questionnaire_version = q.version
    diagnostic.global_score, diagnostic.level = scores.global_score, scores.level
    db.session.add(snapshot)
    db.session.flush()
    diagnostic.latest_snapshot_id = snapshot.id
    drop(RenderedPdf.diagnostic_id == diagnostic.id)  # their files go once this commits
    return snapshot
