"""Boilerplate rules of the cleaner: what web-page furniture looks like, line by line.

:data:`RULES` is a table of :class:`Rule` objects, each a reason code and a pattern matched
against a whole (normalised, stripped) line; :func:`match_rule` returns the reason of the
first rule a line matches. :func:`presse.clean.clean_document` applies them and lists every
removed line with its reason. Rules are of two strengths:

* *strong* rules match a whole short line whose wording is never article prose
  ("Partager", "Laisser un commentaire", "Mis à jour le 8 novembre 2024 à 7h52"); they
  apply anywhere in the document;
* *edge* rules (bylines, section labels, bare dates, slugs, newsletter sentences, source
  lines) apply only in the header (lines before the first prose paragraph) or the footer
  (lines after the last prose paragraph), where web pages put their furniture. A body
  sentence in the middle of an article is therefore never removed by an edge rule.

Every rule also has a ``max_words``: a longer line never matches it. :data:`OUTLET_HINTS`
find the publisher named by removed furniture (copyright, newsletter consent lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from presse.readers.dates import DATE_PATTERN
from presse.text import count_words

__all__ = ["OUTLET_HINTS", "RULES", "Rule", "match_rule"]


@dataclass(frozen=True)
class Rule:
    """A boilerplate line pattern: ``reason`` code, compiled ``pattern`` matched against the
    whole (normalised, stripped) line, ``scope`` "anywhere" or "edge" (header/footer only),
    and ``max_words`` (longer lines never match)."""

    reason: str
    pattern: re.Pattern
    scope: str = "anywhere"
    max_words: int = 12


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_SOCIAL = (
    r"partager|partagez|share|tweet(?:er)?|retweet|pinterest|pin it|facebook|twitter|x|"
    r"linkedin|whatsapp|telegram|messenger|reddit|flipboard|bluesky|threads|mastodon|"
    r"e-?mail|courriel|mail|imprimer|print|copier(?: le)? lien|lien copié|copy link|hidden|"
    r"envoyer|sms|google\+?|tumblr|plus|cet article|l'article|le lien|par e-?mail|sur"
)

RULES: tuple[Rule, ...] = (
    # --- strong rules: short lines that are never prose -------------------------------
    Rule("share_button", _rx(rf"(?:(?:{_SOCIAL})[\s,|/·•:-]*)+"), "anywhere", 8),
    Rule(
        "comment_form",
        _rx(
            r"(?:laisser|laissez|ajouter|écrire|poster) un commentaire|leave a (?:reply|comment)"
            r"|(?:\d+\s+)?commentaires?(?:\s*\(\d+\))?|réagir(?: à cet article)?|répondre"
            r"|annuler la réponse|cancel reply|reply|(?:nom|e-?mail|site web|website|"
            r"commentaire|name)\s*\*?|se connecter pour commenter|connectez-vous pour "
            r"(?:commenter|réagir).*"
        ),
        "anywhere",
        6,
    ),
    Rule(
        "comment_form",
        _rx(
            r"votre adresse (?:e-?mail|de messagerie|courriel|email) ne sera pas publiée.*"
            r"|your email address will not be published.*"
            r"|les champs obligatoires sont (?:indiqués|marqués).*"
            r"|enregistrer mon nom, mon (?:e-?mail|courriel).*"
        ),
        "anywhere",
        40,
    ),
    Rule(
        "newsletter",
        _rx(
            r"\W*(?:infolettre|newsletters?|lettre d'information|je m'abonne|je m'inscris|"
            r"abonnez-vous|inscrivez-vous|s'abonner|s'inscrire|subscribe|sign up)\W*"
        ),
        "anywhere",
        4,
    ),
    Rule(
        "newsletter",
        _rx(
            r"(?:.*\ben cliquant sur\b.*\b(?:consens|accepte|inscri|abonn).*"
            r"|.*\bnous ne spammons pas\b.*|.*\bpas de spam\b.*"
            r"|.*\b(?:notre|nos|votre|la) (?:infolettre|newsletters?|lettre d'information)\b.*"
            r"|.*\b(?:recevez|recevoir)\b.*\b(?:par courriel|par e-?mail|chaque (?:jour|matin|"
            r"semaine)|gratuitement)\b.*)"
        ),
        "edge",
        60,
    ),
    Rule(
        "source_link",
        _rx(r"source\s*:\s*(?:lien externe|lien|cliquez ici|ici|voir (?:le )?lien)\W*"),
        "anywhere",
        6,
    ),
    Rule(
        "site_promo",
        _rx(
            r"(?:pour (?:plus d'informations|plus de détails|en savoir plus),?\s*)?"
            r"(?:visitez|consultez|rendez-vous sur) notre (?:site|page)(?: web| internet)?"
            r"(?:\s+\S+){0,4}\W*|(?:retrouvez|suivez)-nous sur.{0,60}"
            r"|(?:à )?lire aussi\s*:.*|(?:à )?(?:lire|voir) (?:aussi|également)\W*"
            r"|lire la suite\W*|cliquez ici.*|publicité|advertisement|sponsorisé"
            r"|tous droits réservés.*|©.{0,60}"
        ),
        "anywhere",
        14,
    ),
    Rule(
        "dateline",
        _rx(
            rf"(?:(?:publié|mis à jour|mise à jour|modifié|actualisé|posté|updated|published)"
            rf"\s*(?:le|:)?\s*{DATE_PATTERN.pattern}\s*[,;|-]?\s*)+"
        ),
        "anywhere",
        16,
    ),
    Rule(
        "caption",
        _rx(
            r"(?:\(?(?:photo|crédits?(?: photo)?|illustration|image|vidéo|©)\s*[:©/].{0,150}"
            r"|.{0,200}(?:©|\bcrédit photo\b|\bphoto\s*:).{0,120}"
            r"|.{0,200}/\s*(?:afp|reuters|ap|epa|getty images|sipa|abaca|maxppp)\)?)"
        ),
        "anywhere",
        40,
    ),
    # --- edge rules: header/footer only ------------------------------------------------
    Rule(
        "byline",
        _rx(
            r"(?:par|by|rédigé par|écrit par|propos recueillis par|auteur\s*:|autrice\s*:)"
            r"\s+(?:la rédaction|[A-ZÀ-Ý][\w'.-]+(?:\s+(?:de |du |le |la |et )?[A-ZÀ-Ý][\w'.-]+)"
            r"{0,4})(?:\s*(?:,|avec|et|-|/)\s*(?:l')?(?:AFP|Reuters|AP|agences?))?\W*"
            r"|(?:la rédaction|avec (?:l')?afp|\(?afp\)?|avec agences)\W*"
        ),
        "edge",
        10,
    ),
    Rule("dateline", _rx(rf"(?:le\s+)?{DATE_PATTERN.pattern}\W*"), "edge", 8),
    Rule(
        "section_label",
        _rx(
            r"(?:(?:accueil|home)\s*[>»/|›]\s*)?(?:(?:[\w'-]+\s*[>»/|›]\s*){0,3})?"
            r"(?:politique|international|monde|france|europe|économie|economie|société|"
            r"societe|culture|sports?|opinions?|tribunes?|éditorial|édito|editorial|analyse|"
            r"décryptage|actualités?|actu|idées|débats?|diplomatie|défense|géopolitique|"
            r"faits divers|sciences?|tech|santé|environnement|planète|médias|entretien|"
            r"interview|en direct|direct|live|vidéo|podcast|reportage|enquête|chronique|"
            r"fact-checking|world|news|politics|à la une|une|breaking news|dépêche|"
            r"guerre en ukraine|russie|états-unis|etats-unis|ukraine|amériques?|asie|"
            r"afrique|moyen-orient|proche-orient)"
        ),
        "edge",
        6,
    ),
    Rule("url_slug", _rx(r"[a-z0-9]+(?:[-_][a-z0-9]+){2,}(?:\.html?|\.php|/)?"), "edge", 1),
    Rule("url_slug", _rx(r"(?:https?://|www\.)\S+"), "edge", 1),
    Rule(
        "source_link",
        _rx(
            r"sources?\s*:\s*(?:https?://\S+|[\w.-]+\.(?:fr|com|org|net|eu|be|ch|ca|info)\S*"
            r"|(?:afp|reuters|ap|bloomberg|belga|ats|agences?)"
            r"(?:\s*[,/&]\s*(?:afp|reuters|ap|bloomberg|belga|ats|agences?))*)"
        ),
        "edge",
        8,
    ),
)

_MAX_RULE_WORDS = max(r.max_words for r in RULES)

# Who publishes: "les communications de IGSNEWS", "© 2024 Le Monde", "Tous droits réservés X".
OUTLET_HINTS = (
    re.compile(r"communications? (?:de|d'|du) (?P<o>[A-ZÀ-Ý][\w&'.-]*(?: [A-ZÀ-Ý][\w&'.-]*){0,3})"),
    re.compile(r"©\s*(?:\d{4}\s*)?(?P<o>[A-ZÀ-Ý][\w&'.-]*(?: [A-ZÀ-Ý][\w&'.-]*){0,3})"),
    re.compile(r"[Tt]ous droits réservés\W+(?P<o>[A-ZÀ-Ý][\w&'.-]*(?: [A-ZÀ-Ý][\w&'.-]*){0,3})"),
)


def match_rule(line: str, *, in_edge: bool = True, rules: Iterable[Rule] = RULES,
               n_words: int | None = None) -> str | None:
    """Reason code of the first rule that matches the whole ``line``, else ``None``.

    ``in_edge`` says whether the line lies in the header or footer zone (edge rules apply
    there only); ``n_words``: the line's word count if already known.
    """
    s = line.strip()
    if not s:
        return None
    n = count_words(s) if n_words is None else n_words
    if n > _MAX_RULE_WORDS:
        return None
    for rule in rules:
        if rule.scope == "edge" and not in_edge:
            continue
        if n > rule.max_words:
            continue
        if rule.pattern.fullmatch(s):
            return rule.reason
    return None
