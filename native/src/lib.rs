//! The compiled kernel of arclean: the document's lines with their offsets and folded keys, the
//! gates (which cue or concept can match which line), and the normalizers.
//!
//! No vocabulary lives here. Every table (what the key folds, what each normalizer maps, the
//! word list of the word-final yeh rule, the character classes of Python's engines) is handed in
//! by `arclean.backend` when the module is loaded, built from the same data and functions that
//! the pure-Python backend uses. Each function below names the Python function it replaces,
//! which is its reference: the test suite checks they agree on arbitrary text.
//!
//! Offsets: Python indexes a `str` by code point, Rust a `str` by byte. The kernel reads the
//! Python string's own code points (`PyUnicode_DATA`, one to four bytes each) instead of UTF-8,
//! so every offset it computes or returns is a code-point offset, and no text is re-encoded.

use pyo3::exceptions::PyValueError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use pyo3::AsPyPointer;
use std::collections::{HashMap, HashSet};

// ------------------------------------------------------------ code points ---

thread_local! {
    /// Buffers of code points kept between calls: a fresh large allocation costs a page fault
    /// per 4 KB touched, more than the work on it (measured: 2.5x slower on a 1 MB text).
    static POOL: std::cell::RefCell<Vec<Vec<u32>>> = std::cell::RefCell::new(Vec::new());
}

/// A buffer of at least `capacity`, from the pool where one is free.
fn take(capacity: usize) -> Vec<u32> {
    let mut buffer = POOL.with(|pool| pool.borrow_mut().pop()).unwrap_or_default();
    buffer.clear();
    buffer.reserve(capacity);
    buffer
}

/// Back to the pool (at most four buffers; none over 16 M code points is kept).
fn give(buffer: Vec<u32>) {
    if buffer.capacity() > 0 && buffer.capacity() <= 1 << 24 {
        POOL.with(|pool| {
            let mut pool = pool.borrow_mut();
            if pool.len() < 4 {
                pool.push(buffer);
            }
        });
    }
}

/// The code points of a Python string, read from its own storage (no UTF-8 round trip).
#[allow(deprecated)] // PyUnicode_READY: a no-op since 3.12, still needed for legacy strings before
fn code_points(text: &PyString) -> PyResult<Vec<u32>> {
    unsafe {
        let op = text.as_ptr();
        if ffi::PyUnicode_READY(op) != 0 {
            return Err(PyErr::fetch(text.py()));
        }
        let length = ffi::PyUnicode_GET_LENGTH(op) as usize;
        let data = ffi::PyUnicode_DATA(op);
        let mut points = take(length);
        match ffi::PyUnicode_KIND(op) {
            ffi::PyUnicode_1BYTE_KIND => points.extend(std::slice::from_raw_parts(data as *const u8, length).iter().map(|&u| u as u32)),
            ffi::PyUnicode_2BYTE_KIND => points.extend(std::slice::from_raw_parts(data as *const u16, length).iter().map(|&u| u as u32)),
            _ => points.extend_from_slice(std::slice::from_raw_parts(data as *const u32, length)),
        }
        Ok(points)
    }
}

/// A Python string of these code points, in the narrowest storage that holds them.
fn to_py<'py>(py: Python<'py>, points: &[u32]) -> PyResult<&'py PyString> {
    unsafe { py.from_owned_ptr_or_err(new_string(points)) }
}

/// `to_py` as a new reference (null, with the error set, when it cannot be made). A character
/// below 256 alone is Python's own shared string of it, as a slice or `str.split` gives it (a
/// page of 60,000 "!" lines holds one key object, its hash computed once).
unsafe fn new_string(points: &[u32]) -> *mut ffi::PyObject {
    if let [only] = points {
        if *only < 256 {
            return ffi::PyUnicode_FromOrdinal(*only as std::os::raw::c_int);
        }
    }
    let widest = points.iter().fold(0u32, |widest, &cp| widest.max(cp));
    {
        let op = ffi::PyUnicode_New(points.len() as ffi::Py_ssize_t, widest as ffi::Py_UCS4);
        if op.is_null() {
            return op;
        }
        let data = ffi::PyUnicode_DATA(op);
        match ffi::PyUnicode_KIND(op) {
            ffi::PyUnicode_1BYTE_KIND => {
                let out = std::slice::from_raw_parts_mut(data as *mut u8, points.len());
                for (slot, &cp) in out.iter_mut().zip(points) {
                    *slot = cp as u8;
                }
            }
            ffi::PyUnicode_2BYTE_KIND => {
                let out = std::slice::from_raw_parts_mut(data as *mut u16, points.len());
                for (slot, &cp) in out.iter_mut().zip(points) {
                    *slot = cp as u16;
                }
            }
            _ => std::slice::from_raw_parts_mut(data as *mut u32, points.len()).copy_from_slice(points),
        }
        op
    }
}

/// ``text[start:end]`` (code points), sharing the string's storage kind.
fn substring<'py>(py: Python<'py>, text: &PyString, start: usize, end: usize) -> PyResult<&'py PyString> {
    unsafe { py.from_owned_ptr_or_err(ffi::PyUnicode_Substring(text.as_ptr(), start as ffi::Py_ssize_t, end as ffi::Py_ssize_t)) }
}

fn points_of(text: &str) -> Vec<u32> {
    text.chars().map(|c| c as u32).collect()
}

// ------------------------------------------------------------------ tables ---

/// A set of characters: a bitmap over the Basic Multilingual Plane, and for the other planes
/// either a list of characters or a Python predicate (asked only for such characters, which are
/// rare in news text), so the set is exactly the one of the Python engine that defines it.
struct CharSet {
    bmp: Box<[u64; 1024]>,
    astral: HashSet<u32>,
    astral_test: Option<PyObject>,
}

impl CharSet {
    fn new(chars: &str, astral_test: Option<PyObject>) -> CharSet {
        let mut set = CharSet { bmp: Box::new([0u64; 1024]), astral: HashSet::new(), astral_test };
        for c in chars.chars() {
            let cp = c as u32;
            if cp <= 0xFFFF {
                set.bmp[(cp >> 6) as usize] |= 1u64 << (cp & 63);
            } else {
                set.astral.insert(cp);
            }
        }
        set
    }

    #[inline(always)]
    fn contains(&self, py: Python, cp: u32) -> bool {
        if cp <= 0xFFFF {
            return (self.bmp[(cp >> 6) as usize & 1023] >> (cp & 63)) & 1 == 1;
        }
        self.contains_astral(py, cp)
    }

    /// `contains` beyond the BMP (rare in news text: kept out of the inlined test).
    #[cold]
    #[inline(never)]
    fn contains_astral(&self, py: Python, cp: u32) -> bool {
        if self.astral.contains(&cp) {
            return true;
        }
        match (&self.astral_test, char::from_u32(cp)) {
            (Some(test), Some(c)) => test.call1(py, (c,)).and_then(|r| r.is_true(py)).unwrap_or(false),
            _ => false,
        }
    }
}

/// Each listed character to a string of code points (empty: deleted); others unchanged.
struct CharMap {
    bmp: Box<[u16; 0x10000]>, // 0: not listed, else index + 1 into `targets`
    astral: HashMap<u32, u16>,
    targets: Vec<Vec<u32>>,
    shrinking: bool, // every target at most one character: the map can rewrite a text in place
}

