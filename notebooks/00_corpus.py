# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 00 · The corpus: what we read, what we removed, what we skipped
#
# **Question.** Which articles does the analysis rest on, when were they published, what did
# cleaning remove from them, and which of them tell the same story?
#
# Every later notebook (tone, topics, stance) counts sentences and mentions in these
# documents, so this is where a reader checks the ground: the list of articles and their
# dates (and how each date is known), every line that cleaning removed and why, every input
# that was skipped and why, and the pairs of articles that are rewrites of one story.
#
# **What this notebook measures, and what it cannot.**
# - Dates come from `data/metadata.csv` (for the embedded corpus: established from the texts,
#   stated, update time, or *inferred* from the events described, with the clue and the
#   precision), else from a table column, the HTML page, or a dateline in the text. An
#   inferred date is an estimate, not a publication record.
# - Boilerplate removal is rule-based (share buttons, comment forms, newsletter blurbs,
#   bylines, captions, datelines, slugs). Rules that could hit prose only apply before the
#   first or after the last prose paragraph; the audit below lists every removed line, and a
#   check proves that every other line of each file is still in the clean text.
# - Same-story detection is lexical (shared content words and word pairs): it finds rewrites
#   and paraphrases, and also, above its threshold, distinct articles on one narrow event. It
#   knows nothing of meaning.

# %%
import warnings

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display
from tqdm import TqdmWarning

from presse import clean, corpus as pcorpus, figures, story
from presse.build import load_tables
from presse.display import (date_unit, doc_labels, fmt_int, int_columns, known_outlets,
                            natural_key, one_per_line, plural)

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 140)
warnings.filterwarnings("ignore", category=TqdmWarning)  # no ipywidgets: plain progress bars

# %% tags=["parameters"]
corpus = None      # None = embedded corpus (data/raw); else a folder or table of articles
tables_dir = None  # None = data/processed; else where `presse build --out` wrote the tables
max_rows = 30      # longest tables and per-article figures shown one row per article

# %% [markdown] tags=["method-check"]
# ## 1. Method check: cleaning on toy French text
#
# *Purpose: show what each cleaning step does, and where it fails, on made-up text before
# the corpus. These toys say nothing about the corpus.*
#
# The cleaner is a pipeline of small `str -> str` steps (textacy style). Each fixes one
# thing French web text gets wrong: mojibake (`Ã©` for `é`), decomposed accents, the five
# kinds of apostrophe, non-breaking and narrow spaces around `:` and `« »`, stray control
# characters, runs of blank lines. The canonical apostrophe is the ASCII `'`; guillemets stay.

# %% tags=["method-check"]
toys = [
    "Lâ€™Ã‰lysÃ©e a rÃ©agi",                      # UTF-8 read as cp1252 (mojibake)
    "Poutine\u00a0: «\u202fun deal\u202f» d’ici l´été",  # NBSP, narrow NBSP, ’ and ´
    "e\u0301lection   pre\u0301sidentielle\n\n\n\nSuite",  # decomposed accents, blank lines
]
pd.DataFrame({"raw": [repr(t) for t in toys],
              "normalize_text": [repr(clean.normalize_text(t)) for t in toys]})

# %% [markdown] tags=["method-check"]
# Boilerplate removal works line by line and returns every removed line with its number and
# reason. A toy page: a photo caption above the headline, a section label, share buttons, a
# comment form, and a body sentence that *starts* with "Partager" (it must survive).

# %% tags=["method-check"]
toy_page = """Le président russe passe devant la garde d'honneur au Kremlin.
Politique

Poutine et Trump : le dégel attendu

Partager
Pinterest Hidden

Partager le fardeau de la défense reste, pour Washington, une exigence constante que les alliés européens de l'OTAN peinent encore à satisfaire.

Laisser un commentaire
Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *"""
res = clean.clean_document(toy_page)
print("title:", res.title)
print("body :", res.text)
clean.removed_frame(res.removed, doc_id="toy")

# %% [markdown] tags=["method-check"]
# **What the toys show.** The caption is recognised by its position (a full sentence above the
# headline), the label and buttons by their wording; the body sentence beginning with
# "Partager" is kept because only a *whole line* made of share-button words is removed.
# Failure modes to keep in mind: a one-sentence first paragraph printed above a subheading
# can be mistaken for a caption; a short article whose last line mentions "notre newsletter"
# loses that line (edge rules act after the last prose paragraph).

