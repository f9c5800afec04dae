"""Text cleaning for French news: small composable ``str -> str`` steps and auditable
boilerplate removal.

Two layers, in the style of textacy's ``preprocessing``:

1. **Normalisation steps** (pure ``str -> str``, each idempotent on its own): line endings,
   mojibake repair (ftfy), Unicode NFC, control characters, exotic spaces, apostrophes,
   whitespace. :func:`make_pipeline` composes any of them; :data:`DEFAULT_STEPS` /
   :func:`normalize_text` is the default pipeline. The composed pipeline is applied until it
   reaches a fixed point (at most a few rounds), so ``normalize_text(normalize_text(s)) ==
   normalize_text(s)`` holds even when one step re-exposes work for another (e.g. a narrow
   space turned into a plain space that ftfy then reads as part of a mojibake sequence).

2. **Document cleaning** (:func:`clean_document`, :func:`remove_boilerplate`,
   :func:`extract_title`): line-level removal of web boilerplate (share buttons, comment
   forms, newsletter blurbs, bylines, photo captions, section labels, datelines, URL slugs,
   repeated titles). Every removed line is returned with its line number and a reason code,
   so a notebook can show exactly what was dropped. Rules are of two strengths:

   * *strong* rules match a whole short line whose wording is never article prose
     ("Partager", "Laisser un commentaire", "Mis à jour le 8 novembre 2024 à 7h52"); they
     apply anywhere in the document;
   * *edge* rules (bylines, section labels, bare dates, slugs, newsletter sentences, source
     lines) apply only in the header (lines before the first prose paragraph) or the footer
     (lines after the last prose paragraph), where web pages put their furniture. A body
     sentence in the middle of an article is therefore never removed by an edge rule.

   A *prose paragraph* is a line of at least :data:`PROSE_MIN_WORDS` words that no rule
   matches.

Canonical apostrophe: the ASCII apostrophe ``'`` (U+0027). French typography prefers the
typographic ``’`` (U+2019), but web text mixes both (often within one article, as in the
embedded corpus), and every downstream consumer (spaCy's French tokenizer exceptions,
elision patterns ``l'``/``d'``/``qu'``, lexicon look-ups, user regexes) handles the ASCII form
most simply. ``’ ‘ ʼ ′`` are always mapped; ``´`` and `````` only between letters (where they
stand for an apostrophe, e.g. ``l´homme``). Guillemets ``« »`` and double quotes are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

Step = Callable[[str], str]

#: Lines with at least this many words that no rule matches are article prose; they bound
#: the header and footer zones in which edge rules apply.
PROSE_MIN_WORDS = 20

#: Longest fallback title (first sentence of the body) before it is shortened.
TITLE_MAX_CHARS = 160

# ---------------------------------------------------------------------------------------
# Normalisation steps (str -> str)
# ---------------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|[\r\u0085\u2028\u2029\x0b\x0c\x1c\x1d\x1e]")


_NEWLINE_CHARS = "\r\u0085\u2028\u2029\x0b\x0c\x1c\x1d\x1e"


def normalize_newlines(text: str) -> str:
    """Map every line-break convention (CRLF, CR, U+2028/2029, NEL, VT, FF) to ``\\n``.

    One line break becomes exactly one ``\\n``, so line numbers are preserved.
    """
    if not any(c in text for c in _NEWLINE_CHARS):  # fast path (most texts)
        return text
    return _NEWLINES.sub("\n", text)


def _ftfy_config():
    import ftfy

    # uncurl_quotes=False keeps French typography (’ « »); fix_line_breaks=False because
    # normalize_newlines does it (and line numbers must not move); explain=False for speed.
    return ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_character_width=True,
        fix_latin_ligatures=True,
        normalization="NFC",
        explain=False,
    )


_FTFY_CONFIG = None


# Fast path: ftfy's badness check costs ~10 ms per article. Text in which none of these
# occur has nothing ftfy would change that the other steps do not also handle: a
# UTF-8 lead byte read as cp1252/latin-1 (Â-ô) followed by a continuation byte read the same
# way (U+0080-U+00BF or a cp1252 special such as € ‚ ™ “ ” ’ …), a 2-byte lead before a
# space (a lost U+00A0), C1 controls, HTML entities, ligatures, full-width forms,
# surrogates, terminal escapes.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4](?:[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|(?<=[\u00c2-\u00df]) )"
    "|[\x80-\x9f\ufb00-\ufb06\uff01-\uff5e\ud800-\udfff\x1b]"
    "|&(?:#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\\d*);"
)


def fix_mojibake(text: str) -> str:
    """Repair mojibake and encoding damage with ftfy (``Ã©`` -> ``é``, ``â€™`` -> ``’``).

    Configured not to "uncurl" quotes and not to touch line breaks; ligatures (``ﬁ``) and
    full-width letters are unfolded. Legitimate French (accents, ``Œ``, ``«»``) is unchanged.
    ftfy runs only when the text shows a sign of damage (a cheap regex pre-check).
    """
    global _FTFY_CONFIG
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    if _FTFY_CONFIG is None:
        _FTFY_CONFIG = _ftfy_config()
    return ftfy.fix_text(text, config=_FTFY_CONFIG)


def normalize_unicode(text: str) -> str:
    """Unicode NFC (composed accents: ``e`` + U+0301 -> ``é``)."""
    return unicodedata.normalize("NFC", text)


# C0/C1 controls except tab and newline; zero-width and invisible formatting characters
# (ZWSP, word joiner, BOM, soft hyphen, bidi marks). ZWJ/ZWNJ and variation selectors are
# kept: they are part of emoji and some scripts.
_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def remove_control_chars(text: str) -> str:
    """Drop control characters and invisible formatting characters (keeps ``\\t``, ``\\n``)."""
    return _CONTROL.sub("", text)


# NBSP, narrow NBSP (French thin space before ; : ! ?), en/em/thin/hair/figure spaces,
# ideographic space, Ogham space mark, medium mathematical space, tab.
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def normalize_spaces(text: str) -> str:
    """Map non-breaking, narrow and other Unicode spaces (and tabs) to a plain space."""
    return _SPACES.sub(" ", text)


_APOS_ALWAYS = re.compile("[\u2019\u2018\u02bc\u2032\uff07]")
_APOS_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])[\u00b4`](?=[^\W\d_])")


def normalize_apostrophes(text: str) -> str:
    """Map apostrophe variants to the canonical ASCII apostrophe ``'``.

    ``’`` (U+2019), ``‘`` (U+2018), ``ʼ`` (U+02BC), ``′`` (U+2032), full-width ``＇`` are
    always mapped; ``´`` and `````` only between two letters (``l´homme``), since elsewhere
    they are accents or code quotes. Guillemets and double quotes are left alone.
    """
    return _APOS_BETWEEN_LETTERS.sub("'", _APOS_ALWAYS.sub("'", text))


_INNER_SPACES = re.compile(r" {2,}")
_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_whitespace(text: str) -> str:
    """Collapse runs of spaces, strip line ends, keep paragraph breaks as one blank line.

    Single ``\\n`` are kept (line structure is information for boilerplate removal); two or
    more consecutive line breaks become exactly ``\\n\\n``; the text is stripped.
    """
    if "  " in text:
        text = _INNER_SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _EDGE_SPACES.sub("", text)
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


#: Character-level normalisation that keeps one output line per input line.
LINE_PRESERVING_STEPS: tuple[Step, ...] = (
    normalize_newlines,
    fix_mojibake,
    normalize_newlines,
    normalize_unicode,
    remove_control_chars,
    normalize_spaces,
    normalize_apostrophes,
)

#: The default pipeline: character normalisation then whitespace.
DEFAULT_STEPS: tuple[Step, ...] = (*LINE_PRESERVING_STEPS, normalize_whitespace)


def make_pipeline(*steps: Step, max_rounds: int = 4) -> Step:
    """Compose ``str -> str`` steps left to right into one ``str -> str`` function.

    The composition is repeated until the text stops changing (at most ``max_rounds``
    times), which makes the pipeline idempotent whenever its steps converge.
    """
    if not steps:
        raise ValueError("make_pipeline needs at least one step")

    def pipeline(text: str) -> str:
        for _ in range(max_rounds):
            before = text
            for step in steps:
                text = step(text)
            if text == before:
                break
        return text

    pipeline.steps = steps  # type: ignore[attr-defined]
    pipeline.__name__ = "pipeline(" + ", ".join(s.__name__ for s in steps) + ")"
    return pipeline


#: Default normalisation: ``normalize_text(s)`` (no boilerplate removal).
normalize_text: Step = make_pipeline(*DEFAULT_STEPS)
_normalize_lines: Step = make_pipeline(*LINE_PRESERVING_STEPS)


def _line_preserving(text: str) -> str:
    """Line-preserving normalisation that guarantees the same number of lines out as in."""
    text = normalize_newlines(text)
    out = _normalize_lines(text)
    if out.count("\n") == text.count("\n"):
        return out
    # A repair merged or split lines (rare): normalise line by line instead.
    return "\n".join(_normalize_lines(line).replace("\n", " ") for line in text.split("\n"))


# ---------------------------------------------------------------------------------------
# French dates in datelines
# ---------------------------------------------------------------------------------------

# One home for French dates: presse.readers.dates (the dateline rules below use its
# DATE_PATTERN and its parts).
from presse.readers.dates import (
    _DATE_FR,
    _DATE_ISO,
    _DATE_NUM,
    DATE_PATTERN,
    MONTHS_FR,  # noqa: F401 - re-exported
    parse_french_date,
)

# ---------------------------------------------------------------------------------------
# Boilerplate rules
# ---------------------------------------------------------------------------------------


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

#: Inline prefix ``date 2025-09-25`` / ``Publié le 8 novembre 2024`` glued to the first line.
#: A keyword is required (or a bare ISO date, which no sentence starts with), and no comma
#: may follow: "Le 19 juillet 2016, Adama Traoré est décédé..." is prose, not a prefix.
INLINE_DATE_PREFIX = re.compile(
    rf"^\s*(?:(?:date|publié(?: le)?|mis à jour(?: le)?|mise à jour(?: le)?|posté le)"
    rf"\s*:?\s*(?P<date>{_DATE_ISO}|{_DATE_FR}|{_DATE_NUM})|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))"
    rf"(?:[ T]\d{{1,2}}[:h]\d{{2}}(?::\d{{2}})?)?\s*[-–—|:]?\s+(?=\S)",
    re.IGNORECASE,
)

# Who publishes: "les communications de IGSNEWS", "© 2024 Le Monde", "Tous droits réservés X".
_OUTLET_HINTS = (
    re.compile(r"communications? (?:de|d'|du) (?P<o>[A-ZÀ-Ý][\w&'.-]*(?: [A-ZÀ-Ý][\w&'.-]*){0,3})"),
    re.compile(r"©\s*(?:\d{4}\s*)?(?P<o>[A-ZÀ-Ý][\w&'.-]*(?: [A-ZÀ-Ý][\w&'.-]*){0,3})"),
    re.compile(r"[Tt]ous droits réservés\W+(?P<o>[A-ZÀ-Ý][\w&'.-]*(?: [A-ZÀ-Ý][\w&'.-]*){0,3})"),
)

_WORD = re.compile(r"\w+(?:['-]\w+)*")


def count_words(text: str) -> int:
    """Number of words: runs of letters/digits, with inner apostrophes and hyphens kept
    (``l'Ukraine`` and ``États-Unis`` count as one word each)."""
    return len(_WORD.findall(text))


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


def is_french(text: str, *, min_words: int = 5, threshold: float = 0.15) -> tuple[bool, float]:
    """French-language check by function-word ratio (no model, no network).

    ``score`` = share of word tokens that are frequent French function words (articles,
    prepositions, pronouns, auxiliaries). French news prose scores about 0.35-0.50; English
    a few percent (some words like "a", "on", "en" overlap); Spanish and Italian share more
    ("de", "la", "que", "en") and can reach 0.2-0.3, so a text is French only when
    ``score >= threshold`` *and* its French function words outnumber those of English,
    Spanish, Italian, Portuguese and German (:data:`ENGLISH_FUNCTION_WORDS`, none of which is
    a French word). Texts under ``min_words`` words are not judged French.
    """
    fr = en = elisions = 0
    words = _WORD.findall(text.lower())
    for w in words:
        if "'" in w:
            head, _, w = w.partition("'")
            if head in _ELIDED:  # elided forms (l'Ukraine, d'un, qu'il) are French evidence
                elisions += 1
        if w in FRENCH_FUNCTION_WORDS:
            fr += 1
        elif w in ENGLISH_FUNCTION_WORDS:
            en += 1
    if not words:
        return False, 0.0
    score = min(1.0, (fr + elisions) / len(words))
    ok = len(words) >= min_words and score >= threshold and fr + elisions > en
    return ok, round(float(score), 4)


_ELIDED = {"l", "d", "qu", "n", "s", "c", "j", "m", "t", "jusqu", "lorsqu", "puisqu"}
FRENCH_FUNCTION_WORDS = frozenset(
    """le la les un une des du de et est sont à au aux en dans sur pour par avec sans sous
    que qui ne pas plus ce cette ces cet il elle ils elles nous vous on se sa son ses
    leur leurs mais ou où donc car été être avoir ont était a y lui dont comme aussi
    très entre après avant depuis vers chez contre selon tout tous toute toutes même
    déjà encore alors ainsi cela ça celui celle ceux notre nos votre vos mon ma mes ton
    ta tes""".split()  # noqa: SIM905 - readable word list
)

#: Function words of other languages a French corpus meets (English, Spanish, Italian,
#: Portuguese, German), none of which is also a French word.
ENGLISH_FUNCTION_WORDS = frozenset(
    """the and of to in is are was were be been that this these those with for from by at
    it its not have has had which who what will would can could should their they them
    he she his her we our you your my el los las del por para lo pero al muy también
    está están fue han hay di che della dei delle degli per gli sono è anche nel alla
    questo questa do da em não uma com ao seu sua der die das und ist nicht mit von zu
    den dem ein eine auf für sich auch wird""".split()  # noqa: SIM905 - readable word list
)

# ---------------------------------------------------------------------------------------
# Document cleaning
# ---------------------------------------------------------------------------------------


@dataclass
class Removed:
    """One removed line (or line fragment): 1-based ``line_no`` in the decoded text (line
    breaks normalised), the removed ``line`` text, and the ``reason`` code."""

    line_no: int
    line: str
    reason: str


@dataclass
class CleanResult:
    """Result of :func:`clean_document`.

    ``text``: clean body (paragraphs joined by ``\\n\\n``); ``title`` and ``title_source``
    ("headline" = a header line, "first_sentence" = fallback, None when empty);
    ``removed``: every removed line with its reason; ``dateline``/``date``: a date stated in
    the text (publication or update line, inline prefix) and its parsed value;
    ``date_kind``: "stated" or "updated"; ``outlet_hint``: a publisher named by the page's
    own furniture (newsletter consent line, copyright line).
    """

    text: str
    title: str | None = None
    title_source: str | None = None
    removed: list[Removed] = field(default_factory=list)
    dateline: str | None = None
    date: pd.Timestamp | None = None
    date_kind: str | None = None
    outlet_hint: str | None = None


def _norm_key(line: str) -> str:
    """Comparison key for repeated lines: casefolded letters and digits only."""
    return re.sub(r"[\W_]+", " ", line.casefold()).strip()


def _is_title_like(line: str) -> bool:
    n = count_words(line)
    return 2 <= n <= 30 and len(line) <= 250 and not line.rstrip().endswith((".", ",", ";"))


def _is_caption_like(line: str) -> bool:
    s = line.rstrip()
    n = count_words(s)
    sentences = len(re.findall(r"[.!?](?:\s|$)", s))
    return 4 <= n < PROSE_MIN_WORDS * 2 and s.endswith(".") and sentences <= 2


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?…])(?:\s|$)", text.strip(), flags=re.DOTALL)
    s = (m.group(1) if m else text.strip()).split("\n")[0].strip()
    if len(s) > TITLE_MAX_CHARS:
        s = s[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return s


def extract_title(lines: list[str], removed_idx: set[int] | None = None) -> tuple[str | None, int | None, list[int]]:
    """Find the headline among the header lines.

    ``lines``: normalised lines of a document; ``removed_idx``: 0-based indices already
    removed as boilerplate (e.g. a URL slug first line or a section label), skipped here.
    Returns ``(title, title_index, caption_indices)``: the first title-like line (2-30 words,
    no final period) before the first prose paragraph, its index, and the indices of
    caption-like lines (a full sentence ending with a period) that precede it in the header
    (a photo caption printed above the headline). ``(None, None, [])`` when the header holds
    no headline; the caller then falls back to the first sentence of the body.
    """
    removed_idx = removed_idx or set()
    captions: list[int] = []
    for i, line in enumerate(lines):
        if i in removed_idx or not line.strip():
            continue
        if count_words(line) >= PROSE_MIN_WORDS:
            break
        if _is_title_like(line):
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if nxt[:1].islower():  # a hard-wrapped sentence, not a headline
                break
            return line.strip(), i, captions
        if _is_caption_like(line):
            captions.append(i)
            continue
        break
    return None, None, []


def _zones(lines: list[str], n_words: list[int] | None = None) -> tuple[int, int]:
    """Index of the first and last prose line (``(len, -1)`` when there is none)."""
    if n_words is None:
        n_words = [count_words(line) for line in lines]
    prose = [
        i
        for i, line in enumerate(lines)
        if n_words[i] >= PROSE_MIN_WORDS
        and match_rule(line, in_edge=True, n_words=n_words[i]) is None
    ]
    if not prose:
        return len(lines), -1
    return prose[0], prose[-1]


def _paragraphs(lines: list[str]) -> list[str]:
    """Join kept lines into paragraphs.

    Blank lines separate paragraphs; inside a block each line is its own paragraph (web
    text puts one paragraph per line) unless it looks hard-wrapped: the line does not end a
    sentence or a heading and the next one starts in lower case, then they are joined.
    """
    paras: list[str] = []
    current: str | None = None
    for line in lines:
        s = line.strip()
        if not s:
            if current:
                paras.append(current)
            current = None
            continue
        if current and not re.search(r"[.!?…:;»\"')\]]$", current) and s[:1].islower():
            current = f"{current} {s}"
        else:
            if current:
                paras.append(current)
            current = s
    if current:
        paras.append(current)
    return paras


def remove_boilerplate(
    text: str, *, title: str | None = None
) -> tuple[str, list[Removed]]:
    """Remove web boilerplate lines from ``text``; return ``(clean_text, removed)``.

    ``removed`` lists every removed line with its 1-based line number and reason code. The
    input is normalised first (:data:`LINE_PRESERVING_STEPS`), which never changes the line
    count, so line numbers refer to the input's lines. Use :func:`clean_document` to also
    extract the title and the dateline.
    """
    res = clean_document(text, title=title)
    return res.text, res.removed


def clean_document(text: str, *, title: str | None = None) -> CleanResult:
    """Normalise a raw article and remove its boilerplate, auditably.

    Steps: line-preserving normalisation; strong rules on every line and edge rules in the
    header/footer zones; inline date prefix on the first line (``date 2025-09-25 Le
    sommet...``); headline detection (:func:`extract_title`) with photo captions above it;
    repeated copies of the headline anywhere; paragraphs joined with ``\\n\\n``.

    ``title``: a known title (e.g. from a table column); when given, header lines equal to it
    are removed as ``repeated_title`` and no headline is searched.
    """
    norm = _line_preserving(text)
    lines = [ln.strip() for ln in norm.split("\n")]
    raw_lines = lines[:]
    n_words = [count_words(line) for line in lines]
    first_prose, last_prose = _zones(lines, n_words)
    removed: dict[int, str] = {}
    result = CleanResult(text="")

    for i, line in enumerate(lines):
        in_edge = i < first_prose or i > last_prose
        reason = match_rule(line, in_edge=in_edge, n_words=n_words[i])
        if reason:
            removed[i] = reason

    # Dateline lines: capture the date (first one wins; "mis à jour" = update time).
    for i in sorted(removed):
        if removed[i] == "dateline":
            ts = parse_french_date(lines[i])
            if ts is not None and result.date is None:
                result.dateline, result.date = lines[i], ts
                result.date_kind = "updated" if re.search(
                    r"mis(e)? à jour|modifié|actualisé|updated", lines[i], re.IGNORECASE
                ) else "stated"

    # Outlet named by the page furniture (only in removed lines: never guessed from prose).
    for i in sorted(removed):
        for rx in _OUTLET_HINTS:
            m = rx.search(lines[i])
            if m and result.outlet_hint is None:
                result.outlet_hint = m.group("o").strip(" .")

    fragments: list[Removed] = []
    # Inline date prefix on the first non-removed, non-empty line.
    for i, line in enumerate(lines):
        if i in removed or not line:
            continue
        m = INLINE_DATE_PREFIX.match(line)
        if m:
            ts = parse_french_date(m.group("date") or m.group("iso"))
            fragments.append(Removed(i + 1, m.group(0).strip(), "date_prefix"))
            lines[i] = line[m.end():].strip()
            if ts is not None and result.date is None:
                result.dateline, result.date, result.date_kind = m.group(0).strip(), ts, "stated"
        break

    # Headline and captions above it.
    if title:
        result.title, result.title_source = title.strip(), "given"
    else:
        t, ti, captions = extract_title(lines, set(removed))
        if t is not None:
            result.title, result.title_source = t, "headline"
            removed[ti] = "title"
            for c in captions:
                removed[c] = "caption"

    # Repeated headline anywhere.
    if result.title:
        key = _norm_key(result.title)
        for i, line in enumerate(lines):
            if i not in removed and line and _norm_key(line) == key:
                removed[i] = "repeated_title"

    kept = [ln if i not in removed else "" for i, ln in enumerate(lines)]
    body = "\n\n".join(_paragraphs(kept))
    result.text = normalize_text(body)  # a fixed point of the default pipeline
    if result.title is None and result.text:
        result.title, result.title_source = _first_sentence(result.text), "first_sentence"

    audit = [Removed(i + 1, raw_lines[i], r) for i, r in removed.items()] + fragments
    result.removed = sorted(audit, key=lambda r: (r.line_no, r.reason))
    return result


def unaccounted_lines(raw_text: str, clean_text: str, removed: Iterable[Removed]) -> list[tuple[int, str]]:
    """Lines of ``raw_text`` that are neither in the audit nor in ``clean_text``.

    The proof that cleaning lost nothing: every non-blank line of the (normalised) raw text
    is either listed as removed (with its reason) or found, whitespace-insensitively, in the
    clean body (hard-wrapped lines are found piece by piece; a removed inline date prefix is
    subtracted first). Returns ``[(line_no, line), ...]``, empty when all is accounted for.
    """
    lines = _line_preserving(raw_text).split("\n")
    removed = list(removed)
    whole = {r.line_no for r in removed if r.reason != "date_prefix"}
    prefix = {r.line_no: " ".join(r.line.split()) for r in removed if r.reason == "date_prefix"}
    flat = " ".join(clean_text.split())
    lost = []
    for i, line in enumerate(lines, start=1):
        s = " ".join(line.split())
        if not s or i in whole:
            continue
        if i in prefix and s.startswith(prefix[i]):
            s = s[len(prefix[i]):].strip()
        if s and s not in flat:
            lost.append((i, line))
    return lost


def removed_frame(removed: Iterable[Removed], doc_id: str | None = None) -> pd.DataFrame:
    """Audit rows as a DataFrame: doc_id, line_no, line, reason."""
    rows = [
        {"doc_id": doc_id, "line_no": r.line_no, "line": r.line, "reason": r.reason}
        for r in removed
    ]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "line", "reason"])


__all__ = [
    "DEFAULT_STEPS",
    "LINE_PRESERVING_STEPS",
    "RULES",
    "CleanResult",
    "DecodeError",
    "Removed",
    "Rule",
    "clean_document",
    "count_words",
    "decode_bytes",
    "detect_encoding",
    "extract_title",
    "fix_mojibake",
    "is_french",
    "make_pipeline",
    "match_rule",
    "normalize_apostrophes",
    "normalize_newlines",
    "normalize_spaces",
    "normalize_text",
    "normalize_unicode",
    "normalize_whitespace",
    "parse_french_date",
    "remove_boilerplate",
    "remove_control_chars",
    "removed_frame",
    "unaccounted_lines",
]


# Decoding bytes lives in presse.readers.encoding; re-exported here for existing callers.
from presse.readers.encoding import (
    DecodeError,
    bom_encoding,  # noqa: F401
    decode_bytes,
    detect_encoding,
)