impl CharMap {
    fn new(mapping: HashMap<String, String>) -> PyResult<CharMap> {
        if mapping.len() >= u16::MAX as usize {
            return Err(PyValueError::new_err("a character map holds at most 65534 entries"));
        }
        let mut map = CharMap { bmp: vec![0u16; 0x10000].into_boxed_slice().try_into().expect("0x10000 entries"), astral: HashMap::new(), targets: Vec::new(), shrinking: true };
        for (source, target) in mapping {
            let source = one_char(&source, "a map key")? as u32;
            map.targets.push(points_of(&target));
            map.shrinking &= map.targets.last().map_or(true, |t| t.len() <= 1);
            let index = map.targets.len() as u16;
            if source <= 0xFFFF {
                map.bmp[source as usize] = index;
            } else {
                map.astral.insert(source, index);
            }
        }
        Ok(map)
    }

    #[inline]
    fn get(&self, cp: u32) -> Option<&[u32]> {
        let index = if cp <= 0xFFFF { self.bmp[cp as usize & 0xFFFF] } else { *self.astral.get(&cp).unwrap_or(&0) };
        if index == 0 {
            None
        } else {
            Some(&self.targets[index as usize - 1])
        }
    }

    #[inline]
    fn listed(&self, cp: u32) -> bool {
        if cp <= 0xFFFF {
            self.bmp[cp as usize & 0xFFFF] != 0
        } else {
            self.astral.contains_key(&cp)
        }
    }

    fn first(&self, text: &[u32]) -> Option<usize> {
        text.iter().position(|&cp| self.listed(cp))
    }

    fn fold_into(&self, text: &[u32], out: &mut Vec<u32>) {
        let mut copied = 0usize;
        for (at, &cp) in text.iter().enumerate() {
            if let Some(target) = self.get(cp) {
                out.extend_from_slice(&text[copied..at]);
                out.extend_from_slice(target);
                copied = at + 1;
            }
        }
        out.extend_from_slice(&text[copied..]);
    }

    /// `apply` for a shrinking map, on the text itself (no second buffer): how many characters
    /// were listed, None when none was (the text is then untouched).
    fn apply_in_place(&self, text: &mut Vec<u32>) -> Option<usize> {
        let first = self.first(text)?;
        let mut count = 0usize;
        let mut written = first;
        for read in first..text.len() {
            let cp = text[read];
            match self.get(cp) {
                Some(target) => {
                    count += 1;
                    if let Some(&replacement) = target.first() {
                        text[written] = replacement;
                        written += 1;
                    }
                }
                None => {
                    text[written] = cp;
                    written += 1;
                }
            }
        }
        text.truncate(written);
        Some(count)
    }

    /// The mapped text and how many characters were listed; None when none was.
    fn apply(&self, text: &[u32]) -> Option<(Vec<u32>, usize)> {
        let first = self.first(text)?;
        let mut out = take(text.len());
        out.extend_from_slice(&text[..first]);
        let mut count = 0usize;
        let mut copied = first;
        for (at, &cp) in text.iter().enumerate().skip(first) {
            if let Some(target) = self.get(cp) {
                out.extend_from_slice(&text[copied..at]);
                out.extend_from_slice(target);
                copied = at + 1;
                count += 1;
            }
        }
        out.extend_from_slice(&text[copied..]);
        Some((out, count))
    }
}

fn one_char(text: &str, what: &str) -> PyResult<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(PyValueError::new_err(format!("{} must be one character, got {:?}", what, text))),
    }
}

// -------------------------------------------------------------- normalizers ---

enum Kind {
    /// `_deleter` / `_mapper` (invisible, presentation_forms, diacritics, alef, teh_marbuta,
    /// alef_maksura): the table is the Python function applied to each listed character.
    Map(CharMap),
    /// `mojibake`: an exact pre-check here; the repair itself (ftfy) stays in Python.
    Mojibake { latin1_lead: CharSet, latin1_next: CharSet, cp1256_lead: CharSet, cp1256_next: CharSet, repair: PyObject },
    /// `_digits_outside`: the one-for-one digit map here; the protected spans from Python.
    Digits { map: CharMap, to: String, protected: PyObject },
    /// `tatweel`: a run of tatweel between two decimal digits is a dash; elsewhere removed.
    Tatweel { tatweel: u32, decimal: CharSet },
    /// `farsi_letters`, with the word-final yeh rule.
    Farsi(Box<Farsi>),
    /// `spaces`.
    Spaces { breaks: CharSet, odd: CharSet },
    /// `blank_lines`.
    BlankLines,
}

struct Farsi {
    letters: CharMap, // every Farsi letter to its Arabic letter (yeh forms: to the inner ي)
    yehs: CharSet,    // the yeh forms whose word-final reading the word list decides
    maksura: u32,     // ى
    letter: CharSet,  // \p{L} of the `regex` module
    mark: CharSet,    // \p{M}
    word: CharSet,    // [\p{L}\p{M}\u0640]
    lookup: CharMap,  // the lookup key's table: marks and tatweel deleted, letters folded
    words: HashSet<Vec<u32>>,
    longest: usize,
}

/// One normalizer: called like the Python function it replaces, ``step(text) -> (text, changed)``.
#[pyclass(module = "arclean._native")]
struct Normalizer {
    name: String,
    kind: Kind,
}

/// The text a step reads: its code points, and the Python string when one exists already.
struct Current<'py> {
    points: Vec<u32>,
    string: Option<&'py PyString>,
}

impl<'py> Current<'py> {
    fn string(&mut self, py: Python<'py>) -> PyResult<&'py PyString> {
        if self.string.is_none() {
            self.string = Some(to_py(py, &self.points)?);
        }
        Ok(self.string.unwrap())
    }
}

impl Normalizer {
    /// The rewritten text and the count, or None when nothing changed.
    fn run<'py>(&self, py: Python<'py>, current: &mut Current<'py>) -> PyResult<Option<(Vec<u32>, usize)>> {
        // A map that only deletes or swaps characters, and tatweel, rewrite the text in place.
        match &self.kind {
            Kind::Map(map) if map.shrinking => {
                return Ok(map.apply_in_place(&mut current.points).map(|count| (std::mem::take(&mut current.points), count)));
            }
            Kind::Tatweel { tatweel, decimal } => {
                let count = remove_tatweel_in_place(py, &mut current.points, *tatweel, decimal);
                return Ok(count.map(|count| (std::mem::take(&mut current.points), count)));
            }
            _ => {}
        }
        let text = &current.points;
        Ok(match &self.kind {
            Kind::Map(map) => map.apply(text),
            Kind::Mojibake { latin1_lead, latin1_next, cp1256_lead, cp1256_next, repair } => {
                if !mojibake_possible(py, text, latin1_lead, latin1_next, cp1256_lead, cp1256_next) {
                    return Ok(None);
                }
                let string = current.string(py)?;
                let (fixed, count): (&PyString, usize) = repair.call1(py, (string,))?.into_ref(py).extract()?;
                if count == 0 && fixed.is(string) {
                    None
                } else {
                    Some((code_points(fixed)?, count))
                }
            }
            Kind::Digits { map, to, protected } => {
                let (mapped, count) = match map.apply(text) {
                    Some(found) => found,
                    None => return Ok(None),
                };
                let string = current.string(py)?;
                let spans: Vec<(usize, usize)> = protected.call1(py, (string, to.as_str()))?.extract(py)?;
                Some(copy_back(&current.points, mapped, count, &spans))
            }
            Kind::Tatweel { .. } => unreachable!("rewritten in place above"),
            Kind::Farsi(farsi) => fold_farsi(py, text, farsi),
            Kind::Spaces { breaks, odd } => fold_spaces(py, text, breaks, odd),
            Kind::BlankLines => collapse_blank_lines(text),
        })
    }
}