# %% [markdown]
# ## 2. The articles
#
# Each article is shown by a label made of its title, shortened, and the shortest part of
# its `doc_id` that no other id shares (`presse.display.doc_labels`); the full `doc_id` is
# in the table. Ids are sorted naturally (`…:2` before `…:10`).

# %%
tables = load_tables(["documents", "cleaning_audit", "skipped", "mentions"],
                     corpus=corpus, out=tables_dir)
documents = tables["documents"]
documents = documents.iloc[sorted(range(len(documents)),
                                  key=lambda i: natural_key(documents["doc_id"].iloc[i]))]
documents = documents.reset_index(drop=True)
audit = tables["cleaning_audit"]
skipped = tables["skipped"]
label = doc_labels(documents)
kinds = documents["date_source"].map(pcorpus.date_kind)
print(f"{plural(len(documents), 'document')}, {plural(len(audit), 'removed line')}, "
      f"{plural(len(skipped), 'skipped input')}")

# %%
# NBVAL_CHECK_OUTPUT
overview = pd.DataFrame({
    "label": documents["doc_id"].map(label),
    "doc_id": documents["doc_id"],
    "date": documents["date"].dt.strftime("%Y-%m-%d").fillna("—"),
    "dated by": kinds,
    "precision": documents["date_source"].str.extract(r"precision: (\w+)", expand=False).fillna(""),
    "outlet": documents["outlet"].fillna(""),
    "n_words": documents["n_words"],
})
if len(overview) > max_rows:
    print(f"First {max_rows} of {len(overview)} documents (all of them: `documents` table).")
int_columns(overview.head(max_rows))

# %%
n_docs = len(documents)
dated = documents["date"].notna()
kind_counts = kinds[dated].value_counts()
kind_words = {"stated": "stated in the text", "updated": "an update time in the text",
              "inferred": "inferred from the events described (an estimate)",
              "table": "a table column", "html": "the page's metadata", "other": "another source"}


def day(ts) -> str:
    return f"{ts.day} {ts:%B %Y}"


outlets = known_outlets(documents).dropna()
words = documents["n_words"]
parts = [f"**What we see.** The corpus holds {plural(n_docs, 'article')} "
         f"({fmt_int(words.sum())} words; median length {fmt_int(int(words.median()))} words, "
         f"from {fmt_int(words.min())} to {fmt_int(words.max())})."]
if dated.any():
    parts.append(f"{fmt_int(dated.sum())} of them are dated, from "
                 f"{day(documents['date'].min())} to {day(documents['date'].max())}"
                 + (f"; {fmt_int((~dated).sum())} have no date and are left out of every "
                    "analysis over time." if (~dated).any() else "."))
    parts.append("Where the dates come from: " + ", ".join(
        f"{kind_words.get(k, k)} ({fmt_int(n)})" for k, n in kind_counts.items()) + ".")
else:
    parts.append("No article is dated: the analyses over time cannot run on this corpus.")
parts.append(f"The outlet is known for {fmt_int(len(outlets))} of {plural(n_docs, 'article')}"
             + (f" ({plural(outlets.nunique(), 'outlet')}; the most frequent: "
                + ", ".join(f"{o} ({fmt_int(n)})" for o, n in outlets.value_counts().head(3).items())
                + ")." if len(outlets) else "."))
display(Markdown(" ".join(parts)))

# %% [markdown]
# How each date is known (`date_source`, verbatim from `data/metadata.csv`, the table or the
# page):

# %%
if one_per_line(n_docs, max_rows):
    display(pd.DataFrame({"label": documents["doc_id"].map(label),
                          "date_source": documents["date_source"].fillna("(no date)")}))
else:  # one line per kind of source, with an example
    display(documents.assign(kind=kinds)
            .groupby("kind")["date_source"].agg(articles="size", example="first")
            .sort_values("articles", ascending=False))

# %% [markdown] tags=["embedded-corpus"]
# **On the embedded corpus.** One article states its date (`date 2025-09-25`, 004), one its
# update time (002, "Mis à jour le 8 novembre 2024 à 7h52"), and three are dated from the
# events they describe: 000 and 001 speak of "un an après" Trump's inauguration, the New Year
# truce and the capture of Venezuela's president (January 2026); 003 cites Trump's NBC News
# interview on weapons paid "à 100 pour cent" by NATO and his "absurdités" remark about Putin
# (July 2025). Those three dates are the earliest consistent with the clues, precise to the
# month. Only 002 names its outlet (IGSNEWS, in its newsletter consent line). 000 has no
# headline: its title is its first sentence.

