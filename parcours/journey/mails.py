"""E-mails about a diagnostic, when e-mail is configured (parcours/mail/): what they say, and
the writes behind the link page's « Recevoir ce lien par e-mail ».

Every message carries the diagnostic's *current* resume link and code, derived again from its
seed when the message is written (codes.py): the address is one its participant gave for it,
and a renewed link is what is sent after the renewal. A diagnostic whose link cannot be derived
(from before seeds, or another SECRET_KEY) gets its results page's address and a word that the
resume link or code opens it; its own resume-link message cannot be written and is not sent.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..infra.extensions import db
from ..infra.unit_of_work import transaction
from ..mail import outbox
from ..mail.compose import CannotCompose, Draft, composer
from ..models import (
    PARTNER_ENDED,
    PARTNER_LINKED,
    Comment,
    Diagnostic,
    Invitation,
    Mail,
    PartnerNotice,
)
from ..services import collective
from ..services.questionnaires import all_questionnaires, brand
from ..web.links import external_url
from . import services


def send_link(diagnostic: Diagnostic, address: str, keep: bool) -> None:
    """Queue the resume link to `address`; keep the address for notices only if asked."""
    with transaction():
        if keep:
            diagnostic.notify_email = address
        outbox.queue(outbox.RESUME_LINK, address, diagnostic.lang, diagnostic_id=diagnostic.id)


def forget_address(diagnostic: Diagnostic) -> None:
    """Remove the kept address, and the notices to it not sent yet."""
    with transaction():
        diagnostic.notify_email = None
        outbox.forget_queued(diagnostic.id, outbox.NOTICES)


def _about(mail: Mail) -> tuple[Diagnostic, dict[str, Any]]:
    """The diagnostic a message is about, and what every such message shows."""
    diagnostic = db.session.get(Diagnostic, mail.diagnostic_id) if mail.diagnostic_id else None
    if diagnostic is None:
        raise CannotCompose("the diagnostic is gone")
    product = brand(all_questionnaires().get(diagnostic.questionnaire_key))
    known = services.current_secrets(diagnostic)
    token, code = known if known else (None, None)
    return diagnostic, {
        "organisation": diagnostic.organisation.name, "product": product, "code": code,
        "link": external_url("journey.resume_link", token=token) if token else None,
        "resume_page": external_url("journey.resume_code"),
        "results": external_url("journey.results", public_id=diagnostic.public_id),
    }


@composer(outbox.RESUME_LINK)
def resume_link(mail: Mail) -> Draft:
    """The private resume link and code, asked for on the link page."""
    diagnostic, context = _about(mail)
    if context["link"] is None:
        raise CannotCompose("the resume link cannot be derived any more")
    return Draft(_("Votre lien pour reprendre « %(product)s »", product=context["product"]),
                 "resume_link", {**context, "kept": diagnostic.notify_email == mail.recipient},
                 sender_name=context["product"])


@composer(outbox.ROADMAP_READY)
def roadmap_ready(mail: Mail) -> Draft:
    """The diagnostic is completed: its roadmap can be read and downloaded."""
    _diagnostic, context = _about(mail)
    return Draft(_("Votre feuille de route est prête — %(product)s", product=context["product"]),
                 "roadmap_ready", context, sender_name=context["product"])


@composer(outbox.NEW_COMMENT)
def new_comment(mail: Mail) -> Draft:
    """A trainer commented; the text stays on the site (the message says who, not what)."""
    diagnostic, context = _about(mail)
    latest = db.session.scalars(
        select(Comment).where(Comment.diagnostic_id == diagnostic.id,
                                 Comment.cohort_id == diagnostic.cohort_id)
        .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(1)).first()
    trainer = latest.author.shown_name if latest is not None and latest.author else None
    return Draft(_("Un nouveau commentaire sur votre diagnostic — %(product)s",
                   product=context["product"]),
                 "new_comment", {**context, "trainer": trainer}, sender_name=context["product"])


def _partner_named(mail: Mail, kind: str) -> str | None:
    """The partner named by the latest notice of `kind` about the message's diagnostic, if it
    still exists (read when the message is written: a deleted partner is never named)."""
    notice = db.session.scalars(
        select(PartnerNotice).where(PartnerNotice.diagnostic_id == mail.diagnostic_id,
                                    PartnerNotice.kind == kind)
        .order_by(PartnerNotice.created_at.desc(), PartnerNotice.id.desc()).limit(1)).first()
    return notice.partner.organisation.name if notice is not None and notice.partner else None


@composer(outbox.PARTNER_LINKED)
def partner_linked(mail: Mail) -> Draft:
    """A partner entered and confirmed the partner code this diagnostic offered (issue 25)."""
    _diagnostic, context = _about(mail)
    return Draft(_("Votre partenaire a lié son diagnostic au vôtre — %(product)s",
                   product=context["product"]),
                 "partner_linked", {**context, "partner": _partner_named(mail, PARTNER_LINKED)},
                 sender_name=context["product"])


@composer(outbox.PARTNER_ENDED)
def partner_ended(mail: Mail) -> Draft:
    """A link with a partner ended: the partner ended it, or its diagnostic was deleted."""
    _diagnostic, context = _about(mail)
    return Draft(_("Un lien avec un partenaire a pris fin — %(product)s",
                   product=context["product"]),
                 "partner_ended", {**context, "partner": _partner_named(mail, PARTNER_ENDED)},
                 sender_name=context["product"])


@composer(outbox.INVITATION)
def invitation(mail: Mail) -> Draft:
    """A role's invitation to answer a collective diagnostic, link derived again when sent."""
    found = db.session.get(Invitation, mail.invitation_id) if mail.invitation_id else None
    host = db.session.get(Diagnostic, found.host_id) if found is not None else None
    if found is None or host is None:
        raise CannotCompose("the invitation is gone")
    product = brand(all_questionnaires().get(host.questionnaire_key))
    context = {"organisation": host.organisation.name, "product": product,
               "role": collective.role_label(found.role),
               "link": external_url("journey.invitation",
                                    token=collective.invitation_token(found))}
    return Draft(_("%(organisation)s vous invite à répondre à « %(product)s »",
                   organisation=context["organisation"], product=product),
                 "invitation", context, sender_name=product)