#[pymethods]
impl Normalizer {
    fn __call__(&self, py: Python, text: &PyString) -> PyResult<(PyObject, usize)> {
        let mut current = Current { points: code_points(text)?, string: Some(text) };
        let result = match self.run(py, &mut current)? {
            Some((out, count)) => {
                let string = to_py(py, &out)?;
                give(out);
                (string.into_py(py), count)
            }
            None => (text.into_py(py), 0),
        };
        give(current.points);
        Ok(result)
    }

    fn __repr__(&self) -> String {
        format!("<native normalizer {}>", self.name)
    }

    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }
}

/// Several normalizers run in order on one copy of the text: ``chain(text) -> (text, changes)``,
/// as ``normalize.normalize`` returns them (a name only where it changed something).
#[pyclass(module = "arclean._native")]
struct Chain {
    steps: Vec<Py<Normalizer>>,
}

#[pymethods]
impl Chain {
    #[new]
    fn new(steps: Vec<Py<Normalizer>>) -> Chain {
        Chain { steps }
    }

    fn __call__(&self, py: Python, text: &PyString) -> PyResult<(PyObject, PyObject)> {
        let mut current = Current { points: code_points(text)?, string: Some(text) };
        let changes = PyDict::new(py);
        for step in &self.steps {
            let step = step.borrow(py);
            if let Some((out, count)) = step.run(py, &mut current)? {
                give(std::mem::replace(&mut current, Current { points: out, string: None }).points);
                if count > 0 {
                    let before: usize = match changes.get_item(step.name.as_str()) {
                        Some(value) => value.extract()?,
                        None => 0,
                    };
                    changes.set_item(step.name.as_str(), before + count)?;
                }
            }
        }
        let result = current.string(py)?;
        give(current.points);
        Ok((result.into_py(py), changes.into_py(py)))
    }
}

/// Whether `mojibake` could change `text`: its latin-1 signature (a lead then a continuation
/// character) or two windows-1256 pairs in a row (the shortest run it repairs). A necessary
/// condition of both repairs, so skipping the Python call otherwise changes nothing.
fn mojibake_possible(py: Python, s: &[u32], l1: &CharSet, n1: &CharSet, l2: &CharSet, n2: &CharSet) -> bool {
    for i in 1..s.len() {
        let (a, b) = (s[i - 1], s[i]);
        if a < 0x80 || b < 0x80 {
            continue; // every signature character is non-ASCII
        }
        if l1.contains(py, a) && n1.contains(py, b) {
            return true;
        }
        if i >= 3 && l2.contains(py, s[i - 3]) && n2.contains(py, s[i - 2]) && l2.contains(py, a) && n2.contains(py, b) {
            return true;
        }
    }
    false
}

/// `_digits_outside`: the digits inside protected spans keep their original form.
fn copy_back(original: &[u32], mut mapped: Vec<u32>, count: usize, spans: &[(usize, usize)]) -> (Vec<u32>, usize) {
    let mut kept = count;
    for &(start, end) in spans {
        for index in start..end.min(original.len()) {
            if mapped[index] != original[index] {
                mapped[index] = original[index];
                kept -= 1;
            }
        }
    }
    (mapped, kept)
}

/// `tatweel`: every tatweel is removed and counted, except a whole run between two decimal
/// digits, which is kept as written (a separator, not a stretch). Rewrites `s` in place; None
/// when it holds no tatweel (untouched).
fn remove_tatweel_in_place(py: Python, s: &mut Vec<u32>, tatweel: u32, decimal: &CharSet) -> Option<usize> {
    let first = s.iter().position(|&cp| cp == tatweel)?;
    let mut count = 0usize;
    let mut written = first;
    let mut at = first;
    while at < s.len() {
        if s[at] != tatweel {
            s[written] = s[at];
            written += 1;
            at += 1;
            continue;
        }
        // a run: kept when a digit stands right before it (the last character kept, the one
        // before it in the input: runs are maximal) and right after it
        let start = at;
        while at < s.len() && s[at] == tatweel {
            at += 1;
        }
        if start > 0 && at < s.len() && decimal.contains(py, s[written - 1]) && decimal.contains(py, s[at]) {
            for _ in start..at {
                s[written] = tatweel;
                written += 1;
            }
        } else {
            count += at - start;
        }
    }
    s.truncate(written);
    Some(count)
}

/// `farsi_letters`: every Farsi letter folded; a word-final yeh form is ى when the word (read
/// backwards at most `longest` characters) is in the word list, else ي.
fn fold_farsi(py: Python, s: &[u32], farsi: &Farsi) -> Option<(Vec<u32>, usize)> {
    let first = farsi.letters.first(s)?;
    let mut out = take(s.len());
    out.extend_from_slice(&s[..first]);
    let mut count = 0usize;
    let mut key: Vec<u32> = Vec::new();
    for at in first..s.len() {
        let cp = s[at];
        let target = match farsi.letters.get(cp) {
            Some(target) => target,
            None => {
                out.push(cp);
                continue;
            }
        };
        count += 1;
        if !farsi.yehs.contains(py, cp) || word_goes_on(py, &s[at + 1..], farsi) {
            out.extend_from_slice(target);
            continue;
        }
        // The word before the yeh: word characters backwards, at most `longest` of them.
        let window = at.saturating_sub(farsi.longest);
        let mut start = at;
        while start > window && farsi.word.contains(py, s[start - 1]) {
            start -= 1;
        }
        if start > window || window == 0 {
            key.clear();
            farsi.lookup.fold_into(&s[start..=at], &mut key);
            key.pop();
            key.push(farsi.maksura);
            if farsi.words.contains(&key) {
                out.push(farsi.maksura);
                continue;
            }
        }
        out.extend_from_slice(target);
    }
    Some((out, count))
}

/// `_WORD_GOES_ON`: past marks (and tatweel, itself a letter) a letter follows.
fn word_goes_on(py: Python, rest: &[u32], farsi: &Farsi) -> bool {
    for &cp in rest {
        if farsi.letter.contains(py, cp) {
            return true;
        }
        if !farsi.mark.contains(py, cp) {
            return false;
        }
    }
    false
}

const LF: u32 = '\n' as u32;
const CR: u32 = '\r' as u32;
const SPACE: u32 = ' ' as u32;