# %% [markdown]
# ## 3. Timeline
#
# Up to `max_rows` dated articles, one row per article (same colour and a line: same story;
# hollow marker: date inferred from the events); beyond, the number of articles per period,
# the period (day, week, month, quarter or year) chosen from the span, stacked by outlet.

# %%
if dated.any():
    ax = figures.timeline(documents, label, max_rows=max_rows, kind=kinds)
    ax.set_title("Articles by date" if one_per_line(dated.sum(), max_rows)
                 else "Articles per period" + (", by outlet" if len(outlets) else ""))
    plt.tight_layout()
    plt.show()
else:
    print("No document has a date: add a date column or a metadata.csv to place them in time.")

# %%
if dated.any():
    unit = date_unit(documents["date"])
    per = documents.loc[dated, "date"].dt.to_period(unit.freq).value_counts().sort_index()
    busiest = per.sort_values(ascending=False, kind="stable").head(3)
    span_days = (documents["date"].max() - documents["date"].min()).days
    display(Markdown(
        f"**What we see.** The dated articles span {fmt_int(span_days)} days "
        f"({documents['date'].min():%B %Y} to {documents['date'].max():%B %Y}) and fall in "
        f"{plural(len(per), unit.name)}; the busiest: "
        + ", ".join(f"{unit.label(p)} ({plural(n, 'article')})" for p, n in busiest.items())
        + ". "
        + ("With a handful of articles per period, read any trend across them as an "
           "illustration, not a record." if per.max() < 10 else
           "Periods with few articles give noisy figures in the later notebooks.")))

# %% [markdown] tags=["embedded-corpus"]
# **On the embedded corpus.** The articles go from November 2024 (Trump's election, Putin ready
# to "renouer") to January 2026 (a year after the inauguration, the "alliance manquée"),
# through the Anchorage summit of August 2025 and the hardening of Trump's tone in July and
# September 2025.

# %% [markdown]
# ## 4. Cleaning audit
#
# Every line removed from every document, with its line number in the file and the reason.

# %%
if audit.empty:
    print("Cleaning removed nothing.")
else:
    shown = audit.assign(label=audit["doc_id"].map(label),
                         line=audit["line"].str.slice(0, 90))
    display(shown[["label", "line_no", "line", "reason"]].head(max_rows))
    if len(audit) > max_rows:
        print(f"... {fmt_int(len(audit) - max_rows)} more removed lines (`cleaning_audit` table)")

# %%
# NBVAL_CHECK_OUTPUT
audit.groupby("reason").size().rename("lines removed").sort_values(ascending=False).to_frame()

# %% [markdown]
# Nothing of the body may be lost: each text file is read again and every non-blank line must
# be either in the audit above or found in the clean text (table rows and HTML pages cannot
# be checked this way and are marked `checked = False`).

# %%
# NBVAL_CHECK_OUTPUT
check = pcorpus.check_cleaning(documents, audit, corpus=corpus)
check_view = int_columns(check.assign(label=check["doc_id"].map(label)))
check_view[["label"] + [c for c in check.columns if c != "doc_id"]].head(max_rows)

# %%
lost = check[check["n_unaccounted"].fillna(0) > 0]
reasons = audit["reason"].value_counts()
n_checked = int(check["checked"].sum())
display(Markdown(
    "**What we see.** "
    + (f"Cleaning removed {plural(len(audit), 'line')} from "
       f"{fmt_int(audit['doc_id'].nunique())} of {plural(n_docs, 'document')}; by reason: "
       + ", ".join(f"{r} ({fmt_int(n)})" for r, n in reasons.head(6).items())
       + (f" and {plural(len(reasons) - 6, 'other reason')}" if len(reasons) > 6 else "")
       + ". " if len(audit) else "Cleaning removed no line. ")
    + (f"Of the {plural(n_checked, 'file')} that could be checked line by line, every line is "
       "either kept or listed as removed." if lost.empty and n_checked else
       "No file could be checked line by line (tables and HTML pages)." if lost.empty else
       f"{plural(len(lost), 'document')} have lines neither kept nor listed: "
       "see the table below.")))
if not lost.empty:
    display(lost)

# %% [markdown] tags=["embedded-corpus"]
# **On the embedded corpus.** The removed lines are page furniture: an image slug (000), a
# photo caption, a section label, share buttons, a link to "notre site", "Source: Lien
# externe" and a comment form (001), a dateline kept as the date and a newsletter block (002),
# the headline printed a second time (003), an inline date prefix (004). Headlines are moved
# to the `title` column.

