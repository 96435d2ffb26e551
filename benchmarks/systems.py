"""The systems the benchmark compares, each a factory returning ``raw text -> {"text", "meta"}``.

Peers get the same input arclean gets. HTML extractors (jusText, trafilatura) see each raw line
wrapped as one ``<p>`` (blank lines dropped), which is the most favourable HTML we can give them
from plain scraped text. datatrove's C4 filter is used as a *line* filter: its document-level
drops (too few sentences, lorem ipsum, curly brackets) are switched off so every document is kept.
A factory raises ``ImportError`` when its package is missing; ``available`` turns that into a note.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

Predict = Callable[[str], dict[str, Any]]


def as_html(raw: str) -> str:
    """Each non-blank line as one escaped ``<p>``: the HTML the extractors see."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in raw.split("\n") if line.strip())
    return f"<html><head><meta charset='utf-8'></head><body><article>\n{paragraphs}</article></body></html>"


def identity() -> Predict:
    """Keep everything: the floor every cleaner must beat on recall-free metrics."""
    return lambda raw: {"text": raw}


def regex_pass() -> Predict:
    """One ``regex`` pass (``\\w+`` over the text), output = input: the speed yardstick."""
    import regex

    word = regex.compile(r"\w+")

    def predict(raw: str) -> dict[str, Any]:
        word.findall(raw)
        return {"text": raw}

    return predict


def arclean_default() -> Predict:
    """arclean's default pipeline, with its metadata."""
    from arclean.evaluate import predict as arclean_predict
    from arclean.pipeline import Pipeline

    pipeline = Pipeline.default()
    return lambda raw: arclean_predict(pipeline, raw)[0]


def _justext(*settings: Any) -> Predict:
    import justext

    stoplist = justext.get_stoplist("Arabic")

    def predict(raw: str) -> dict[str, Any]:
        paragraphs = justext.justext(as_html(raw), stoplist, *settings)
        return {"text": "\n".join(p.text for p in paragraphs if not p.is_boilerplate)}

    return predict


def justext_default() -> Predict:
    """jusText, Arabic stoplist, default settings."""
    return _justext()


def justext_trafilatura() -> Predict:
    """jusText with the settings trafilatura uses for its jusText fallback (external.py)."""
    # length_low, length_high, stopwords_low, stopwords_high, max_link_density, max_heading_distance, no_headings
    return _justext(50, 150, 0.1, 0.2, 0.25, 150, True)


def _trafilatura(**options: Any) -> Predict:
    import trafilatura

    def predict(raw: str) -> dict[str, Any]:
        text = trafilatura.extract(as_html(raw), include_comments=False, include_tables=True, **options)
        return {"text": text or ""}

    return predict


def trafilatura_standard() -> Predict:
    return _trafilatura()


def trafilatura_precision() -> Predict:
    return _trafilatura(favor_precision=True)


def trafilatura_recall() -> Predict:
    return _trafilatura(favor_recall=True)


def _c4(extra_punctuation: str = "") -> Predict:
    from datatrove.data import Document
    from datatrove.pipeline.filters import c4_filters

    if extra_punctuation:  # the filter reads this module global on every line
        c4_filters.END_PUNCTUATION = (*c4_filters.END_PUNCTUATION, *extra_punctuation)
    line_filter = c4_filters.C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)

    def predict(raw: str) -> dict[str, Any]:
        doc = Document(text=raw, id="0")
        line_filter.filter(doc)
        return {"text": doc.text}

    return predict


def c4_stock() -> Predict:
    """datatrove C4QualityFilter as a line filter, stock line rules."""
    return _c4()


def c4_arabic_question_mark() -> Predict:
    """The same with the Arabic question mark ``؟`` accepted as terminal punctuation."""
    return _c4("\u061f")


#: name -> (factory, package needed, label for tables)
SYSTEMS: dict[str, tuple[Callable[[], Predict], str, str]] = {
    "arclean": (arclean_default, "arclean", "arclean (default pipeline)"),
    "identity": (identity, "arclean", "identity (keep everything)"),
    "regex": (regex_pass, "regex", "one regex pass (speed yardstick)"),
    "justext": (justext_default, "justext", "jusText (Arabic stoplist, defaults)"),
    "justext-traf": (justext_trafilatura, "justext", "jusText (trafilatura's settings)"),
    "trafilatura": (trafilatura_standard, "trafilatura", "trafilatura extract (standard)"),
    "trafilatura-precision": (trafilatura_precision, "trafilatura", "trafilatura extract (favor_precision)"),
    "trafilatura-recall": (trafilatura_recall, "trafilatura", "trafilatura extract (favor_recall)"),
    "c4": (c4_stock, "datatrove", "datatrove C4 line filter (stock)"),
    "c4-arabic": (c4_arabic_question_mark, "datatrove", "datatrove C4 line filter (+ ؟)"),
}


def available(name: str) -> str | None:
    """None if the system can be built here, else why not."""
    try:
        SYSTEMS[name][0]()
    except ImportError as error:
        return f"{SYSTEMS[name][1]} not installed ({error})"
    return None