/// `spaces`: CRLF and every other line break to LF, odd spaces to " ", runs of spaces to one,
/// spaces at line edges removed. Counts replaced plus removed characters.
fn fold_spaces(py: Python, s: &[u32], breaks: &CharSet, odd: &CharSet) -> Option<(Vec<u32>, usize)> {
    let mut folded = take(s.len());
    let mut replaced = 0usize;
    let mut at = 0usize;
    while at < s.len() {
        let cp = s[at];
        at += 1;
        if cp == CR && at < s.len() && s[at] == LF {
            at += 1;
            folded.push(LF);
            replaced += 1;
        } else if cp != LF && breaks.contains(py, cp) {
            folded.push(LF);
            replaced += 1;
        } else if odd.contains(py, cp) {
            folded.push(SPACE);
            replaced += 1;
        } else {
            folded.push(cp);
        }
    }
    let mut out = take(folded.len());
    let mut removed = 0usize;
    for (index, line) in folded.split(|&cp| cp == LF).enumerate() {
        if index > 0 {
            out.push(LF);
        }
        let start = line.iter().position(|&cp| cp != SPACE).unwrap_or(line.len());
        let end = line.iter().rposition(|&cp| cp != SPACE).map_or(start, |i| i + 1);
        removed += line.len() - (end - start);
        let mut after_space = false;
        for &cp in &line[start..end] {
            if cp == SPACE {
                if after_space {
                    removed += 1;
                    continue;
                }
                after_space = true;
            } else {
                after_space = false;
            }
            out.push(cp);
        }
    }
    give(folded);
    let count = replaced + removed;
    if count == 0 {
        give(out);
        None
    } else {
        Some((out, count))
    }
}

/// `blank_lines`: runs of three or more LF to two; none at the start or end.
fn collapse_blank_lines(s: &[u32]) -> Option<(Vec<u32>, usize)> {
    let starts = s.first() == Some(&LF);
    let ends = s.last() == Some(&LF);
    if !starts && !ends && !s.windows(3).any(|w| w == [LF, LF, LF]) {
        return None;
    }
    let start = s.iter().position(|&cp| cp != LF).unwrap_or(s.len());
    let end = s.iter().rposition(|&cp| cp != LF).map_or(start, |i| i + 1);
    let mut out = take(end - start);
    let mut run = 0usize;
    for &cp in &s[start..end] {
        if cp == LF {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(cp);
    }
    let count = s.len() - out.len();
    if count == 0 {
        give(out);
        None
    } else {
        Some((out, count))
    }
}

// -------------------------------------------------------------- constructors ---

fn normalizer(name: &str, kind: Kind) -> Normalizer {
    Normalizer { name: name.to_string(), kind }
}

/// A normalizer mapping each listed character (`_deleter`, `_mapper`).
#[pyfunction]
fn char_map_normalizer(name: &str, mapping: HashMap<String, String>) -> PyResult<Normalizer> {
    Ok(normalizer(name, Kind::Map(CharMap::new(mapping)?)))
}

/// `mojibake`: the pre-check's character sets and the Python function that repairs.
#[pyfunction]
fn mojibake_normalizer(latin1_lead: &str, latin1_next: &str, cp1256_lead: &str, cp1256_next: &str, repair: PyObject) -> Normalizer {
    normalizer(
        "mojibake",
        Kind::Mojibake {
            latin1_lead: CharSet::new(latin1_lead, None),
            latin1_next: CharSet::new(latin1_next, None),
            cp1256_lead: CharSet::new(cp1256_lead, None),
            cp1256_next: CharSet::new(cp1256_next, None),
            repair,
        },
    )
}

/// `digits` to `to`: the digit map and the function giving the protected spans.
#[pyfunction]
fn digits_normalizer(mapping: HashMap<String, String>, to: String, protected: PyObject) -> PyResult<Normalizer> {
    Ok(normalizer("digits", Kind::Digits { map: CharMap::new(mapping)?, to, protected }))
}

/// `tatweel`: the tatweel and the decimal digits (BMP list, and a test for the other planes).
#[pyfunction]
fn tatweel_normalizer(tatweel: &str, decimal: &str, decimal_test: PyObject) -> PyResult<Normalizer> {
    Ok(normalizer(
        "tatweel",
        Kind::Tatweel { tatweel: one_char(tatweel, "tatweel")? as u32, decimal: CharSet::new(decimal, Some(decimal_test)) },
    ))
}

/// `farsi_letters`: the letter map, the yeh forms, ى, the `regex` module's letter and mark
/// classes, the lookup table, the word list and its longest word.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn farsi_normalizer(
    letters: HashMap<String, String>,
    yehs: &str,
    maksura: &str,
    letter: (&str, PyObject),
    mark: (&str, PyObject),
    word: (&str, PyObject),
    lookup: HashMap<String, String>,
    words: HashSet<String>,
    longest: usize,
) -> PyResult<Normalizer> {
    let farsi = Farsi {
        letters: CharMap::new(letters)?,
        yehs: CharSet::new(yehs, None),
        maksura: one_char(maksura, "alef maksura")? as u32,
        letter: CharSet::new(letter.0, Some(letter.1)),
        mark: CharSet::new(mark.0, Some(mark.1)),
        word: CharSet::new(word.0, Some(word.1)),
        lookup: CharMap::new(lookup)?,
        words: words.iter().map(|w| points_of(w)).collect(),
        longest,
    };
    Ok(normalizer("farsi_letters", Kind::Farsi(Box::new(farsi))))
}

/// `spaces`: the line breaks (besides LF) and the characters that become a space.
#[pyfunction]
fn spaces_normalizer(breaks: &str, odd: &str) -> Normalizer {
    normalizer("spaces", Kind::Spaces { breaks: CharSet::new(breaks, None), odd: CharSet::new(odd, None) })
}

/// `blank_lines`.
#[pyfunction]
fn blank_lines_normalizer() -> Normalizer {
    normalizer("blank_lines", Kind::BlankLines)
}

// ------------------------------------------------------------------ document ---

/// `chars.fold_key`, called like it: ``fold_key(text) -> key``.
#[pyclass(module = "arclean._native")]
struct KeyFolder {
    key: CharMap,
}

#[pymethods]
impl KeyFolder {
    #[new]
    fn new(key: HashMap<String, String>) -> PyResult<KeyFolder> {
        Ok(KeyFolder { key: CharMap::new(key)? })
    }

    fn __call__(&self, py: Python, text: &PyString) -> PyResult<PyObject> {
        let points = code_points(text)?;
        if self.key.first(&points).is_none() {
            give(points);
            return Ok(text.into_py(py));
        }
        let mut out = take(points.len());
        self.key.fold_into(&points, &mut out);
        let key = to_py(py, &out)?;
        give(out);
        give(points);
        Ok(key.into_py(py))
    }
}

/// `Document.parse`: the line split, each line's key and features.
#[pyclass(module = "arclean._native")]
struct Parser {
    key: CharMap,     // KEY_TABLE, applied the way fold_key applies it
    breaks: CharSet,  // line breaks besides LF (a CR only when no LF follows)
    space: CharSet,   // str.isspace(): what str.strip() and str.split() cut at
    enders: CharSet,  // a sentence ends with one of these ...
    closers: CharSet, // ... followed by any of these
    bullet_start: CharSet,
    bullet_from: u32, // a key starting at or above this code point may have a bullet prefix too
    bullet: CharSet,  // the bullet prefix class
    decoration: CharSet, // what a key's end sheds (`_DECORATION_END`) ...
    decoration_from: u32, // ... with every code point from this one on (emoji)
    link_marks: CharSet, // ... and these after a space ("المزيد »")
    line: PyObject,   // the Line class
}

