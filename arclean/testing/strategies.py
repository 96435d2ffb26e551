"""Hypothesis strategies that build realistic scraped Arabic news documents.

Every strategy draws from word lists written for this module (no real articles), and every
boilerplate phrasing is one that ``arclean/data/cues.toml`` documents, with the variation real
sites show: hamza and tanween spellings, diacritics, glued labels, bullets and numbering,
no-break spaces and bidi marks, Arabic-Indic digits, CRLF line ends and a trailing NUL.

``news_document()`` composes them into a :class:`NewsDocument`: the raw text, the story it
should reduce to, one label per line (the vocabulary of the evaluation format) and the
metadata the removed lines carry.

>>> from hypothesis import given
>>> @given(news_document())
... def test_shape(doc):
...     assert len(doc.labels) == len(doc.raw.split("\\n"))
>>> test_shape()
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from arclean.models import NormalizeOptions

__all__ = [
    "BOILERPLATE_KINDS",
    "Block",
    "ExpectedMetadata",
    "NewsDocument",
    "boilerplate_block",
    "bullet_story_line",
    "headline",
    "look_alike_sentence",
    "news_document",
    "normalize_options",
    "read_also_promo",
    "sentence",
    "short_sentence",
    "story_paragraph",
    "subheading",
]

# ----------------------------------------------------------------- vocabulary ---
# Written for this module. Story words avoid every cue phrase, so a story line can only be
# removed by a cleaner's mistake, never by the generator's.
_SUBJECTS = (
    "الوزير",
    "المجلس البلدي",
    "الفريق الوطني",
    "اللجنة الفنية",
    "الحكومة",
    "البرلمان",
    "المحافظ",
    "الشركة الوطنية للكهرباء",
    "إدارة الميناء",
    "نقابة المعلمين",
    "هيئة الطيران المدني",
    "البنك المركزي",
    "المنتخب الأول",
    "رئيس الجامعة",
    "مديرية الزراعة",
    "الهلال الأحمر",
)
_VERBS = (
    "أعلن",
    "أكد",
    "ناقش",
    "افتتح",
    "استعرض",
    "أوضح",
    "أقر",
    "رفض",
    "بحث",
    "دعا",
    "وقع",
    "نفى",
    "طالب",
)
_OBJECTS = (
    "خطة لتطوير شبكة الطرق الريفية",
    "مشروعا جديدا لتحلية مياه البحر",
    "برنامجا لدعم صغار المزارعين",
    "اتفاقية تعاون مع الجامعات الإقليمية",
    "ميزانية العام المقبل",
    "حملة لتنظيف الشواطئ الشمالية",
    "إجراءات لتخفيف الازدحام في وسط العاصمة",
    "مقترحا لرفع رواتب العاملين في القطاع الصحي",
    "تقريرا عن أوضاع المدارس الحكومية",
    "مبادرة لتشجيع القراءة بين الأطفال",
    "قرارا بتمديد ساعات عمل المكتبات العامة",
    "خطة طوارئ لموسم الأمطار",
)
_PLACES = (
    "في العاصمة",
    "في المنطقة الشرقية",
    "في مدينة الساحل",
    "في القرى الجبلية",
    "في المحافظات الجنوبية",
    "في الحي القديم",
    "على الحدود الشمالية",
    "في الميناء التجاري",
    "في الضواحي الغربية",
)
_TIMES = (
    "صباح الثلاثاء",
    "مساء أمس",
    "خلال الأسبوع الماضي",
    "في وقت سابق من اليوم",
    "مطلع الشهر الجاري",
    "بعد اجتماع مطول",
    "قبل نهاية العام",
    "خلال جلسة استثنائية",
)
_CLAUSES = (
    "وسط ترحيب واسع من السكان والتجار",
    "بمشاركة عدد كبير من الخبراء والمختصين",
    "في إطار خطة شاملة لتحسين الخدمات العامة",
    "بعد سنوات من المطالبات المتكررة",
    "مشيرا إلى أن التنفيذ سيبدأ خلال أسابيع قليلة",
    "على أن تعرض النتائج في مؤتمر صحفي لاحق",
    "رغم التحديات المالية التي تواجهها البلاد",
    "بهدف تقليل الكلفة على الأسر محدودة الدخل",
    "مع توقعات بارتفاع الطلب في الأشهر المقبلة",
    "لافتا إلى أهمية التنسيق بين الجهات المعنية",
)
_CONNECTORS = ("و", "كما ", "من جهته ", "في المقابل ", "وفي السياق ذاته ", "إلى ذلك ")

_TITLE_HEADS = (
    "افتتاح",
    "تأجيل",
    "انطلاق",
    "ارتفاع",
    "تراجع",
    "توقيع",
    "إطلاق",
    "اختتام",
    "تعثر",
    "نجاح",
)
_TITLE_TOPICS = (
    "مهرجان الشعر الشعبي",
    "أسعار الخضروات",
    "موسم الحصاد",
    "مشروع القطار السريع",
    "بطولة الأندية",
    "معرض الصناعات اليدوية",
    "مفاوضات الأجور",
    "حملة التطعيم",
    "سوق الأسهم المحلية",
    "مؤتمر الطاقة المتجددة",
    "ترميم القلعة التاريخية",
    "دوري المدارس",
)
_TITLE_TAILS = (
    "في العاصمة",
    "وسط إقبال كبير",
    "للمرة الأولى منذ عقد",
    "بعد جدل طويل",
    "بمشاركة عربية واسعة",
    "رغم سوء الأحوال الجوية",
    "في الجنوب",
)
_NAMES = (
    "أحمد الزبيدي",
    "سارة حسن",
    "ليلى منصور",
    "عمر الخطيب",
    "منى العتيبي",
    "يوسف الحربي",
    "هدى السالم",
    "خالد بن سعيد",
    "ريم الكبيسي",
)
_OUTLETS = ("صدى الوادي", "الخليج الجديد", "وكالة الأنباء المحلية", "موقع النهار اليوم", "جريدة الشمال")
_AGENCIES = ("وكالات", "رويترز", "أ ف ب", "واس")
_TAG_WORDS = (
    "العراق",
    "الاقتصاد",
    "الطقس",
    "التعليم",
    "الرياضة",
    "الصحة",
    "الزراعة",
    "الأردن",
    "مصر",
    "النفط",
    "الانتخابات",
    "الثقافة",
)
_SITES = ("الوادي نيوز", "بوابة الشمال", "المسلة", "الخبر اليوم")
_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر")

BOILERPLATE_KINDS: tuple[str, ...] = (
    "source",
    "tags",
    "read_also",
    "related",
    "byline",
    "date",
    "disclaimer",
    "social",
    "copyright",
    "caption",
    "nav",
    "ad",
    "comments",
)
#: Kinds a read-also or related block may legitimately take over when they follow it (the
#: embedded article's own credit and date), so tails place them before those blocks.
_ABSORBABLE = frozenset({"source", "byline", "date", "caption"})

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DIACRITICS = ("\u064e", "\u064f", "\u0650", "\u0652", "\u0651")


# ------------------------------------------------------------------- results ---
@dataclass(frozen=True)
class ExpectedMetadata:
    """Metadata the planted lines carry, as written (compare after canonical folding)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    read_also: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    date: str | None = None


