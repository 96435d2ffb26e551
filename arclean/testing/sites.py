"""Synthetic crawls of several sites for corpus mode (``arclean.templates``).

Each site has its own template, in wording no cue list knows: a masthead and an issue line
above the story, a list of the site's picks below it (a header that repeats over headlines
that change from page to page), a columnist-style signature (a name that changes) and a house
footer, a reading prompt that sits between paragraphs, all on most of its pages. Stories vary
from page to page, except two: a *wire story* published on many pages of every site, and a
*house story* republished on many pages of one site. Corpus mode must remove the template and
keep both repeated stories, which are story text however often they recur.

>>> crawl = site_crawl(pages=20, sites=2, seed=3)
>>> len(crawl), sorted({page.site for page in crawl})
(40, ['site-0.example', 'site-1.example'])
>>> page = crawl[0]
>>> all(line in page.text.split("\\n") for line in page.template)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import strategies as st

from arclean.testing.strategies import (
    _CLAUSES,
    _CONNECTORS,
    _NAMES,
    _OBJECTS,
    _PLACES,
    _SUBJECTS,
    _TIMES,
    _TITLE_HEADS,
    _VERBS,
)

__all__ = ["SitePage", "gold_records", "headline", "page_sets", "site_crawl", "wire_story"]

#: Site names and house phrases written for this module (no real site's wording).
_MASTHEADS = ("بوابة الساحل", "جريدة الأفق", "نافذة الجنوب", "مرصد المدينة", "صحيفة الضفاف", "منبر الوادي")
_MOTTOS = ("صوت المدينة منذ عقود", "الخبر كما هو", "عين على الجنوب", "من الناس إلى الناس")


@dataclass(frozen=True, slots=True)
class SitePage:
    """One page of a synthetic crawl and what corpus mode should do with it."""

    site: str
    url: str
    text: str
    template: tuple[str, ...]  #: the template lines on this page (to be removed)
    story: tuple[str, ...]  #: the story lines (to be kept)
    repeated: str | None  #: "wire" or "house" when the story is one published many times


def _sentence(rng: random.Random, first: bool) -> str:
    parts = [rng.choice(_VERBS), rng.choice(_SUBJECTS), rng.choice(_TIMES), rng.choice(_OBJECTS), rng.choice(_PLACES)]
    text = ("" if first else rng.choice(_CONNECTORS)) + " ".join(parts) + "، " + rng.choice(_CLAUSES)
    if rng.random() < 0.3:
        text += f" بكلفة تقدر بنحو {rng.randint(2, 950)} مليون"
    return text + "."


def _story(rng: random.Random, paragraphs: int) -> tuple[str, ...]:
    return tuple(" ".join(_sentence(rng, first=n == 0 and i == 0) for n in range(rng.randint(1, 3))) for i in range(paragraphs))


def headline(rng: random.Random) -> str:
    """A listed headline: a few words, no sentence end (one of hundreds, so they vary)."""
    return f"{rng.choice(_TITLE_HEADS)} {rng.choice(_OBJECTS)} {rng.choice(_PLACES)}"


def wire_story(seed: int = 0, paragraphs: int = 3) -> tuple[str, ...]:
    """A story as an agency would send it to every site (the same seed, the same story)."""
    return _story(random.Random(f"wire-{seed}"), paragraphs)


def _template(index: int) -> dict[str, str]:
    name = _MASTHEADS[index % len(_MASTHEADS)] + ("" if index < len(_MASTHEADS) else f" {index}")
    motto = _MOTTOS[index % len(_MOTTOS)]
    return {
        "masthead": f"{name} — {motto}",
        "issue": f"{name} | العدد {{issue}}",
        "prompt": "تابع بقية التفاصيل أدناه",
        "picks": f"مختارات {name} لهذا المساء",
        "signature": f"{{name}} – {name}",
        "footer": f"{name} تصل إليكم كل صباح بأخبار المدينة والمنطقة",
    }


def site_crawl(
    pages: int = 300,
    sites: int = 3,
    *,
    seed: int = 0,
    wire_share: float = 0.25,
    house_share: float = 0.15,
    template_share: float = 0.9,
) -> list[SitePage]:
    """``pages`` pages for each of ``sites`` sites, interleaved, reproducible from ``seed``."""
    rng = random.Random(seed)
    wire = wire_story(seed)
    crawl: list[SitePage] = []
    houses = [_story(random.Random(f"house-{seed}-{index}"), 2) for index in range(sites)]
    templates = [_template(index) for index in range(sites)]
    for number in range(pages):
        for index in range(sites):
            site = f"site-{index}.example"
            parts = templates[index]
            draw = rng.random()
            repeated = "wire" if draw < wire_share else "house" if draw < wire_share + house_share else None
            story = wire if repeated == "wire" else houses[index] if repeated == "house" else _story(rng, rng.randint(2, 5))
            head = [parts[key] for key in ("masthead", "issue") if rng.random() < template_share]
            head = [line.replace("{issue}", str(rng.randint(1000, 9999))) for line in head]
            body = list(story)
            prompt = rng.random() < template_share and len(body) > 1
            if prompt:
                body.insert(1, parts["prompt"])
            tail = []
            picks = random.Random(f"picks-{seed}-{number}-{index}")  # its own stream: the rest stays as it was
            if picks.random() < template_share:
                tail += [parts["picks"], *(headline(picks) for _ in range(picks.randint(2, 5)))]
            if rng.random() < template_share:
                tail.append(parts["signature"].replace("{name}", rng.choice(_NAMES)))
            if rng.random() < template_share:
                tail.append(parts["footer"])
            text = "\n".join([*head, *body, "", *tail])
            template = tuple(head + ([parts["prompt"]] if prompt else []) + tail)
            crawl.append(SitePage(site, f"https://{site}/news/{number}", text, template, story, repeated))
    return crawl


def gold_records(pages: list[SitePage], prefix: str = "synthetic") -> list[dict[str, object]]:
    """The pages as gold records of the evaluation format (docs/corpus.md): template lines are
    boilerplate (``other``), the rest of the text is the story, so ``arclean.evaluate`` scores them."""
    records: list[dict[str, object]] = []
    for number, page in enumerate(pages):
        lines = page.text.split("\n")
        labels = ["blank" if not line.strip() else "other" if line in page.template else "body" for line in lines]
        main = "\n".join(line for line, label in zip(lines, labels, strict=True) if label == "body")
        records.append({"id": f"{prefix}/{number}", "site": page.site, "raw": page.text, "labels": labels, "main": main})
    return records


@st.composite
def page_sets(draw: st.DrawFn, max_pages: int = 30) -> list[tuple[str, str]]:
    """``(site, text)`` pages whose lines are drawn from a small pool, so some recur and some do
    not, and a block header over headlines that do not: for properties that must hold whatever
    recurs (a line on one page is never removed, unless it is an item of a learned block)."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    pool = [*_story(rng, 6), *(_template(i)["masthead"] for i in range(3)), "تابع بقية التفاصيل أدناه"]
    pool += [f"{name} – {_MASTHEADS[0]}" for name in _NAMES[:3]]
    pool += [_template(0)["picks"]] * 3
    lines = st.one_of(st.sampled_from(pool), st.builds(lambda: _sentence(rng, True)), st.builds(lambda: headline(rng)))
    page = st.lists(lines, min_size=1, max_size=8).map("\n".join)
    site = st.sampled_from(("a.example", "b.example"))
    return draw(st.lists(st.tuples(site, page), min_size=1, max_size=max_pages))