#[pymethods]
impl Parser {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        key: HashMap<String, String>,
        breaks: &str,
        space: (&str, PyObject),
        enders: &str,
        closers: &str,
        bullet_start: &str,
        bullet_from: u32,
        bullet: (&str, PyObject),
        decoration: (&str, u32, &str),
        line: PyObject,
    ) -> PyResult<Parser> {
        Ok(Parser {
            key: CharMap::new(key)?,
            breaks: CharSet::new(breaks, None),
            space: CharSet::new(space.0, Some(space.1)),
            enders: CharSet::new(enders, None),
            closers: CharSet::new(closers, None),
            bullet_start: CharSet::new(bullet_start, None),
            bullet_from,
            bullet: CharSet::new(bullet.0, Some(bullet.1)),
            decoration: CharSet::new(decoration.0, None),
            decoration_from: decoration.1,
            link_marks: CharSet::new(decoration.2, None),
            line,
        })
    }

    /// `Document.parse` without the dataclass: ``(lines, key_text, key_starts)``.
    fn parse(&self, py: Python, text: &PyString) -> PyResult<(PyObject, PyObject, PyObject)> {
        let s = code_points(text)?;
        let lines = PyList::empty(py);
        let starts = PyList::empty(py);
        let mut key_text: Vec<u32> = take(s.len());
        let mut index = 0usize;
        self.each_line(py, &s, |start, end, key| {
            if index > 0 {
                key_text.push(LF);
            }
            starts.append(key_text.len())?;
            key_text.extend_from_slice(key);
            let words = if key.contains(&SPACE) { count_words(py, key, &self.space) } else { usize::from(!key.is_empty()) };
            let py_key = to_py(py, key)?;
            let cue = self.without_bullet(py, key);
            let py_cue: &PyString = if cue.len() == key.len() { py_key } else { to_py(py, cue)? };
            let args = PyTuple::new(
                py,
                [
                    index.into_py(py),
                    start.into_py(py),
                    end.into_py(py),
                    substring(py, text, start, end)?.into_py(py),
                    py_key.into_py(py),
                    words.into_py(py),
                    key.is_empty().into_py(py),
                    self.ends_sentence(py, key).into_py(py),
                    py_cue.into_py(py),
                ],
            );
            lines.append(self.line.call1(py, args)?)?;
            index += 1;
            Ok(())
        })?;
        let key_string = to_py(py, &key_text)?;
        give(key_text);
        give(s);
        Ok((lines.into_py(py), key_string.into_py(py), starts.into_py(py)))
    }

    /// `Document.parse_python`'s table without a `Line` per line: ``(texts, keys, starts,
    /// key_text, key_starts)``, every line's text, key and start offset, what a `LineTable`
    /// holds (a page of 100,000 blank or one-character lines: no Python loop, no `Line`).
    fn table(&self, py: Python, text: &PyString) -> PyResult<(PyObject, PyObject, PyObject, PyObject, PyObject)> {
        let s = code_points(text)?;
        let mut texts: Vec<Owned> = Vec::new();
        let mut keys: Vec<Owned> = Vec::new();
        let mut starts: Vec<Owned> = Vec::new();
        let mut key_starts: Vec<Owned> = Vec::new();
        let mut key_text: Vec<u32> = take(s.len());
        let source = text.as_ptr();
        self.each_line(py, &s, |start, end, key| {
            if !texts.is_empty() {
                key_text.push(LF);
            }
            unsafe {
                let offset = Owned::new(py, ffi::PyLong_FromSize_t(start))?;
                // a key as long as every text before it (blank lines, unchanged ones) starts where its line does
                key_starts.push(if key_text.len() == start {
                    ffi::Py_INCREF(offset.0);
                    Owned(offset.0)
                } else {
                    Owned::new(py, ffi::PyLong_FromSize_t(key_text.len()))?
                });
                starts.push(offset);
                texts.push(Owned::new(py, ffi::PyUnicode_Substring(source, start as ffi::Py_ssize_t, end as ffi::Py_ssize_t))?);
                keys.push(Owned::new(py, new_string(key))?);
            }
            key_text.extend_from_slice(key);
            Ok(())
        })?;
        let key_string = to_py(py, &key_text)?;
        give(key_text);
        give(s);
        unsafe {
            Ok((
                into_list(py, texts)?,
                into_list(py, keys)?,
                into_list(py, starts)?,
                key_string.into_py(py),
                into_list(py, key_starts)?,
            ))
        }
    }
}

impl Parser {
    /// Every line of `s` in order, with its start, its end and its key (folded, stripped, its
    /// trailing decoration shed): the one line loop of `parse` and `table`.
    #[inline]
    fn each_line<F>(&self, py: Python, s: &[u32], mut each: F) -> PyResult<()>
    where
        F: FnMut(usize, usize, &[u32]) -> PyResult<()>,
    {
        let mut folded: Vec<u32> = Vec::new();
        let mut start = 0usize;
        for end in 0..=s.len() {
            if end < s.len() && !self.breaks_at(py, s, end) {
                continue;
            }
            folded.clear();
            self.key.fold_into(&s[start..end], &mut folded);
            each(start, end, self.without_trailing_decoration(py, strip(py, &folded, &self.space)))?;
            start = end + 1;
        }
        Ok(())
    }

    /// Whether the character at `at` ends a line: LF, or another break (a CR only when no LF follows).
    #[inline]
    fn breaks_at(&self, py: Python, s: &[u32], at: usize) -> bool {
        let cp = s[at];
        cp == LF || (self.breaks.contains(py, cp) && !(cp == CR && s.get(at + 1) == Some(&LF)))
    }

    /// `_SENTENCE_END` on a stripped key: an ender followed only by closers.
    fn ends_sentence(&self, py: Python, key: &[u32]) -> bool {
        for &cp in key.iter().rev() {
            if self.enders.contains(py, cp) {
                return true;
            }
            if !self.closers.contains(py, cp) {
                return false;
            }
        }
        false
    }

    /// `document._without_trailing_decoration`: pipes, arrows and emoji at the end of a key
    /// (a link mark only after a space); a key of nothing else is kept whole.
    fn without_trailing_decoration<'a>(&self, py: Python, key: &'a [u32]) -> &'a [u32] {
        let mut end = key.len();
        while end > 0 {
            let cp = key[end - 1];
            let shed = self.decoration.contains(py, cp)
                || cp >= self.decoration_from
                || (self.link_marks.contains(py, cp) && end >= 2 && key[end - 2] == SPACE);
            if !shed {
                break;
            }
            end -= 1;
        }
        if end == 0 {
            key
        } else {
            &key[..end]
        }
    }

    /// `document._without_bullet`.
    fn without_bullet<'a>(&self, py: Python, key: &'a [u32]) -> &'a [u32] {
        match key.first() {
            Some(&first) if self.bullet_start.contains(py, first) || first >= self.bullet_from => {
                let cut = key.iter().position(|&cp| !self.bullet.contains(py, cp)).unwrap_or(key.len());
                &key[cut..]
            }
            _ => key,
        }
    }
}

/// `str.strip()`.
fn strip<'a>(py: Python, text: &'a [u32], space: &CharSet) -> &'a [u32] {
    let start = text.iter().position(|&cp| !space.contains(py, cp)).unwrap_or(text.len());
    let end = text.iter().rposition(|&cp| !space.contains(py, cp)).map_or(start, |i| i + 1);
    &text[start..end.max(start)]
}

/// `len(str.split())`.
fn count_words(py: Python, text: &[u32], space: &CharSet) -> usize {
    let mut words = 0usize;
    let mut inside = false;
    for &cp in text {
        if space.contains(py, cp) {
            inside = false;
        } else if !inside {
            inside = true;
            words += 1;
        }
    }
    words
}

// ---------------------------------------------------------------- records ---

/// A new reference, released when dropped (the GIL is held wherever one exists).
struct Owned(*mut ffi::PyObject);