@dataclass(frozen=True)
class Block:
    """Planted lines with their labels, plus the metadata values they carry."""

    kind: str
    lines: tuple[str, ...]
    labels: tuple[str, ...]
    meta: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class NewsDocument:
    """A generated document with its gold answer.

    ``labels`` has one label per line of ``raw.split("\\n")``; ``main`` is the body lines joined
    by ``"\\n"`` exactly as in ``raw`` (not normalized).
    """

    raw: str
    main: str
    labels: tuple[str, ...]
    meta: ExpectedMetadata


# ---------------------------------------------------------------- variation ---
def _read_also_header_text(draw: st.DrawFn) -> str:
    verb = draw(st.sampled_from(("اقرأ", "إقرأ", "أقرأ", "اقرا")))
    also = draw(st.sampled_from(("أيضا", "أيضاً", "أيضًا", "ايضا", "ايضاً")))
    return f"{verb} {also}"


@st.composite
def _noisy(draw: st.DrawFn, line: str) -> str:
    """Scraper noise that never changes what a line says: nbsp, bidi marks, edge spaces."""
    if " " in line and draw(st.booleans()):
        first = line.index(" ")
        line = line[:first] + "\u00a0" + line[first + 1 :]
    if draw(st.integers(0, 4)) == 0:
        line = "\u200f" + line
    if draw(st.integers(0, 4)) == 0:
        line = line + draw(st.sampled_from((" ", "  ", "\u00a0", "\t")))
    if draw(st.integers(0, 5)) == 0:
        line = " " + line
    return line


