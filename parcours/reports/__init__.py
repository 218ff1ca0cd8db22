"""Reports: the plain context of a results page or PDF, its wording, SVG charts, the PDF
(rendered in worker processes) and its cache key; the joint and collective sections; a
participant's answers as the trainer reads them (`answers`).
May import services, mail, infra, models and the engine; never the web or a blueprint."""