impl Owned {
    /// `pointer` as owned, or the Python error that made it null.
    fn new(py: Python, pointer: *mut ffi::PyObject) -> PyResult<Owned> {
        if pointer.is_null() {
            Err(PyErr::fetch(py))
        } else {
            Ok(Owned(pointer))
        }
    }

    /// The reference, no longer released here (a caller or a container takes it).
    fn release(self) -> *mut ffi::PyObject {
        let pointer = self.0;
        std::mem::forget(self);
        pointer
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        unsafe { ffi::Py_DECREF(self.0) }
    }
}

/// The records of a result, built as `models._Frozen._trusted_all` builds them: each
/// `Removal` and `Segment` is `object.__new__(cls)` with its fields as its `__dict__` (in field
/// order), the fields set that every instance of its class shares, and no extra or private
/// values; no validation. `pipeline._records_python` is the reference: one Python loop and a
/// dict per row there, one call here (a page of 100,000 one-line removals).
#[pyclass(module = "arclean._native")]
struct Records {
    removal: PyObject,
    removal_fields: PyObject,
    segment: PyObject,
    segment_fields: PyObject,
    names: [PyObject; 9], // start end kind rule text __dict__ and the three pydantic slots
    empty_tuple: PyObject,
    empty_string: PyObject,
}

const START: usize = 0;
const END: usize = 1;
const KIND: usize = 2;
const RULE: usize = 3;
const TEXT: usize = 4;
const SLOTS: usize = 5; // __dict__, __pydantic_fields_set__, __pydantic_extra__, __pydantic_private__

#[pymethods]
impl Records {
    #[new]
    fn new(removal: PyObject, removal_fields: PyObject, segment: PyObject, segment_fields: PyObject, py: Python) -> Records {
        let names = ["start", "end", "kind", "rule", "text", "__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"]
            .map(|name| PyObject::from(PyString::intern(py, name)));
        Records {
            removal,
            removal_fields,
            segment,
            segment_fields,
            names,
            empty_tuple: PyTuple::empty(py).into(),
            empty_string: PyString::new(py, "").into(),
        }
    }

    /// ``(removed, kept, kept_text)`` of ``text`` for marks sorted by start (objects with
    /// ``start``, ``end``, ``kind`` and ``rule``): a mark starting inside the previous removal is
    /// left out (a cut inside a line removed whole); the kept segments are the spans between.
    fn build(&self, py: Python, text: &PyString, spans: &PyList) -> PyResult<(PyObject, PyObject, PyObject)> {
        let (removed, kept, kept_text) = self.make(py, text, spans, true)?;
        Ok((removed, kept.unwrap_or_else(|| py.None()), kept_text.unwrap_or_else(|| py.None())))
    }

    /// The ``removed`` list of :meth:`build` alone.
    fn removals(&self, py: Python, text: &PyString, spans: &PyList) -> PyResult<PyObject> {
        Ok(self.make(py, text, spans, false)?.0)
    }
}

impl Records {
    fn make(&self, py: Python, text: &PyString, spans: &PyList, with_kept: bool) -> PyResult<(PyObject, Option<PyObject>, Option<PyObject>)> {
        // No collection is started by these allocations: the records are untracked (they hold no
        // cycle), yet each allocation counts towards the next collection of young objects, and
        // 100,000 of them would start hundreds, each promoting the caller's live objects towards
        // a full collection (measured: 40% of the call on a page of one-line removals). The GIL
        // is held throughout and no Python code runs here, so nothing else sees the switch; a
        // collector the caller had disabled stays disabled.
        let enabled = unsafe { ffi::PyGC_Disable() } != 0;
        let made = self.make_records(py, text, spans, with_kept);
        if enabled {
            unsafe { ffi::PyGC_Enable() };
        }
        made
    }

    fn make_records(&self, py: Python, text: &PyString, spans: &PyList, with_kept: bool) -> PyResult<(PyObject, Option<PyObject>, Option<PyObject>)> {
        unsafe {
            let source = text.as_ptr();
            let length = ffi::PyUnicode_GetLength(source);
            if length < 0 {
                return Err(PyErr::fetch(py));
            }
            let removed = Owned::new(py, ffi::PyList_New(0))?;
            let kept = Owned::new(py, ffi::PyList_New(0))?;
            let texts = Owned::new(py, ffi::PyList_New(0))?;
            let mut position = Owned::new(py, ffi::PyLong_FromSsize_t(0))?;
            let mut at: ffi::Py_ssize_t = 0;
            let mut last_end: ffi::Py_ssize_t = -1;
            for span in spans.iter() {
                let span = span.as_ptr();
                let start = self.attribute(py, span, START)?;
                let start_at = as_offset(py, start.0)?;
                if start_at < last_end {
                    continue; // a partial cut inside a line removed whole
                }
                let end = self.attribute(py, span, END)?;
                let end_at = as_offset(py, end.0)?;
                last_end = end_at;
                let kind = self.attribute(py, span, KIND)?;
                let rule = self.attribute(py, span, RULE)?;
                if with_kept && start_at > at {
                    let piece = Owned::new(py, ffi::PyUnicode_Substring(source, at, start_at))?;
                    append(py, texts.0, piece.0)?;
                    let segment = self.record(py, false, &[(START, position.0), (END, start.0), (TEXT, piece.0)])?;
                    append(py, kept.0, segment.0)?;
                }
                let piece = Owned::new(py, ffi::PyUnicode_Substring(source, start_at, end_at))?;
                let removal = self.record(py, true, &[(START, start.0), (END, end.0), (KIND, kind.0), (RULE, rule.0), (TEXT, piece.0)])?;
                append(py, removed.0, removal.0)?;
                position = end;
                at = end_at;
            }
            if !with_kept {
                return Ok((PyObject::from_owned_ptr(py, removed.release()), None, None));
            }
            if at < length {
                let piece = Owned::new(py, ffi::PyUnicode_Substring(source, at, length))?;
                append(py, texts.0, piece.0)?;
                let end = Owned::new(py, ffi::PyLong_FromSsize_t(length))?;
                let segment = self.record(py, false, &[(START, position.0), (END, end.0), (TEXT, piece.0)])?;
                append(py, kept.0, segment.0)?;
            }
            let kept_text = Owned::new(py, ffi::PyUnicode_Join(self.empty_string.as_ptr(), texts.0))?;
            Ok((
                PyObject::from_owned_ptr(py, removed.release()),
                Some(PyObject::from_owned_ptr(py, kept.release())),
                Some(PyObject::from_owned_ptr(py, kept_text.release())),
            ))
        }
    }

    /// ``getattr(span, name)``.
    unsafe fn attribute(&self, py: Python, span: *mut ffi::PyObject, name: usize) -> PyResult<Owned> {
        Owned::new(py, ffi::PyObject_GetAttr(span, self.names[name].as_ptr()))
    }

