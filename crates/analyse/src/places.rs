//! Place mentions: candidate spans (runs of capitalised words) looked up in the
//! gazetteer, never a scan for every gazetteer name; then one sense per name and
//! document, chosen by kind, population, designators ("Idlib province") and the
//! countries the document is about.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use truce_model::ActorCategory;

use truce_knowledge::fold::{translit_key, translit_key_into};
use truce_knowledge::{Knowledge, PlaceIdx, PlaceKind, Sense};

use crate::actors::{ActorMention, How, Referent};
use crate::sentences::Sentence;
use crate::tokens::TokenKind;
use crate::Text;

/// What kind of place the words around a name say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Designated {
    Admin1,
    District,
    City,
    Zone,
}

/// A resolved place mention.
#[derive(Debug, Clone)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub place: PlaceIdx,
    /// After a preposition of place ("in Syria"): the report locates something there.
    pub locative: bool,
}

struct Candidate {
    start: usize,
    end: usize,
    key: String,
    senses: Vec<Sense>,
    designated: Option<Designated>,
    locative: bool,
}

/// Finds and resolves place names.
pub fn find(
    t: &Text,
    k: &Knowledge,
    sentences: &[Sentence],
    actors: &[ActorMention],
    dateline: Option<(usize, usize)>,
) -> Vec<PlaceMention> {
    // a token inside a mention of a person, organisation or group is not a place; a
    // state's name is both an actor and a place
    let blocked: Vec<(usize, usize)> = actors
        .iter()
        .filter(|m| match (&m.referent, m.how) {
            (Referent::Known(a), How::Name) => !k.actors[*a].kind.is_one(ActorCategory::State),
            (_, How::Pronoun) => false,
            _ => true,
        })
        .map(|m| (m.start, m.end))
        .collect();
    let blocked_tokens = t.covered(blocked.iter().copied());
    let is_blocked = |i: usize, j: usize| any_blocked(&blocked_tokens, i, j);
    let scanner = PlaceScanner {
        t,
        k,
        dateline,
        person_words: person_words(t, k, sentences, &is_blocked),
        blocked_tokens: &blocked_tokens,
        lower_written: Default::default(),
    };
    let mut candidates: Vec<Candidate> = Vec::new();
    for s in sentences {
        let mut i = s.first_token;
        while i < s.end_token {
            let tok = t.tokens[i];
            if tok.kind != TokenKind::Word || !tok.capitalised || scanner.is_blocked(i, i) {
                i += 1;
                continue;
            }
            let Some((j, key, senses)) = scanner.longest_name(s, i) else {
                i += 1;
                continue;
            };
            // a sentence-initial common word ("Peace talks ...") is not a place
            if j == i && i == s.first_token && scanner.written_lower(t.lower(i)) {
                i += 1;
                continue;
            }
            let designated = designator(t, k, j + 1).or_else(|| designator_before(t, k, i));
            if scanner.not_a_place(s, i, j, designated, &senses) {
                i = j + 1;
                continue;
            }
            candidates.push(Candidate {
                start: tok.start,
                end: scanner.name_end(j, designated),
                key,
                senses,
                designated,
                locative: scanner.locative(i),
            });
            i = j + 1;
        }
    }
    resolve(k, candidates, actors)
}

/// Whether any of tokens `i..=j` is blocked (a slice scan: tokens by index).
fn any_blocked(blocked: &[bool], i: usize, j: usize) -> bool {
    blocked[i..=j].iter().any(|&b| b)
}

/// What place names are read with: the report, knowledge, and the tokens that cannot
/// be places.
struct PlaceScanner<'a> {
    t: &'a Text<'a>,
    k: &'a Knowledge,
    dateline: Option<(usize, usize)>,
    /// Surnames and words after a title ([`person_words`]).
    person_words: HashSet<String>,
    /// Per token: inside a mention of a person, organisation or group.
    blocked_tokens: &'a [bool],
    /// The answers of [`PlaceScanner::written_lower`] so far.
    lower_written: std::cell::RefCell<std::collections::HashMap<String, bool>>,
}

