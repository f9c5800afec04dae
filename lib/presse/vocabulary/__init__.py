"""Textometry: the methods French text analysis expects (TXM, IRaMuTeQ, rainette, quanteda).

One small module per method, DataFrame in, DataFrame out:

- :mod:`~presse.vocabulary.kwic` -- concordances (words, lemmas, regexes, actors);
- :mod:`~presse.vocabulary.specificities` -- Lafon's hypergeometric specificities per part;
- :mod:`~presse.vocabulary.reinert` -- text segments and Reinert's descending hierarchical
  classification (simple and double, as IRaMuTeQ and rainette define it);
- :mod:`~presse.vocabulary.ca` -- correspondence analysis and its factor map;
- :mod:`~presse.vocabulary.cooccurrence` -- co-occurrence graph with a significance score;
- :mod:`~presse.vocabulary.progression` -- relative frequency of words / actors per period.

Words, lemmas and stop words are those of the topic model (:mod:`presse.vocabulary._tokens`).
"""
