"""E-mail, when PARCOURS_SMTP_URL is set (and never required): `smtp` talks to the server,
`compose` writes a message in its reader's language from Jinja templates under templates/mail/,
`outbox` queues it in the caller's transaction and sends it through the job system, with retries.

Blueprints register what each kind of message says (`@compose.composer("kind")`) and queue
messages by kind (`outbox.queue`), as jobs are registered and submitted by name: this package
imports only infra and the models, never a service or a blueprint.
"""