impl PlaceScanner<'_> {
    /// Whether any of tokens `i..=j` is blocked.
    fn is_blocked(&self, i: usize, j: usize) -> bool {
        any_blocked(self.blocked_tokens, i, j)
    }

    /// Whether a word also appears in lower case in the document (asked of a place name
    /// that opens a sentence): a search of the text for the lower-case form, each match
    /// checked against the token that starts there.
    /// Each word's answer is kept: a report whose sentences open with the same place
    /// name searches its text once for it, not once per sentence.
    fn written_lower(&self, word: &str) -> bool {
        if let Some(&known) = self.lower_written.borrow().get(word) {
            return known;
        }
        let answer = self.search_lower(word);
        self.lower_written
            .borrow_mut()
            .insert(word.to_string(), answer);
        answer
    }

    fn search_lower(&self, word: &str) -> bool {
        let t = self.t;
        !word.is_empty()
            && memchr::memmem::find_iter(t.text.as_bytes(), word.as_bytes()).any(|at| {
                let x = t.tokens.partition_point(|x| x.start < at);
                t.tokens.get(x).is_some_and(|x| {
                    x.start == at
                        && x.kind == TokenKind::Word
                        && !x.capitalised
                        && x.text(t.text) == word
                })
            })
    }

    /// The longest name the gazetteer knows that starts at token `i` of sentence `s`:
    /// its last token, its key and its senses.
    fn longest_name(&self, s: &Sentence, i: usize) -> Option<(usize, String, Vec<Sense>)> {
        let (t, k) = (self.t, self.k);
        let tok = t.tokens[i];
        // how far a name could run: contiguous words, each capitalised or a connector
        let mut reach = i;
        while reach + 1 < s.end_token
            && reach + 1 - i < 6
            && contiguous(t, reach)
            && (t.tokens[reach + 1].capitalised
                || k.places.name_connectors.contains(t.lower(reach + 1)))
        {
            reach += 1;
        }
        let mut senses = Vec::new();
        let mut key = String::new();
        for j in (i..=reach).rev() {
            let len = j - i + 1;
            let last = t.tokens[j];
            if last.kind != TokenKind::Word || !last.capitalised || self.is_blocked(i, j) {
                continue;
            }
            if len == 1
                && (t.not_name(i)
                    || self.person_words.contains(t.lower(i))
                    || contraction(t.lower(i)))
            {
                continue;
            }
            let written = &t.text[tok.start..last.end];
            senses.clear();
            // names in capitals are acronyms ("US", "NSW", "HIV") unless the line is set
            // in capitals, as datelines are (most names have a lower-case letter by their
            // second: the letters are counted only for those that do not)
            let letters = || written.chars().filter(|c| c.is_alphabetic()).count();
            let capitals = !written.chars().any(char::is_lowercase) && letters() >= 2;
            let in_dateline = self
                .dateline
                .is_some_and(|(s, e)| s <= tok.start && last.end <= e);
            if capitals {
                k.gazetteer.lookup_acronym(written, &mut senses);
            }
            // the key is built only for names looked up by it, or found; "the city of
            // HOMS", "in MOSCOW": a word in capitals that a place's words lead is written
            // loud, not an acronym
            let led = || {
                self.locative(i) || (i > 1 && k.places.leads_place(t.lower(i - 2), t.lower(i - 1)))
            };
            let by_key = !capitals
                || in_dateline
                || (senses.is_empty() && letters() >= 5 && shouting(t, s))
                || (senses.is_empty() && len == 1 && letters() >= 4 && led());
            if by_key {
                translit_key_into(written, &mut key);
                k.gazetteer.lookup_key(&key, &mut senses);
            }
            if !senses.is_empty() {
                if !by_key {
                    translit_key_into(written, &mut key);
                }
                return Some((j, key, senses));
            }
        }
        None
    }

    /// Whether a name the gazetteer knows (tokens `i..=j`) names no place here: part of a
    /// longer name nobody knows, a town's name as a modifier, a person's after a title,
    /// or a language's.
    fn not_a_place(
        &self,
        s: &Sentence,
        i: usize,
        j: usize,
        designated: Option<Designated>,
        senses: &[Sense],
    ) -> bool {
        let (t, k) = (self.t, self.k);
        // part of a longer name nobody knows ("Trans Asia News"): not this place
        let glued_before = i > s.first_token
            && contiguous(t, i - 1)
            && name_word(t, i - 1)
            && !self.is_blocked(i - 1, i - 1);
        let glued_after =
            designated.is_none() && j + 1 < s.end_token && contiguous(t, j) && name_word(t, j + 1);
        // "Reston ebolavirus", "Marburg virus": a town's name as a modifier names no
        // place; countries, regions and capitals stay places whatever follows ("US
        // officials", "a central Athens hotel")
        let regional = senses.iter().any(|x| {
            k.gazetteer.brief(x.place).0 != PlaceKind::City
                || (!x.alternate && k.gazetteer.is_capital(x.place))
        });
        // a name after a preposition of place is that place, whatever follows ("the
        // laboratory in Winnipeg confirmed")
        let after_locative = i > 0 && k.places.locative.contains(t.lower(i - 1));
        let modifier = designated.is_none()
            && !regional
            && j + 1 < s.end_token
            && contiguous(t, j)
            && t.tokens[j + 1].kind == TokenKind::Word
            && !t.tokens[j + 1].capitalised
            && !k.places.after_place.contains(t.lower(j + 1))
            && !after_locative;
        let titled = i > 0
            && k.text
                .person_titles
                .contains(t.lower(i - 1).trim_end_matches('.'));
        // "the UN Support Mission in Libya": the end of an organisation's name
        let organisation = i > 1
            && k.places.organisation_linkers.contains(t.lower(i - 1))
            && t.tokens[i - 2].capitalised
            && k.places.organisation_heads.contains(t.lower(i - 2));
        // "answered in English": a language, whatever town bears its name
        let language = i == j && designated.is_none() && k.text.languages.contains(t.lower(i));
        glued_before || glued_after || modifier || titled || organisation || language
    }

    /// Where a name ending at token `j` ends: "U.S." keeps its last full stop; "Santa
    /// Clara County" its capitalised designator.
    fn name_end(&self, j: usize, designated: Option<Designated>) -> usize {
        let t = self.t;
        let mut end = t.tokens[j].end;
        if t.lower(j).contains('.')
            && t.lower(j + 1) == "."
            && t.tokens.get(j + 1).is_some_and(|x| x.start == end)
        {
            end += 1;
        }
        if designated.is_some()
            && t.tokens
                .get(j + 1)
                .is_some_and(|x| x.capitalised && x.kind == TokenKind::Word)
            && contiguous(t, j)
        {
            end = t.tokens[j + 1].end;
        }
        end
    }

    /// Whether a name at token `i` follows a preposition of place ("in X", "on the
    /// outskirts of X": a locative phrase of two words).
    fn locative(&self, i: usize) -> bool {
        let (t, k) = (self.t, self.k);
        i > 0
            && (k.places.locative.contains(t.lower(i - 1))
                || (i > 1 && phrase_is(&k.places.locative, t.lower(i - 2), t.lower(i - 1))))
    }
}

