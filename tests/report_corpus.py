"""A small French corpus in several formats, and one render of every notebook on it.

Shared by tests/test_report_browser.py (what a reader sees in Chromium) and
tests/test_report_corpus.py (no embedded-corpus commentary, publishable files): the render
runs once per test session (:func:`small_report`), whichever module asks first.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

SOMMET = """Sommet d’Anchorage : Trump et Poutine affichent leur entente, l’Ukraine inquiète

Donald Trump a reçu Vladimir Poutine vendredi en Alaska pour un sommet de trois heures. \
Le président américain a salué « une rencontre très productive » et assuré que « beaucoup de \
points » avaient été réglés, sans annoncer de cessez-le-feu.

Le chef du Kremlin, tout sourire, a proposé que la prochaine rencontre ait lieu « à Moscou ». \
À Kiev, Volodymyr Zelensky a dénoncé une mise en scène qui « récompense l’agresseur » et \
rappelé qu’aucun accord ne pouvait se faire sans l’Ukraine.

Les Européens restent prudents. Emmanuel Macron a jugé que la pression sur la Russie devait \
être maintenue tant que les bombardements continuaient. Plusieurs diplomates craignent que \
Washington ne cède aux exigences territoriales de Moscou.
"""

SANCTIONS = """Washington menace Moscou de nouvelles sanctions

Le président Trump s’est dit « très déçu » par Vladimir Poutine après une nuit de \
frappes russes sur des villes ukrainiennes. Il a menacé la Russie de droits de douane \
sévères et de sanctions contre les acheteurs de pétrole russe.

Le Kremlin a répondu que ces menaces ne changeraient rien à sa position. Dmitri Peskov a \
estimé que la relation entre les deux présidents restait « constructive », tout en accusant \
les Européens de prolonger la guerre en armant l’Ukraine.

À Bruxelles, les ministres ont salué un tournant dans la politique américaine, mais \
beaucoup doutent que la Maison Blanche aille au bout de ses menaces. Le cœur du problème \
reste l’écart entre les déclarations et les actes.
"""

OTAN_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>L'OTAN face au rapprochement entre Trump et Poutine</title>
<meta property="article:published_time" content="2025-07-12T08:30:00+02:00">
</head><body>
<nav><a href="/">Accueil</a> | <a href="/monde">Monde</a> | <a href="/abonnement">S'abonner</a></nav>
<article>
<h1>L'OTAN face au rapprochement entre Trump et Poutine</h1>
<p>Les alliés européens de l'OTAN s'inquiètent du ton conciliant de Donald Trump envers
Vladimir Poutine. Lors du dernier sommet de l'Alliance, le président américain a répété
que les Européens devaient payer davantage pour leur propre défense.</p>
<p>Le secrétaire général de l'OTAN a défendu l'unité de l'Alliance et rappelé que la Russie
restait la principale menace pour la sécurité du continent. Plusieurs pays baltes ont
demandé le renforcement des troupes stationnées à leurs frontières.</p>
<p>À Moscou, le Kremlin s'est félicité des divisions occidentales. Vladimir Poutine a
affirmé que la Russie était prête à discuter avec Washington, mais pas à renoncer à ses
objectifs en Ukraine.</p>
</article>
<footer>© Journal exemple — Tous droits réservés. Politique de confidentialité.</footer>
</body></html>
"""

CSV_ROWS = [
    {
        "title": "Poutine salue l'élection de Donald Trump",
        "date": "2024-11-08",
        "outlet": "Le Quotidien",
        "text": (
            "Vladimir Poutine a félicité Donald Trump pour son élection, lors du forum de "
            "Valdaï à Sotchi. Le président russe s'est dit prêt à discuter avec le nouveau "
            "président américain, qu'il a qualifié d'homme courageux.\n\n"
            "Les analystes restent sceptiques. Pour beaucoup, le Kremlin espère surtout que "
            "Washington réduira son aide militaire à l'Ukraine. Les Européens craignent d'être "
            "tenus à l'écart des négociations entre les deux puissances."
        ),
    },
    {
        "title": "Trump qualifie la Russie de « tigre de papier »",
        "date": "2025-09-25",
        "outlet": "Le Soir du Matin",
        "text": (
            "Donald Trump a surpris ses alliés en affirmant que l'Ukraine pouvait reconquérir "
            "tout son territoire avec le soutien de l'Europe. Il a décrit la Russie comme un "
            "« tigre de papier » dont l'économie serait à bout de souffle.\n\n"
            "Le Kremlin a rejeté ces propos. Dmitri Peskov a assuré que la Russie n'était pas "
            "un tigre mais un ours, et que l'économie russe résistait aux sanctions. À Kiev, "
            "les dirigeants ont salué un changement de ton de la Maison Blanche."
        ),
    },
]

JSONL_ROWS = [
    {
        "titre": "Appel téléphonique entre Trump et Poutine",
        "date": "2025-03-18",
        "source": "Radio Exemple",
        "texte": (
            "Donald Trump et Vladimir Poutine se sont entretenus pendant plus de deux heures au "
            "téléphone. Les deux dirigeants ont évoqué une trêve limitée sur les infrastructures "
            "énergétiques en Ukraine.\n\nLe Kremlin a insisté sur l'arrêt de l'aide militaire "
            "occidentale à Kiev, une condition jugée inacceptable par les Européens. La Maison "
            "Blanche a parlé d'un premier pas vers une paix durable."
        ),
    },
]


def write_corpus(folder: Path) -> Path:
    """Six French articles about Trump and Putin in five encodings/formats."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sommet_alaska.txt").write_text(SOMMET.replace(" :", "\u202f:"), encoding="utf-8")
    (folder / "sanctions_cp1252.txt").write_bytes(SANCTIONS.replace("\n", "\r\n").encode("cp1252"))
    (folder / "otan.html").write_text(OTAN_HTML, encoding="utf-8")
    with open(folder / "articles.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "date", "outlet", "text"])
        writer.writeheader()
        writer.writerows(CSV_ROWS)
    with open(folder / "depeches.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in JSONL_ROWS)
    return folder



_CACHE: dict[str, tuple] = {}


def small_report(tmp_path_factory):
    """Render every notebook of notebooks/ on the six-article corpus once per session;
    return ``(out, results, corpus)``."""
    if "report" not in _CACHE:
        from presse.report import find_notebooks, render_reports

        assert find_notebooks(), "notebooks/ holds no NN_name.ipynb notebook"
        base = tmp_path_factory.mktemp("small_report")
        corpus = write_corpus(base / "mes_articles")
        out = base / "partage"
        results = render_reports(corpus=corpus, out=out, progress=False, timeout=600)
        _CACHE["report"] = (out, results, corpus)
    return _CACHE["report"]
