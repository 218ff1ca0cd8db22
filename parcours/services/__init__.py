"""The domain's services, shared by the blueprints, the reports and the CLI: questionnaires
served, cohorts, alliances, collective diagnostics, plans, snapshots, stored PDFs, erasure, the
purge, the access log. May import the engine, the models, infra and mail; never the web."""