/// Surnames: the last words of capitalised runs that are neither places nor known
/// actors ("Bruce Ivins" makes a later "Ivins" a person), and words after a title ("Dr.").
fn person_words(
    t: &Text,
    k: &Knowledge,
    sentences: &[Sentence],
    is_blocked: &dyn Fn(usize, usize) -> bool,
) -> HashSet<String> {
    let mut out = HashSet::default();
    let (mut senses, mut key) = (Vec::new(), String::new());
    for s in sentences {
        let mut i = s.first_token;
        while i < s.end_token {
            let mut j = i;
            while j < s.end_token
                && name_word(t, j)
                && !is_blocked(j, j)
                && (j == i || contiguous(t, j - 1))
            {
                j += 1;
            }
            if j >= i + 2 {
                senses.clear();
                translit_key_into(&t.text[t.tokens[i].start..t.tokens[j - 1].end], &mut key);
                k.gazetteer.lookup_key(&key, &mut senses);
                // the first word's senses matter only for a run that is no place itself
                if senses.is_empty() && designator(t, k, j).is_none() {
                    translit_key_into(t.tokens[i].text(t.text), &mut key);
                    k.gazetteer.lookup_key(&key, &mut senses);
                    let first_is_region = senses.iter().any(|x| {
                        matches!(
                            k.gazetteer.brief(x.place).0,
                            PlaceKind::Country | PlaceKind::Admin1
                        )
                    });
                    if !first_is_region {
                        out.insert(t.lower(j - 1).to_string());
                    }
                }
            }
            if i > 0
                && name_word(t, i)
                && k.text
                    .person_titles
                    .contains(t.lower(i - 1).trim_end_matches('.'))
            {
                out.insert(t.lower(i).to_string());
            }
            i = j.max(i + 1);
        }
    }
    out
}