def _digits(draw: st.DrawFn, text: str) -> str:
    return text.translate(_ARABIC_INDIC) if draw(st.booleans()) else text


def _with_diacritic(draw: st.DrawFn, word: str, decorated: bool) -> str:
    """Sometimes a harakah or a tatweel after the word's third letter, as some sites decorate labels."""
    if not decorated or len(word) < 4 or not draw(st.integers(0, 3)) == 0:
        return word
    return word[:3] + draw(st.sampled_from((*_DIACRITICS, "\u0640"))) + word[3:]


# -------------------------------------------------------------------- story ---
@st.composite
def sentence(draw: st.DrawFn, *, first: bool = False) -> str:
    """One prose sentence of 12+ words ending with "."."""
    connector = "" if first else draw(st.sampled_from(_CONNECTORS))
    parts = [
        draw(st.sampled_from(_VERBS)),
        draw(st.sampled_from(_SUBJECTS)),
        draw(st.sampled_from(_TIMES)),
        draw(st.sampled_from(_OBJECTS)),
        draw(st.sampled_from(_PLACES)),
    ]
    clauses = draw(st.lists(st.sampled_from(_CLAUSES), min_size=1, max_size=2, unique=True))
    text = connector + " ".join(parts) + "، " + "، ".join(clauses)
    if draw(st.integers(0, 4)) == 0:
        number = _digits(draw, str(draw(st.integers(2, 950))))
        text += f" بكلفة تقدر بنحو {number} مليون"
    return text + "."


@st.composite
def story_paragraph(draw: st.DrawFn, *, first: bool = False) -> str:
    """A paragraph of one to three sentences."""
    count = draw(st.integers(1, 3))
    return " ".join(draw(sentence(first=first and n == 0)) for n in range(count))


@st.composite
def look_alike_sentence(draw: st.DrawFn) -> str:
    """A story sentence that opens with a cue-like word but is prose (hard negative)."""
    opener = draw(
        st.sampled_from(
            (
                "وقال المصدر إن",
                "وأضاف المصدر الذي طلب عدم ذكر اسمه أن",
                "وتابع الوزير حديثه قائلا إن",
                "شارك في الاجتماع وزراء الخارجية العرب، وأكدوا أن",
                "ونقلا عن مصادر مطلعة فإن",
                "كتب التاريخ كثيرة، لكن الباحثين يرون أن",
                "وأخبار الطقس تشير إلى أن",
            )
        )
    )
    rest = draw(sentence(first=True))
    return f"{opener} {rest}"


@st.composite
def short_sentence(draw: st.DrawFn) -> str:
    """A short story paragraph of four to seven words, as news sites print single lines."""
    return draw(
        st.sampled_from(
            (
                "وكان الحادث قد وقع فجر اليوم.",
                "ولم تعلن أي جهة مسؤوليتها حتى الآن.",
                "وتستمر الفعاليات حتى نهاية الأسبوع المقبل.",
                "ومن المتوقع صدور القرار خلال أيام.",
                "وتعد هذه الزيارة الأولى من نوعها.",
            )
        )
    )


@st.composite
def subheading(draw: st.DrawFn) -> str:
    """An in-story subheading: a short headline-shaped line between paragraphs."""
    return draw(st.sampled_from(("تحديات التمويل", "ردود فعل واسعة", "خطوات مقبلة", "أرقام قياسية")))


@st.composite
def bullet_story_line(draw: st.DrawFn) -> str:
    """An in-story list item: a bullet or number, then a full sentence ending with "."."""
    bullet = draw(st.sampled_from(("• ", "- ", "1. ", "٢- ", "* ")))
    return bullet + draw(sentence(first=True))