    /// A `Removal` (or a `Segment`) with these fields, in this order, as `_Frozen._trusted` builds it.
    unsafe fn record(&self, py: Python, removal: bool, fields: &[(usize, *mut ffi::PyObject)]) -> PyResult<Owned> {
        let (class, fields_set) = if removal { (&self.removal, &self.removal_fields) } else { (&self.segment, &self.segment_fields) };
        let values = Owned::new(py, ffi::PyDict_New())?;
        for &(name, value) in fields {
            if ffi::PyDict_SetItem(values.0, self.names[name].as_ptr(), value) != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        // object.__new__(cls): object's tp_new with no arguments
        let new = ffi::PyBaseObject_Type.tp_new.expect("object has tp_new");
        let made = Owned::new(py, new(class.as_ptr() as *mut ffi::PyTypeObject, self.empty_tuple.as_ptr(), std::ptr::null_mut()))?;
        // object.__setattr__ of each slot: the generic setter, as it runs there
        let none = ffi::Py_None();
        for (slot, value) in [values.0, fields_set.as_ptr(), none, none].into_iter().enumerate() {
            if ffi::PyObject_GenericSetAttr(made.0, self.names[SLOTS + slot].as_ptr(), value) != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        // Out of the cycle collector's lists, as CPython takes a tuple or dict of atoms out: a
        // record holds a dict of ints and strings, its class's shared fields set and None, so
        // no cycle can pass through it. Otherwise the 100,000 records of a page of one-line
        // removals are traversed again by every collection of older generations they reach
        // (measured: a third of such a page's time).
        if ffi::PyType_IS_GC(class.as_ptr() as *mut ffi::PyTypeObject) != 0 {
            ffi::PyObject_GC_UnTrack(made.0 as *mut std::os::raw::c_void);
        }
        Ok(made)
    }
}

/// An offset held by a Python int.
unsafe fn as_offset(py: Python, value: *mut ffi::PyObject) -> PyResult<ffi::Py_ssize_t> {
    let offset = ffi::PyLong_AsSsize_t(value);
    if offset == -1 && !ffi::PyErr_Occurred().is_null() {
        return Err(PyErr::fetch(py));
    }
    Ok(offset)
}

/// A list of these references (taken by the list).
unsafe fn into_list(py: Python, items: Vec<Owned>) -> PyResult<PyObject> {
    let list = Owned::new(py, ffi::PyList_New(items.len() as ffi::Py_ssize_t))?;
    for (index, item) in items.into_iter().enumerate() {
        ffi::PyList_SET_ITEM(list.0, index as ffi::Py_ssize_t, item.release());
    }
    Ok(PyObject::from_owned_ptr(py, list.release()))
}

/// ``list.append(item)`` (a new reference in the list; the caller keeps its own).
unsafe fn append(py: Python, list: *mut ffi::PyObject, item: *mut ffi::PyObject) -> PyResult<()> {
    if ffi::PyList_Append(list, item) != 0 {
        return Err(PyErr::fetch(py));
    }
    Ok(())
}

// ------------------------------------------------------------------ gates ---

/// The gates: which of a list of patterns can match which line of a text, in one call.
///
/// The patterns come from `arclean.find.native_gate`, which writes each cue's pattern as a
/// superset in this engine's syntax (lookarounds dropped, every class spelled out as the code
/// points Python's engine gives it). A gate only narrows the lines the Python rules then decide
/// on, so a line it lets through in excess changes nothing.
///
/// One scan of the text per pattern, not one call per line: the engine's literal prefilters
/// and its automaton run at full speed, and a line is reported once (the scan goes on from the
/// next line). No pattern can match a line break (`native_gate` keeps "\n" out of every class),
/// so `^` and `$` (multi-line) mean the line's start and end, as on the line alone.
///
/// A pattern starting with `^` is instead tried on each line on its own, anchored: the automaton
/// stops at the first character no alternative takes, where a scan of the whole text would
/// track every open alternative at every position (cue alternations with bounded repeats of any
/// character blow up an unanchored automaton).
///
/// A set of literal strings (`needles`: a cue's pre-check literals) is read by one Aho-Corasick
/// automaton instead, ASCII letters in either case (as the Python gate spells them): a line is
/// reported where one of them occurs. An alternation of many literals with case classes defeats
/// the regex engine's literal prefilter (measured: 54 M characters a second, against some hundreds).
#[pyclass(module = "arclean._native")]
struct LineScan {
    patterns: Vec<(regex::Regex, bool)>,
    needles: Vec<aho_corasick::AhoCorasick>,
}

#[pymethods]
impl LineScan {
    #[new]
    #[args(needles = "Vec::new()")]
    fn new(patterns: Vec<String>, needles: Vec<Vec<String>>) -> PyResult<LineScan> {
        let mut compiled = Vec::with_capacity(patterns.len());
        for pattern in &patterns {
            let anchored = pattern.starts_with('^');
            let regex = regex::RegexBuilder::new(pattern)
                .multi_line(!anchored)
                .size_limit(1 << 26)
                .dfa_size_limit(1 << 24)
                .build()
                .map_err(|error| PyValueError::new_err(error.to_string()))?;
            compiled.push((regex, anchored));
        }
        if needles.iter().flatten().any(|needle| needle.is_empty() || needle.contains('\n')) {
            return Err(PyValueError::new_err("no needle may be empty or hold a line break"));
        }
        let needles = needles
            .iter()
            .map(|set| aho_corasick::AhoCorasickBuilder::new().ascii_case_insensitive(true).dfa(true).build(set))
            .collect();
        Ok(LineScan { patterns: compiled, needles })
    }

    /// For each pattern, then for each set of needles, the indices of the non-empty lines of
    /// `text` (split at "\n") on which it matches, in order.
    fn lines(&self, py: Python, text: &str) -> Vec<Vec<usize>> {
        py.allow_threads(|| {
            let bytes = text.as_bytes();
            let mut starts: Vec<usize> = vec![0];
            starts.extend(bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1));
            let mut found: Vec<Vec<usize>> = Vec::with_capacity(self.patterns.len());
            for (regex, anchored) in &self.patterns {
                let mut lines: Vec<usize> = Vec::new();
                if *anchored {
                    for (index, &start) in starts.iter().enumerate() {
                        let end = starts.get(index + 1).map_or(bytes.len(), |&next| next - 1);
                        if end > start && regex.is_match(&text[start..end]) {
                            lines.push(index);
                        }
                    }
                    found.push(lines);
                    continue;
                }
                let mut position = 0usize;
                while position <= bytes.len() {
                    let hit = match regex.find_at(text, position) {
                        Some(hit) => hit,
                        None => break,
                    };
                    // the line holding the match's start (the last line start at or before it)
                    let index = starts.partition_point(|&start| start <= hit.start()) - 1;
                    let end = starts.get(index + 1).map_or(bytes.len(), |&next| next - 1);
                    if end > starts[index] {
                        lines.push(index);
                    }
                    match starts.get(index + 1) {
                        Some(&next) => position = next,
                        None => break,
                    }
                }
                found.push(lines);
            }
            for automaton in &self.needles {
                let mut lines: Vec<usize> = Vec::new();
                let mut position = 0usize;
                while position < bytes.len() {
                    let hit = match automaton.find(&bytes[position..]) {
                        Some(hit) => hit,
                        None => break,
                    };
                    let at = position + hit.start();
                    let index = starts.partition_point(|&start| start <= at) - 1;
                    lines.push(index); // (a needle is never empty: its line is not)
                    match starts.get(index + 1) {
                        Some(&next) => position = next,
                        None => break,
                    }
                }
                found.push(lines);
            }
            found
        })
    }

    fn __len__(&self) -> usize {
        self.patterns.len() + self.needles.len()
    }
}

/// Which items each line of a text may be, an item needing some needs and a need being a set
/// of literal strings of which a line must hold one (`arclean.find.concepts`: what each concept
/// needs of a line, as the literals any match of its patterns contains). All the literals go
/// into one Aho-Corasick automaton, so a text is read once for every need, not once per
/// pattern, and the items are picked per line here, not in Python.
#[pyclass(module = "arclean._native")]
struct LineNeeds {
    automaton: aho_corasick::AhoCorasick,
    needs_of: Vec<Vec<usize>>,
    count: usize,
    /// the wanted items (concepts) with the ids of their needs, in order (`candidates`)
    wanted: Vec<(usize, Vec<usize>)>,
}

#[pymethods]
impl LineNeeds {
    /// `literals[i]` serves the needs `needs_of[i]` (ids below `count`); `wanted`: the items
    /// (an id and the ids of its needs) that `candidates` reports, in order.
    #[new]
    #[args(wanted = "Vec::new()")]
    fn new(
        literals: Vec<String>,
        needs_of: Vec<Vec<usize>>,
        count: usize,
        wanted: Vec<(usize, Vec<usize>)>,
    ) -> PyResult<LineNeeds> {
        if literals.len() != needs_of.len() || literals.iter().any(|literal| literal.is_empty() || literal.contains('\n')) {
            return Err(PyValueError::new_err("one list of needs per literal; no literal empty or holding a line break"));
        }
        if needs_of.iter().chain(wanted.iter().map(|(_, needs)| needs)).flatten().any(|&need| need >= count) {
            return Err(PyValueError::new_err("a need id is out of range"));
        }
        // the DFA: one table lookup per byte, no failure transitions to follow on the short lines
        let automaton = aho_corasick::AhoCorasickBuilder::new().dfa(true).build(&literals);
        Ok(LineNeeds { automaton, needs_of, count, wanted })
    }