/// "I've", "don't": contractions are never names.
fn contraction(word: &str) -> bool {
    [
        "'ve",
        "'ll",
        "'re",
        "'m",
        "'d",
        "n't",
        "\u{2019}ve",
        "\u{2019}ll",
        "\u{2019}re",
        "\u{2019}m",
        "\u{2019}d",
        "n\u{2019}t",
    ]
    .iter()
    .any(|c| word.ends_with(c))
}

/// A sentence set in capitals (a headline or dateline line).
fn shouting(t: &Text, s: &Sentence) -> bool {
    let (mut caps, mut all) = (0, 0);
    for w in t.tokens[s.first_token..s.end_token]
        .iter()
        .filter(|x| x.kind == TokenKind::Word)
    {
        all += 1;
        if !w.text(t.text).chars().any(char::is_lowercase) {
            caps += 1;
        }
    }
    all > 0 && caps * 2 > all
}

fn contiguous(t: &Text, i: usize) -> bool {
    let (a, b) = (t.tokens[i], t.tokens[i + 1]);
    b.start - a.end <= 1 && !t.text[a.end..b.start].contains('\n')
}

/// Whether the two words `a b` are one of the phrases in `set`, without building the phrase.
fn phrase_is<S: std::hash::BuildHasher>(
    set: &std::collections::HashSet<String, S>,
    a: &str,
    b: &str,
) -> bool {
    set.iter().any(|p| p.split_once(' ') == Some((a, b)))
}

fn name_word(t: &Text, i: usize) -> bool {
    let x = t.tokens[i];
    x.kind == TokenKind::Word && x.capitalised && !t.not_name(i)
}

fn designator(t: &Text, k: &Knowledge, i: usize) -> Option<Designated> {
    let one = t.lower(i);
    let next = t.lower(i + 1);
    let d = &k.places.designators;
    if d.zone
        .iter()
        .any(|z| z == one || z.split_once(' ') == Some((one, next)))
    {
        return Some(Designated::Zone);
    }
    if d.admin1.iter().any(|z| z == one) {
        return Some(Designated::Admin1);
    }
    if d.district.iter().any(|z| z == one) {
        return Some(Designated::District);
    }
    if d.city.iter().any(|z| z == one) {
        return Some(Designated::City);
    }
    None
}

fn designator_before(t: &Text, k: &Knowledge, i: usize) -> Option<Designated> {
    let genitive = k.text.grammar.genitive.as_str();
    if i < 2 || t.lower(i - 1) != genitive {
        return None;
    }
    if !k.places.leads_place(t.lower(i - 2), genitive) {
        return None;
    }
    designator(t, k, i - 2)
}