@st.composite
def headline(draw: st.DrawFn) -> str:
    """A short headline: no final period, not a sentence fragment."""
    return " ".join(
        (draw(st.sampled_from(_TITLE_HEADS)), draw(st.sampled_from(_TITLE_TOPICS)), draw(st.sampled_from(_TITLE_TAILS)))
    )


@st.composite
def read_also_promo(draw: st.DrawFn) -> Block:
    """A one-line promo in mid-story: "اقرأ أيضا: <title>"."""
    title = draw(headline())
    sep = draw(st.sampled_from((": ", ":", " : ", " | ")))
    label = draw(st.one_of(st.just(_read_also_header_text(draw)), st.sampled_from(("طالع أيضا", "شاهد أيضاً", "للمزيد"))))
    line = draw(_noisy(label + sep + title))
    return Block("read_also", (line,), ("read_also",), {"read_also": (title,)})


# -------------------------------------------------------------- boilerplate ---
def _block(kind: str, lines: list[str], **meta: tuple[str, ...]) -> Block:
    return Block(kind, tuple(lines), tuple(kind for _ in lines), dict(meta))


@st.composite
def _source(draw: st.DrawFn, decorated: bool = True) -> Block:
    outlet = draw(st.sampled_from(_OUTLETS))
    agency = draw(st.sampled_from(_AGENCIES))
    label = _with_diacritic(draw, "المصدر", decorated)
    choice = draw(st.integers(0, 4))
    if choice == 0:
        line, value = f"{label}: {outlet}", outlet
    elif choice == 1:
        line, value = f"{label} {agency}", agency
    elif choice == 2:
        line, value = f"({label}: {outlet})", outlet
    elif choice == 3:
        line, value = f"{draw(st.sampled_from(('نقلاً', 'نقلا')))} عن {outlet}", outlet
    else:
        line, value = f"{draw(st.sampled_from(_SITES))} – متابعة – {agency}", agency
    return _block("source", [draw(_noisy(line))], sources=(value,))


@st.composite
def _tags(draw: st.DrawFn, decorated: bool = True) -> Block:
    tags = tuple(draw(st.lists(st.sampled_from(_TAG_WORDS), min_size=1, max_size=4, unique=True)))
    choice = draw(st.integers(0, 4))
    if choice == 0:
        label = _with_diacritic(draw, "الوسوم", decorated)
        lines = [f"{label}{draw(st.sampled_from(('', ': ', ' ')))}" + "، ".join(tags)]
    elif choice == 1:
        labels = ("كلمات دلالية: ", "الكلمات الدلالية: ", "كلمات دلاليّة: ") if decorated else ("كلمات دلالية: ",)
        lines = [draw(st.sampled_from(labels)) + "، ".join(tags)]
    elif choice == 2:
        lines = ["Tags: " + ", ".join(tags)]
    elif choice == 3:
        lines = ["الوسوم", *tags]  # a label alone, one tag per line under it
    else:
        if len(tags) < 2:
            tags = (*tags, next(t for t in _TAG_WORDS if t not in tags))
        lines = [" ".join("#" + tag for tag in tags)]
    return _block("tags", [draw(_noisy(line)) for line in lines], tags=tags)


@st.composite
def _read_also_block(draw: st.DrawFn) -> Block:
    """A read-also header alone on its line with one to three titles under it."""
    header = _read_also_header_text(draw) + draw(st.sampled_from((":", "", " :")))
    titles = tuple(draw(st.lists(headline(), min_size=1, max_size=3, unique=True)))
    return _block("read_also", [draw(_noisy(header)), *titles], read_also=titles)