    /// For each line of `text` (split at "\n"), the ids of the wanted items all of whose needs
    /// the line holds (an item without needs: every line), in the order they were given.
    fn candidates(&self, py: Python, text: &str) -> Vec<Vec<usize>> {
        py.allow_threads(|| {
            let bytes = text.as_bytes();
            let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
            // one bit per need and line
            let width = (self.count + 63) / 64;
            let mut held = vec![0u64; lines * width];
            let mut line = 0usize;
            let mut next_break = memchr_newline(bytes, 0);
            // matches come in the order of their ends, and none holds a line break
            for hit in self.automaton.find_overlapping_iter(text) {
                while hit.end() > next_break {
                    line += 1;
                    next_break = memchr_newline(bytes, next_break + 1);
                }
                for &need in &self.needs_of[hit.pattern()] {
                    held[line * width + need / 64] |= 1u64 << (need % 64);
                }
            }
            (0..lines)
                .map(|line| {
                    let row = &held[line * width..(line + 1) * width];
                    self.wanted
                        .iter()
                        .filter(|(_, needs)| needs.iter().all(|&need| row[need / 64] >> (need % 64) & 1 == 1))
                        .map(|&(id, _)| id)
                        .collect()
                })
                .collect()
        })
    }
}

/// Which cues may match which keys, for the few distinct candidate keys of a document: one
/// call per document for every cue cleaner of a gate phase (`arclean.find.native_gate.CueSets`),
/// so that a cleaner none of whose cues can match a key is not asked about it.
///
/// Each anchored cue is a pattern (the superset `native_gate` writes, anchored at the key's
/// start after an optional bullet prefix) of a `RegexSet`; each cue with pre-check literals is
/// found by its literals in the lower-cased key (as `CueCleaner._first_cue` reads them), one
/// Aho-Corasick automaton for all. A cue is owned by an id (its cleaner's place); a key is
/// reported with every owner one of whose cues may match it.
#[pyclass(module = "arclean._native")]
struct CueSet {
    set: regex::RegexSet,
    owner_of_pattern: Vec<usize>,
    literals: aho_corasick::AhoCorasick,
    owners_of_literal: Vec<Vec<usize>>,
    count: usize,
}

#[pymethods]
impl CueSet {
    /// `owners[i]` owns `patterns[i]`; `literal_owners[j]` own `literals[j]` (ids below `count`).
    #[new]
    fn new(
        patterns: Vec<String>,
        owners: Vec<usize>,
        literals: Vec<String>,
        literal_owners: Vec<Vec<usize>>,
        count: usize,
    ) -> PyResult<CueSet> {
        if patterns.len() != owners.len() || literals.len() != literal_owners.len() {
            return Err(PyValueError::new_err("one owner per pattern, one list of owners per literal"));
        }
        if owners.iter().chain(literal_owners.iter().flatten()).any(|&owner| owner >= count) {
            return Err(PyValueError::new_err("an owner id is out of range"));
        }
        if literals.iter().any(|literal| literal.is_empty()) {
            return Err(PyValueError::new_err("no literal may be empty"));
        }
        let set = regex::RegexSetBuilder::new(&patterns)
            .size_limit(1 << 26)
            .dfa_size_limit(1 << 24)
            .build()
            .map_err(|error| PyValueError::new_err(error.to_string()))?;
        let literals = aho_corasick::AhoCorasickBuilder::new().dfa(true).build(&literals);
        Ok(CueSet { set, owner_of_pattern: owners, literals, owners_of_literal: literal_owners, count })
    }

    /// For each key (with its lower-cased form), the ids of the owners one of whose cues may
    /// match it, in id order.
    fn owners(&self, py: Python, keys: Vec<&str>, lowered: Vec<&str>) -> PyResult<Vec<Vec<usize>>> {
        if keys.len() != lowered.len() {
            return Err(PyValueError::new_err("one lower-cased form per key"));
        }
        Ok(py.allow_threads(|| {
            let mut seen = vec![false; self.count];
            keys.iter()
                .zip(lowered.iter())
                .map(|(key, low)| {
                    seen.iter_mut().for_each(|flag| *flag = false);
                    for pattern in self.set.matches(key).iter() {
                        seen[self.owner_of_pattern[pattern]] = true;
                    }
                    for hit in self.literals.find_overlapping_iter(low) {
                        for &owner in &self.owners_of_literal[hit.pattern()] {
                            seen[owner] = true;
                        }
                    }
                    seen.iter().enumerate().filter(|(_, &flag)| flag).map(|(owner, _)| owner).collect()
                })
                .collect()
        }))
    }
}

/// The position of the first "\n" at or after `from`, or the text's length.
fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from.min(bytes.len())..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |at| from + at)
}

#[pymodule]
fn _native(_py: Python, module: &PyModule) -> PyResult<()> {
    module.add_class::<Normalizer>()?;
    module.add_class::<Chain>()?;
    module.add_class::<Parser>()?;
    module.add_class::<KeyFolder>()?;
    module.add_class::<LineScan>()?;
    module.add_class::<LineNeeds>()?;
    module.add_class::<CueSet>()?;
    module.add_class::<Records>()?;
    module.add_function(wrap_pyfunction!(char_map_normalizer, module)?)?;
    module.add_function(wrap_pyfunction!(mojibake_normalizer, module)?)?;
    module.add_function(wrap_pyfunction!(digits_normalizer, module)?)?;
    module.add_function(wrap_pyfunction!(tatweel_normalizer, module)?)?;
    module.add_function(wrap_pyfunction!(farsi_normalizer, module)?)?;
    module.add_function(wrap_pyfunction!(spaces_normalizer, module)?)?;
    module.add_function(wrap_pyfunction!(blank_lines_normalizer, module)?)?;
    Ok(())
}