/// What a sense known only by another of its names loses when the report's countries hold
/// a place of this very name.
const ALIAS_ELSEWHERE: f64 = 2.0;

/// A city this populous, named by its own name, sets the country context of a report.
const GREAT_CITY: u64 = 1_000_000;

/// The countries a report is about, as one name's resolution sees them: those it names,
/// and those of the great cities it names other than this one.
struct Context<'a> {
    /// Sorted ISO 3166-1 alpha-2 codes.
    named: &'a [[u8; 2]],
    great: &'a [(&'a str, [u8; 2])],
    key: &'a str,
}

impl Context<'_> {
    fn has(&self, country: [u8; 2]) -> bool {
        self.named.binary_search(&country).is_ok()
            || (self.great.iter()).any(|(other, c)| *other != self.key && *c == country)
    }
}

fn resolve(
    k: &Knowledge,
    candidates: Vec<Candidate>,
    actors: &[ActorMention],
) -> Vec<PlaceMention> {
    let named = named_countries(k, &candidates, actors);
    let great = great_cities(k, &candidates);
    // one sense per name and document: designators anywhere count for every mention
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, c) in candidates.iter().enumerate() {
        by_key.entry(c.key.as_str()).or_default().push(i);
    }
    let mut chosen: HashMap<&str, Option<PlaceIdx>> = HashMap::default();
    for (key, idxs) in &by_key {
        let context = Context {
            named: &named,
            great: &great,
            key,
        };
        chosen.insert(key, choose_sense(k, &candidates, idxs, &context));
    }
    candidates
        .iter()
        .filter_map(|c| {
            chosen
                .get(c.key.as_str())
                .copied()
                .flatten()
                .map(|place| PlaceMention {
                    start: c.start,
                    end: c.end,
                    place,
                    locative: c.locative,
                })
        })
        .collect()
}

/// The countries the document is about: states it names, countries it names.
fn named_countries(
    k: &Knowledge,
    candidates: &[Candidate],
    actors: &[ActorMention],
) -> Vec<[u8; 2]> {
    let mut named: Vec<[u8; 2]> = Vec::new();
    for m in actors {
        if let Referent::Known(a) = m.referent {
            if k.actors[a].kind.is_one(ActorCategory::State) {
                if let Some(c) = k.country_of_state(&k.actors[a].id) {
                    if let Ok(code) = <[u8; 2]>::try_from(k.gazetteer.info(c).country.as_bytes()) {
                        named.push(code);
                    }
                }
            }
        }
    }
    for c in candidates {
        for s in &c.senses {
            let (kind, _, country) = k.gazetteer.brief(s.place);
            if kind == PlaceKind::Country {
                named.push(country);
            }
        }
    }
    named.sort_unstable();
    named.dedup();
    named
}

/// Great cities named by their own names, with their countries: one says which country
/// the report is in for the other names ("DAMASCUS --" makes Ariha the Syrian town, not
/// Jericho), never for its own (Tripoli, Libya, must not outvote "Lebanese officials").
fn great_cities<'c>(k: &Knowledge, candidates: &'c [Candidate]) -> Vec<(&'c str, [u8; 2])> {
    let mut great = Vec::new();
    for c in candidates {
        let largest = c
            .senses
            .iter()
            .filter(|s| !s.alternate)
            .map(|s| k.gazetteer.brief(s.place))
            .filter(|b| b.0 == PlaceKind::City)
            .max_by_key(|b| b.1);
        if let Some((_, population, country)) = largest {
            if population >= GREAT_CITY {
                great.push((c.key.as_str(), country));
            }
        }
    }
    great
}

/// What a one-word name without a preposition of place must score to be a place: a
/// town of a country the report is about needs a few dozen people (the country adds
/// 2.5), one elsewhere ten thousand ("Williams said" is no town in Arizona in a
/// report on Libya).
const ONE_WORD_BAR: f64 = 4.0;