@st.composite
def _embedded_article(draw: st.DrawFn) -> Block:
    """A read-also header, then a whole second article: title, date, paragraphs, credit."""
    header = _read_also_header_text(draw) + draw(st.sampled_from((":", "")))
    title = draw(headline())
    date = _digits(draw, f"{draw(st.integers(1, 28))} {draw(st.sampled_from(_MONTHS))}، {draw(st.integers(2015, 2025))}")
    paragraphs = draw(st.lists(story_paragraph(first=True), min_size=1, max_size=3))
    lines = [header, "", title, "", date, ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    if draw(st.booleans()):
        lines.append(f"{draw(st.sampled_from(_SITES))} – متابعة – {draw(st.sampled_from(_AGENCIES))}")
    else:
        lines.pop()
    labels = ["blank" if not line else "read_also" for line in lines]
    return Block("read_also", tuple(lines), tuple(labels), {"read_also": (title,)})


@st.composite
def _related(draw: st.DrawFn) -> Block:
    header = draw(st.sampled_from(("مقالات مشابهة", "أخبار ذات صلة", "ذات صلة:", "الأكثر قراءة", "مواضيع متعلقة")))
    titles = tuple(draw(st.lists(headline(), min_size=1, max_size=5, unique=True)))
    style = draw(st.integers(0, 3))
    items = []
    for n, title in enumerate(titles, start=1):
        bullet = ("  • ", "- ", f"{_digits(draw, str(n))}. ", "")[style]
        items.append(bullet + title)
    return _block("related", [draw(_noisy(header)), *items], related=titles)


@st.composite
def _byline(draw: st.DrawFn, decorated: bool = True) -> Block:
    name = draw(st.sampled_from(_NAMES))
    choice = draw(st.integers(0, 3))
    if choice == 0:
        label = _with_diacritic(draw, draw(st.sampled_from(("كتب", "كتبت", "بقلم", "تحرير"))), decorated)
        line = f"{label}{draw(st.sampled_from((': ', ' - ', ':', '/ ')))}{name}"
        return _block("byline", [draw(_noisy(line))], authors=(name,))
    if choice == 1:
        return _block("byline", ["About Post Author Admin", "See author's posts"], authors=("Admin",))
    if choice == 2:
        return _block("byline", [draw(_noisy(f"بقلم {name}"))], authors=(name,))
    return _block("byline", [draw(_noisy(f"Posted by {name}"))], authors=(name,))


@st.composite
def _date(draw: st.DrawFn) -> Block:
    day, year = draw(st.integers(1, 28)), draw(st.integers(2015, 2025))
    month = draw(st.sampled_from(_MONTHS))
    choice = draw(st.integers(0, 2))
    if choice == 0:
        line = f"{day} {month}، {year}"
    elif choice == 1:
        line = f"نشر في {day} {month} {year}"
    else:
        line = f"تاريخ النشر: {year}/{draw(st.integers(1, 12))}/{day} - {draw(st.integers(0, 23))}:{draw(st.integers(10, 59))}"
    line = _digits(draw, line)
    return _block("date", [draw(_noisy(line))])


@st.composite
def _disclaimer(draw: st.DrawFn) -> Block:
    site = draw(st.sampled_from(_SITES))
    verb = draw(st.sampled_from(("لا يعبر", "لا يعبّر", "لايعبر", "لا يمثل")))
    line = draw(
        st.sampled_from(
            (
                f"النص الذي يتضمن اسم الكاتب أو الجهة، {verb} بالضرورة عن وجهة نظر {site}، والمصدر هو المسؤول عن المحتوى.",
                f"هذا الخبر منقول من مصدره و{verb} عن رأي الموقع، ويتحمل الناشر الأصلي مسؤوليته.",
                "إخلاء مسؤولية: المحتوى المنشور يمثل وجهة نظر أصحابه فقط.",
            )
        )
    )
    return _block("disclaimer", [draw(_noisy(line))])


@st.composite
def _social(draw: st.DrawFn) -> Block:
    lines = draw(
        st.lists(
            st.sampled_from(
                (
                    "تابعونا على فيسبوك وتويتر",
                    "تابعونا علي فيس بوك",
                    "تابعوا آخر الأخبار عبر قناتنا على تيليجرام",
                    "شارك الخبر: فيسبوك تويتر واتساب",
                    "شارك",
                    "انضم إلى قناتنا على واتساب",
                    "انضموا الى قناتنا على تيليجرام",
                    "اشترك في النشرة البريدية ليصلك كل جديد",
                    "فيسبوك تويتر واتساب",
                )
            ),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    return _block("social", [draw(_noisy(line)) for line in lines])


@st.composite
def _copyright(draw: st.DrawFn) -> Block:
    year = _digits(draw, str(draw(st.integers(2010, 2025))))
    site = draw(st.sampled_from(_SITES))
    line = draw(
        st.sampled_from(
            (
                f"جميع الحقوق محفوظة © {year} {site}",
                f"Copyright © {year} {site}. All rights reserved.",
                f"حقوق النشر محفوظة لـ{site}",
            )
        )
    )
    return _block("copyright", [draw(_noisy(line))])


@st.composite
def _caption(draw: st.DrawFn) -> Block:
    line = draw(st.sampled_from(("صورة أرشيفية", "(أرشيفية)", "صورة تعبيرية", f"تصوير: {draw(st.sampled_from(_NAMES))}")))
    return _block("caption", [draw(_noisy(line))])


@st.composite
def _nav(draw: st.DrawFn) -> Block:
    line = draw(st.sampled_from(("الرئيسية › أخبار › محليات", "الرئيسية / رياضة", "Top of Form", "السابق التالي")))
    return _block("nav", [draw(_noisy(line))])


@st.composite
def _ad(draw: st.DrawFn) -> Block:
    return _block("ad", [draw(_noisy(draw(st.sampled_from(("إعلان", "Advertisement", "محتوى مدفوع")))))])


@st.composite
def _comments(draw: st.DrawFn) -> Block:
    return _block("comments", [draw(_noisy(draw(st.sampled_from(("أضف تعليق", "اترك تعليقاً", "التعليقات (3)")))))])


@st.composite
def _glued_source_tags(draw: st.DrawFn) -> Block:
    """A source credit with the tag label glued inside it: "المصدر وكالات الوسومالعراق"."""
    agency = draw(st.sampled_from(_AGENCIES))
    tags = tuple(draw(st.lists(st.sampled_from(_TAG_WORDS), min_size=1, max_size=3, unique=True)))
    line = f"المصدر {agency} الوسوم" + "، ".join(tags)
    return Block("source", (draw(_noisy(line)),), ("source",), {"sources": (agency,), "tags": tags})


_BLOCKS = {
    "source": lambda decorated: st.one_of(_source(decorated), _glued_source_tags()),
    "tags": _tags,
    "read_also": lambda decorated: _read_also_block(),
    "related": lambda decorated: _related(),
    "byline": _byline,
    "date": lambda decorated: _date(),
    "disclaimer": lambda decorated: _disclaimer(),
    "social": lambda decorated: _social(),
    "copyright": lambda decorated: _copyright(),
    "caption": lambda decorated: _caption(),
    "nav": lambda decorated: _nav(),
    "ad": lambda decorated: _ad(),
    "comments": lambda decorated: _comments(),
}


def boilerplate_block(kind: str | None = None, *, decorated_labels: bool = True) -> st.SearchStrategy[Block]:
    """A boilerplate block of ``kind`` (any kind of ``BOILERPLATE_KINDS`` if None).

    With ``decorated_labels``, labels sometimes carry a harakah or tatweel ("المَصدر", "الوسـوم").
    """
    if kind is None:
        return st.one_of(*(make(decorated_labels) for make in _BLOCKS.values()))
    try:
        return _BLOCKS[kind](decorated_labels)
    except KeyError:
        raise ValueError(f"unknown boilerplate kind {kind!r}; known: {', '.join(BOILERPLATE_KINDS)}") from None


# ----------------------------------------------------------------- document ---
@st.composite
def news_document(
    draw: st.DrawFn,
    *,
    kinds: tuple[str, ...] = BOILERPLATE_KINDS,
    min_paragraphs: int = 2,
    max_paragraphs: int = 6,
    max_blocks: int = 6,
    noise: bool = True,
    decorated_labels: bool = True,
    short_paragraphs: bool = True,
) -> NewsDocument:
    """A story with boilerplate around it, and its gold answer.

    Optional head title; story paragraphs with hard negatives (cue-like prose, bullet items)
    and at most one mid-story read-also promo; then a tail of boilerplate blocks of ``kinds``,
    optionally ending in a read-also header followed by an embedded second article. With
    ``noise``, lines may end in CRLF and the text may end in a NUL. ``decorated_labels``: labels
    may carry a harakah or tatweel. ``short_paragraphs``: the story may hold one-line paragraphs
    of four to seven words (each at most once) and a subheading.
    """
    lines: list[str] = []
    labels: list[str] = []
    meta: dict[str, list[str]] = {}
    title: str | None = None

    def add(block: Block) -> None:
        lines.extend(block.lines)
        labels.extend(block.labels)
        for key, values in block.meta.items():
            meta.setdefault(key, []).extend(values)

    def blank() -> None:
        if draw(st.integers(0, 3)) > 0:
            lines.append(draw(st.sampled_from(("", "", " ", "\u00a0"))))
            labels.append("blank")

    if draw(st.booleans()):
        title = draw(headline())
        lines.append(draw(_noisy(title)) if noise else title)
        labels.append("title")
        blank()
    head_kinds: list[str] = [k for k in ("byline", "date") if k in kinds and draw(st.integers(0, 3)) == 0]
    for kind in head_kinds:  # "كتب: X" and the date line under the headline
        add(draw(boilerplate_block(kind, decorated_labels=decorated_labels)))
        blank()

    story: list[str] = [draw(story_paragraph(first=True))]
    kinds_of_line = [story_paragraph(), story_paragraph(), look_alike_sentence(), bullet_story_line()]
    if short_paragraphs:
        kinds_of_line.append(short_sentence().filter(lambda line: line not in story))
    for _ in range(draw(st.integers(min_paragraphs, max_paragraphs)) - 1):
        story.append(draw(st.one_of(kinds_of_line)))
    if short_paragraphs and len(story) > 2 and draw(st.integers(0, 3)) == 0:
        story.insert(draw(st.integers(1, len(story) - 1)), draw(subheading()))
    promo_at = draw(st.integers(1, len(story) - 1)) if len(story) > 1 and "read_also" in kinds and draw(st.booleans()) else None
    caption_at = draw(st.integers(1, len(story) - 1)) if len(story) > 1 and "caption" in kinds and draw(st.booleans()) else None
    for n, paragraph in enumerate(story):
        if n == promo_at:
            add(draw(read_also_promo()))
            blank()
        if n == caption_at:
            add(draw(boilerplate_block("caption")))
            blank()
        lines.append(paragraph)
        labels.append("body")
        blank()

    tail_kinds = [k for k in draw(st.lists(st.sampled_from(kinds), max_size=max_blocks)) if k in kinds]
    # Blocks that a read-also/related block may absorb (an embedded article's credit and date)
    # go first; read-also and related go last of all.
    tail_kinds.sort(key=lambda kind: 0 if kind in _ABSORBABLE else 2 if kind in ("read_also", "related") else 1)
    seen: set[str] = set(head_kinds)
    for kind in tail_kinds:
        if kind in ("date", "source", "byline") and kind in seen:
            continue  # one date/credit/author block per document keeps the gold metadata unambiguous
        seen.add(kind)
        add(draw(boilerplate_block(kind, decorated_labels=decorated_labels)))
        blank()
    if "read_also" in kinds and tail_kinds and draw(st.booleans()):
        add(draw(_embedded_article()))

    if noise and draw(st.integers(0, 3)) == 0:
        lines = [line + "\r" for line in lines]
    if noise and draw(st.integers(0, 5)) == 0:
        lines.append("\x00")
        labels.append("blank")
    raw = "\n".join(lines)
    main = "\n".join(line for line, label in zip(lines, labels, strict=True) if label == "body")
    expected = ExpectedMetadata(
        title=title,
        authors=tuple(meta.get("authors", ())),
        sources=tuple(meta.get("sources", ())),
        tags=tuple(meta.get("tags", ())),
        read_also=tuple(meta.get("read_also", ())),
        related=tuple(meta.get("related", ())),
    )
    return NewsDocument(raw=raw, main=main, labels=tuple(labels), meta=expected)


# ------------------------------------------------------------------ options ---
def normalize_options() -> st.SearchStrategy[NormalizeOptions]:
    """Any combination of ``NormalizeOptions`` switches."""
    fields = {name: st.booleans() for name, info in NormalizeOptions.model_fields.items() if info.annotation is bool}
    return st.builds(NormalizeOptions, digits=st.sampled_from(("ascii", "keep", "arabic_indic")), **fields)