# %% [markdown]
# ## 5. Skipped inputs
#
# Each file or row that was not loaded (empty, binary, undecodable, too large, not French,
# duplicate of an earlier document, malformed table row, unreadable) or loaded with something
# ignored (an unparsable date, a bad metadata row), always with the file name.

# %%
if skipped.empty:
    display(Markdown("**What we see.** No input was skipped: every file was read, decoded, "
                     "recognised as French and kept."))
else:
    display(skipped.head(max_rows))
    display(Markdown(f"**What we see.** {plural(len(skipped), 'input')} not read or partly "
                     "ignored; by reason: " + ", ".join(
                         f"{r} ({fmt_int(n)})" for r, n in skipped["reason"].value_counts().items())
                     + "."))

# %% [markdown]
# ## 6. Same-story pairs
#
# Similarity is the Jaccard index of the articles' content shingles (content words cut to
# five letters, accents removed, plus consecutive content-word pairs), so paraphrases still
# match. Pairs at or above the threshold share a `story_id`. The table and the figure show
# the most similar pairs first.

# %%
# NBVAL_CHECK_OUTPUT
if len(documents) < 2:
    pairs = pd.DataFrame(columns=story.PAIR_COLUMNS)
    print("Fewer than two documents: no pair to compare.")
else:
    pairs = story.story_pairs(documents, all_pairs=len(documents) <= story.EXHAUSTIVE_MAX)
    pairs = pairs.sort_values("similarity", ascending=False, kind="stable")
print(f"threshold = {story.STORY_THRESHOLD}")
pairs.assign(a=pairs["doc_id_a"].map(label), b=pairs["doc_id_b"].map(label))[
    ["a", "b", "similarity", "same_story"]].round(3).head(max_rows)

# %%
if len(pairs):
    ax = figures.pair_bars(pairs, label, top=min(max_rows, 20), threshold=story.STORY_THRESHOLD,
                           xlabel="story similarity (Jaccard of content shingles)")
    ax.set_title(f"The {min(len(pairs), max_rows, 20)} most similar pairs of articles")
    plt.tight_layout()
    plt.show()

# %%
groups = documents.groupby("story_id")["doc_id"].agg(list)
groups = groups[groups.str.len() > 1].sort_values(key=lambda g: g.str.len(), ascending=False)
n_stories = documents["story_id"].nunique()
above = pairs[pairs["same_story"].astype(bool)] if len(pairs) else pairs
below = pairs[~pairs["same_story"].astype(bool)] if len(pairs) else pairs
text = (f"**What we see.** Pairs of articles at or above the threshold "
        f"({story.STORY_THRESHOLD}): {fmt_int(len(above))}; the {plural(n_docs, 'article')} "
        f"tell {plural(n_stories, 'story', 'stories')}. ")
if len(groups):
    text += "Groups of rewrites, largest first: " + "; ".join(
        " = ".join(label[m] for m in natural_sorted_members)
        for natural_sorted_members in (sorted(g, key=natural_key) for g in groups.head(5))) + (
        f"; and {plural(len(groups) - 5, 'more group')}." if len(groups) > 5 else ".")
    text += " "
if len(above) and len(below):
    text += (f"The weakest pair above the threshold has similarity "
             f"{above['similarity'].min():.3f}; the strongest below it "
             f"{below['similarity'].max():.3f}. ")
text += ("An analysis that counts *stories* rather than *texts* can keep one document per "
         "`story_id` (`presse.story.one_per_story`); check the pairs near the threshold before "
         "trusting story counts.")
display(Markdown(text))

# %% [markdown] tags=["embedded-corpus"]
# **On the embedded corpus.** 000 and 001 are the one pair above the threshold (about 0.145,
# against 0.12): the same story (Putin's missed "deal" with Trump, a year after the
# inauguration) told in different words and lengths. Every other pair, all on Trump and
# Putin, stays at or below about 0.08.

# %% [markdown]
# ## 7. Who is mentioned, article by article
#
# Mentions of the canonical actors (aliases and metonyms included: "le chef du Kremlin"
# counts for Putin, "Washington" for the United States) from the `mentions` table: one bar
# per article up to `max_rows` articles, else one bar per period (or per outlet when no
# article is dated). Counts are raw, not per thousand words.

# %%
mentions = tables["mentions"]
if mentions.empty:
    print("No actor mention found in this corpus.")