/// The sense of one name (its mentions `idxs` among `candidates`), if one scores enough.
fn choose_sense(
    k: &Knowledge,
    candidates: &[Candidate],
    idxs: &[usize],
    context: &Context,
) -> Option<PlaceIdx> {
    let designated: Vec<Designated> = idxs
        .iter()
        .filter_map(|&i| candidates[i].designated)
        .collect();
    let locative = idxs.iter().any(|&i| candidates[i].locative);
    let senses = &candidates[idxs[0]].senses;
    // a governorate named after its capital (Homs, Aleppo, Idlib): without a word
    // saying "province", the name means the city
    let admin1_countries: Vec<[u8; 2]> = senses
        .iter()
        .map(|s| k.gazetteer.brief(s.place))
        .filter(|b| b.0 == PlaceKind::Admin1)
        .map(|b| b.2)
        .collect();
    // a place the report's countries hold under this very name beats one elsewhere that
    // merely has it among its other names (Arīḩā in Idlib, whose population GeoNames
    // leaves at 0, over Jericho, also called Ariha)
    let named_here = senses
        .iter()
        .any(|s| !s.alternate && context.has(k.gazetteer.brief(s.place).2));
    let mut best: Option<(f64, PlaceIdx)> = None;
    for s in senses {
        let mut score = score(k, s, &designated, context);
        if named_here && s.alternate {
            score -= ALIAS_ELSEWHERE;
        }
        let (kind, _, country) = k.gazetteer.brief(s.place);
        if kind == PlaceKind::City
            && !s.alternate
            && admin1_countries.contains(&country)
            && designated.is_empty()
        {
            score += 1.5;
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, s.place));
        }
    }
    // a small town's one-word name needs a preposition of place or a context; a name of
    // several words that the gazetteer knows exactly is evidence enough
    let several_words = candidates[idxs[0]].key.contains(' ');
    let threshold = if locative || several_words {
        f64::NEG_INFINITY
    } else {
        ONE_WORD_BAR
    };
    best.filter(|(s, _)| *s >= threshold).map(|(_, p)| p)
}

fn score(k: &Knowledge, s: &Sense, designated: &[Designated], context: &Context) -> f64 {
    let (kind, population, country) = k.gazetteer.brief(s.place);
    let wants = |d: Designated| designated.contains(&d);
    let mut score = match kind {
        PlaceKind::Country => 10.0,
        PlaceKind::Continent => 9.0,
        // a first-level unit stands for about a million people: it beats towns of its
        // name ("California", the state, not California, Pennsylvania)
        PlaceKind::Admin1 => {
            let mut v = 6.0;
            if wants(Designated::Admin1) || wants(Designated::Zone) {
                v += 8.0;
            }
            if wants(Designated::City) {
                v -= 3.0;
            }
            v
        }
        PlaceKind::City => {
            let mut v = (population as f64 + 1.0).log10();
            if wants(Designated::City) || wants(Designated::District) {
                v += 3.0;
            }
            v
        }
    };
    if s.alternate {
        score -= 1.0;
    }
    // places in the countries the document is about win; a neighbour counts a little
    if kind != PlaceKind::Country {
        if context.has(country) {
            score += 2.5;
        } else if k
            .gazetteer
            .neighbours(std::str::from_utf8(&country).unwrap_or("??"))
            .iter()
            .any(|c| <[u8; 2]>::try_from(c.as_bytes()).is_ok_and(|c| context.has(c)))
        {
            score += 1.0;
        }
    }
    score
}

/// The baseline geoparsers are measured against: the most populous place of that name,
/// whatever the document says.
pub fn most_populous(k: &Knowledge, name: &str) -> Option<PlaceIdx> {
    let mut senses = Vec::new();
    k.gazetteer.lookup_key(&translit_key(name), &mut senses);
    senses
        .into_iter()
        .max_by_key(|s| (k.gazetteer.brief(s.place).1, !s.alternate))
        .map(|s| s.place)
}