else:
    top_actors = mentions["actor"].value_counts().index[:10]
    m = mentions[mentions["actor"].isin(top_actors)]
    if one_per_line(n_docs, max_rows):
        counts = (m.groupby(["doc_id", "actor"]).size().unstack(fill_value=0)
                  .reindex(documents["doc_id"], fill_value=0))[top_actors]
        counts.index = counts.index.map(label).rename("article")
        by = "article"
    elif dated.any():
        unit = date_unit(documents["date"])
        period = documents.set_index("doc_id")["date"].dt.to_period(unit.freq)
        counts = (m.assign(period=m["doc_id"].map(period)).dropna(subset=["period"])
                  .groupby(["period", "actor"]).size().unstack(fill_value=0))[
                      [a for a in top_actors if a in set(m["actor"])]]
        counts = counts.reindex(pd.period_range(counts.index.min(), counts.index.max(),
                                                freq=unit.freq), fill_value=0)
        counts.index = [unit.label(p) for p in counts.index]
        by = unit.name
    else:
        outlet = known_outlets(documents).fillna("(unknown outlet)")
        counts = (m.assign(outlet=m["doc_id"].map(outlet)).groupby(["outlet", "actor"]).size()
                  .unstack(fill_value=0))[top_actors]
        by = "outlet"
    ax = figures.count_bars(counts, xlabel="mentions", legend_title="actor", max_rows=max_rows)
    ax.set_title(f"Actor mentions per {by} (the {len(top_actors)} most mentioned actors)")
    plt.tight_layout()
    plt.show()

# %%
if not mentions.empty:
    display(int_columns(counts.head(max_rows)))
    totals = mentions["actor"].value_counts()
    per_doc = mentions.groupby("doc_id").size().reindex(documents["doc_id"], fill_value=0)
    display(Markdown(
        f"**What we see.** {plural(len(mentions), 'mention')} of "
        f"{plural(len(totals), 'actor')}; the most mentioned: "
        + ", ".join(f"`{a}` ({fmt_int(n)}, {n / len(mentions):.0%})" for a, n in totals.head(4).items())
        + ". "
        + ("Every article mentions at least one actor of the actor list. " if (per_doc > 0).all()
           else f"{fmt_int((per_doc == 0).sum())} of {plural(n_docs, 'article')} mention no "
           "actor of the actor list. ")
        + "Counts are raw: long articles carry more mentions."))

# %% [markdown] tags=["embedded-corpus"]
# **On the embedded corpus.** Trump, Putin and Russia (often as "Moscou" or "le Kremlin")
# account for most mentions, as the corpus was selected on them; Ukraine comes next. Venezuela
# and Iran appear only in the 000/001 story, whose subject is Russia's weakened allies. The
# longer articles (002, 003) carry the most mentions.

# %% [markdown]
# ## Summary and caveats

# %%
summary = [
    f"{plural(n_docs, 'article')}, {plural(n_stories, 'story', 'stories')} after grouping "
    f"rewrites; {fmt_int(dated.sum())} dated"
    + (f" ({documents['date'].min():%B %Y} to {documents['date'].max():%B %Y})" if dated.any() else "")
    + f", the outlet known for {fmt_int(len(outlets))}.",
    (f"{fmt_int(kind_counts.get('inferred', 0))} of the dates are inferred from the events "
     "described: estimates, not publication records." if kind_counts.get("inferred", 0) else
     "No date is inferred: each comes from the text, a table or the page."),
    f"Cleaning removed {plural(len(audit), 'line')} (listed above) and "
    + ("the check found no line of prose lost." if lost.empty else
       f"{plural(len(lost), 'document')} have unaccounted lines."),
    f"{plural(len(skipped), 'input')} skipped or partly ignored, each listed with its reason.",
]
display(Markdown("\n".join(f"- {s}" for s in summary)))

# %% [markdown]
# - The cleaning rules are heuristics tuned on common French web layouts; new layouts may
#   leave furniture in, which the audit and the check make visible.
# - Same-story detection is lexical, with a threshold set on the embedded corpus; on a large
#   corpus of closely related news, check the pairs near the threshold.
# - A corpus is the articles it was built from, not a sample of the French press: say how
#   they were selected before generalising from them.

# %% [markdown] tags=["embedded-corpus"]
# On the embedded corpus: five French articles (November 2024 - January 2026) on the
# Trump-Putin relationship, an illustration of the methods, not a sample of the French press;
# its same-story threshold leaves a margin of +21 % / -35 % around its pairs.
