//! Analysis of one document: pure, no I/O, no clock, never fails.
//!
//! `Document` + `Knowledge` → [`truce_model::Mentions`]: the actors, places and dates the
//! document mentions, each a byte span into the clean text resolved within the document
//! (offices by the publication date, "he" to the last person named, one sense per place
//! name); the quotations and who said them ([`quotes`]); the events, one per act the
//! report tells, with their clause evidence, roles, modality, place and date ([`events`]);
//! and the agreements it describes with their provisions ([`agreements`]). Start reading
//! at [`analyse`].

pub mod actors;
pub mod agreements;
mod casualties;
pub mod dates;
pub mod events;
pub mod places;
pub mod quotes;
pub mod sentences;
pub mod tokens;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use truce_knowledge::fold::{fold, Folded};
use truce_knowledge::{Knowledge, LexWord, Lexicon, PlaceKind};
use truce_model::{Actor, ActorCategory, Document, Mention, Mentions, Place, PlacePrecision};

use actors::{ActorMention, How, Referent};
pub use sentences::Sentence;
pub use tokens::{Token, TokenKind};

/// The text of a document prepared once for every step: folded for matching, cut into
/// tokens, each token also in lower case and looked up once in knowledge's lexicon.
pub struct Text<'a> {
    pub text: &'a str,
    pub folded: Folded,
    pub tokens: Vec<Token>,
    /// Every token in lower case, one after another; `lower_at[i]` is token i's range.
    lower: String,
    lower_at: Vec<(u32, u32)>,
    lex: Vec<LexWord>,
    not_name: Vec<bool>,
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str, lexicon: &Lexicon) -> Text<'a> {
        let tokens = tokens::tokenize(text);
        let mut lower = String::with_capacity(text.len());
        let mut lower_at = Vec::with_capacity(tokens.len());
        let mut lex = Vec::with_capacity(tokens.len());
        for t in &tokens {
            let start = lower.len() as u32;
            let word = t.text(text);
            if word.is_ascii() {
                lower.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                lower.extend(word.chars().flat_map(char::to_lowercase));
            }
            lower_at.push((start, lower.len() as u32));
            // the lists hold words: punctuation and line breaks need no lookup
            lex.push(match t.kind {
                TokenKind::Word | TokenKind::Number => lexicon.word(&lower[start as usize..]),
                TokenKind::Punct | TokenKind::Newline => LexWord::NONE,
            });
        }
        Text {
            text,
            folded: fold(text),
            tokens,
            lower,
            lower_at,
            lex,
            not_name: Vec::new(),
        }
    }

    /// Where a phrase of lower-case words that starts at token `i` ends (the token after
    /// its last), if the tokens from `i` on are its words.
    pub fn phrase_at(&self, i: usize, words: &[String]) -> Option<usize> {
        let end = i + words.len();
        (end <= self.tokens.len()
            && words
                .iter()
                .enumerate()
                .all(|(n, w)| self.lower(i + n) == w))
        .then_some(end)
    }

    /// What knowledge's word lists say of token `i` (nothing past the end).
    pub fn lex(&self, i: usize) -> LexWord {
        self.lex.get(i).copied().unwrap_or(LexWord::NONE)
    }

    /// Whether token `i` is a capitalised word that is never a name on its own ("The",
    /// "President"): asked many times per token, so answered from a table.
    pub fn not_name(&self, i: usize) -> bool {
        self.not_name.get(i).copied().unwrap_or(false)
    }

    /// Fills the table [`Text::not_name`] reads.
    pub fn mark_not_names(&mut self, not_names: &impl Fn(&str) -> bool) {
        self.not_name = (0..self.tokens.len())
            .map(|i| self.tokens[i].capitalised && not_names(self.lower(i)))
            .collect();
    }

    /// Token `i` in lower case; empty past the end.
    pub fn lower(&self, i: usize) -> &str {
        self.lower_at
            .get(i)
            .map(|&(s, e)| &self.lower[s as usize..e as usize])
            .unwrap_or("")
    }

    /// The token that starts at or contains byte `at`.
    pub fn token_at(&self, at: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end <= at);
        (i < self.tokens.len() && self.tokens[i].start <= at).then_some(i)
    }

    /// For each token, whether any of `spans` overlaps it: a table built once, so that
    /// "is this token inside a mention?" costs nothing per question.
    pub fn covered(&self, spans: impl Iterator<Item = (usize, usize)>) -> Vec<bool> {
        let mut out = vec![false; self.tokens.len()];
        for (s, e) in spans {
            let mut i = self.tokens.partition_point(|t| t.end <= s);
            while i < self.tokens.len() && self.tokens[i].start < e {
                out[i] = true;
                i += 1;
            }
        }
        out
    }

    /// The first token starting at or after byte `at`.
    pub fn token_starting_at_or_after(&self, at: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.start < at);
        (i < self.tokens.len()).then_some(i)
    }
}

/// Names the analyser in stored results, so a store knows what produced its mentions.
pub const ANALYSER: &str = concat!("truce-analyse ", env!("CARGO_PKG_VERSION"));

/// Everything the first layer of analysis finds, plus the sentences (for later layers).
pub struct Analysis {
    pub mentions: Mentions,
    pub sentences: Vec<Sentence>,
}

/// Analyses one document against `knowledge`.
pub fn analyse(doc: &Document, knowledge: &Knowledge) -> Analysis {
    let published = doc.meta.published.map(|p| p.date_naive());
    analyse_text(
        &doc.text,
        doc.dateline.as_ref().map(|d| (d.span.start, d.span.end)),
        published,
        knowledge,
    )
}

/// The steps of an analysis, in order, as [`analyse_text_observed`] reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Tokens, folding, sentences, dates, actors and places.
    Mentions,
    /// Quotations and their speakers.
    Quotes,
    /// Events with modality, actors, place and date.
    Events,
    /// Actors and places assembled for output, and agreements.
    Assemble,
}

/// Analyses clean text directly: `dateline` is its span, `published` the date relative
/// expressions count from.
pub fn analyse_text(
    text: &str,
    dateline: Option<(usize, usize)>,
    published: Option<NaiveDate>,
    k: &Knowledge,
) -> Analysis {
    analyse_text_observed(text, dateline, published, k, &mut |_| {})
}

/// [`analyse_text`], calling `done` as each [`Stage`] ends, so that a benchmark can time
/// the stages; the analysis itself reads no clock and its result does not depend on
/// `done`.
pub fn analyse_text_observed(
    text: &str,
    dateline: Option<(usize, usize)>,
    published: Option<NaiveDate>,
    k: &Knowledge,
    done: &mut dyn FnMut(Stage),
) -> Analysis {
    let mut t = Text::new(text, &k.lexicon);
    t.mark_not_names(&|w| k.text.not_names.contains(w));
    let sentences = sentences::split(text, &t.tokens, &k.text);
    let dates = dates::find(&t, &k.dates, published);

    let hits = k.scan(&t.folded.text);
    let mut names = actors::names(&t, k, &hits, published);
    actors::offices(&t, k, &hits, published, &mut names);
    actors::renamed(k, published, &mut names);
    actors::pronouns(&t, k, &sentences, &mut names);
    actors::sets(&t, k, &mut names);
    let place_mentions = places::find(&t, k, &sentences, &names, dateline);
    localise_collectives(&t, k, &mut names, &place_mentions);
    affiliate_collectives(&t, k, &mut names);

    let unknown_places = sort_unknown_names(
        &t,
        k,
        &sentences,
        &mut names,
        &place_mentions,
        &dates,
        dateline,
    );
    names.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    done(Stage::Mentions);

    // quotations, then the speakers they need that are not actors yet: documents that
    // speak and groups of actors that speak together
    let documents = quotes::documents(&t, k, &names, published);
    let found_quotes = quotes::find(&t, k, &sentences, &names, &documents, dateline);
    add_speakers(&mut names, &documents, &found_quotes);
    names.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    done(Stage::Quotes);
    let events = events::find(&events::Layers {
        text: &t,
        knowledge: k,
        sentences: &sentences,
        names: &names,
        places: &place_mentions,
        dates: &dates,
        quotes: &found_quotes,
        documents: &documents,
        published,
        dateline,
    });
    done(Stage::Events);
    let quotes_out = found_quotes
        .into_iter()
        .map(|(mut q, sp)| {
            q.speaker = speaker_json(&t, k, &documents, sp.as_ref());
            q
        })
        .collect();

    let mut mentions = Mentions {
        quotes: quotes_out,
        actors: assemble_actors(&t, k, &names, published),
        places: assemble_places(
            &t,
            k,
            &sentences,
            &place_mentions,
            &unknown_places,
            dateline,
        ),
        dates,
        events,
        agreements: Vec::new(),
    };
    mentions.agreements = agreements::find(&t, k, &documents, &mentions, published);
    done(Stage::Assemble);
    Analysis {
        mentions,
        sentences,
    }
}

/// Names nobody knows: places after a preposition of place ("in X", "near X", "the
/// village of X"), returned; actors otherwise, added to `names`.
fn sort_unknown_names(
    t: &Text,
    k: &Knowledge,
    sentences: &[sentences::Sentence],
    names: &mut Vec<ActorMention>,
    place_mentions: &[places::PlaceMention],
    dates: &[truce_model::DateMention],
    dateline: Option<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let mut covered: Vec<(usize, usize)> = names.iter().map(|m| (m.start, m.end)).collect();
    covered.extend(place_mentions.iter().map(|p| (p.start, p.end)));
    covered.extend(dates.iter().map(|d| (d.start, d.end)));
    if let Some(d) = dateline {
        covered.push(d);
    }
    let mut unknown_places = Vec::new();
    let demonyms: Vec<(usize, usize)> = names
        .iter()
        .filter(|m| m.how == How::Demonym)
        .map(|m| (m.start, m.end))
        .collect();
    for (s, e) in actors::unknown_names(t, k, &covered, &demonyms, sentences) {
        if k.text.languages.contains(&t.text[s..e].to_lowercase()) {
            continue; // "said in Arabic"
        }
        let i = t.token_at(s).unwrap_or(0);
        // "the village of X": the two words before the name are one of `before_place`
        let before_place = i > 1 && k.places.leads_place(t.lower(i - 2), t.lower(i - 1));
        let after_locative = before_place
            || (i > 0
                && k.places.locative.contains(t.lower(i - 1))
                && !k.places.motion.contains(t.lower(i - 1)));
        if after_locative {
            unknown_places.push((s, e));
        } else {
            names.push(ActorMention {
                start: s,
                end: e,
                referent: Referent::Unknown(t.text[s..e].to_string()),
                how: How::Unknown,
            });
        }
    }
    unknown_places
}

/// The speakers quotations need that are not actors yet: documents that speak ("the
/// statement said") and groups of actors that speak together.
fn add_speakers(
    names: &mut Vec<ActorMention>,
    documents: &[quotes::DocumentMention],
    found_quotes: &[(truce_model::Quote, Option<quotes::SpeakerRef>)],
) {
    for d in documents {
        names.push(ActorMention {
            start: d.start,
            end: d.end,
            referent: Referent::Document(d.noun.clone(), d.authors.clone()),
            how: How::Name,
        });
    }
    // a group that speaks is named once, however often it speaks
    let mut groups: std::collections::HashSet<Referent> = names
        .iter()
        .filter(|m| matches!(m.referent, Referent::Set(_)))
        .map(|m| m.referent.clone())
        .collect();
    for sp in found_quotes.iter().filter_map(|(_, sp)| sp.as_ref()) {
        if let Some(r @ Referent::Set(_)) = &sp.referent {
            if groups.insert(r.clone()) {
                names.push(ActorMention {
                    start: sp.start,
                    end: sp.end,
                    referent: r.clone(),
                    how: How::Set,
                });
            }
        }
    }
}

/// The place mention that starts at byte `at`: found by halving where the mentions come
/// in text order, as they do from [`places::find`], else by a scan.
fn place_starting_at(
    places: &[places::PlaceMention],
    in_order: bool,
    at: usize,
) -> Option<&places::PlaceMention> {
    if !in_order {
        return places.iter().find(|p| p.start == at);
    }
    let i = places.partition_point(|p| p.start < at);
    places.get(i).filter(|p| p.start == at)
}

/// "all armed groups in Idlib": a collective narrowed to a place. When a document
/// narrows a collective to one place only, its other mentions ("the rebels") are read as
/// the same narrowed group.
fn localise_collectives(
    t: &Text,
    k: &Knowledge,
    names: &mut [ActorMention],
    places: &[places::PlaceMention],
) {
    let mut narrowed: HashMap<usize, Vec<String>> = HashMap::default();
    let in_order = places.is_sorted_by_key(|p| p.start);
    for m in names.iter_mut() {
        let Referent::Known(a) = m.referent else {
            continue;
        };
        if !k.actors[a].localisable {
            continue;
        }
        let Some(j) = t.token_starting_at_or_after(m.end) else {
            continue;
        };
        if !k.places.narrowing.contains(t.lower(j)) {
            continue;
        }
        let Some(next) = t.tokens.get(j + 1) else {
            continue;
        };
        // "in the Syrian province of Idlib" is left alone; "in Idlib" narrows
        let Some(p) = place_starting_at(places, in_order, next.start) else {
            continue;
        };
        let info = k.gazetteer.info(p.place);
        if info.kind == PlaceKind::Country && k.actors[a].kind.category == ActorCategory::Population
        {
            continue;
        }
        let name = info.name.to_string();
        if let Some(i) = t.token_at(m.start) {
            if i > 0 && k.text.quantifiers.contains(t.lower(i - 1)) {
                m.start = t.tokens[i - 1].start;
            }
        }
        m.end = p.end;
        m.referent = Referent::Localised(a, name.clone());
        let list = narrowed.entry(a).or_default();
        if !list.contains(&name) {
            list.push(name);
        }
    }
    for m in names.iter_mut() {
        if let Referent::Known(a) = m.referent {
            if let Some([only]) = narrowed.get(&a).map(Vec::as_slice) {
                if let Some(i) = t.token_at(m.start) {
                    if i > 0 && k.text.quantifiers.contains(t.lower(i - 1)) {
                        m.start = t.tokens[i - 1].start;
                    }
                }
                m.referent = Referent::Localised(a, only.clone());
            }
        }
    }
}

/// "Georgian demonstrators", "Syrian refugees": a collective (an actor that may be
/// narrowed, `localisable` in knowledge) right after a state's demonym or name, or an
/// international organisation's, is theirs; the two mentions become one. Generic fighters
/// right after an armed group's name ("Hezbollah guerrillas") are that group.
fn affiliate_collectives(t: &Text, k: &Knowledge, names: &mut Vec<ActorMention>) {
    let mut absorbed = vec![false; names.len()];
    for i in 1..names.len() {
        let Referent::Known(a) = names[i].referent else {
            continue;
        };
        if !k.actors[a].localisable {
            continue;
        }
        let before = &names[i - 1];
        let Referent::Known(owner) = before.referent else {
            continue;
        };
        // only spaces between: "Georgian protesters", not "Georgian riot-weary protesters"
        let adjacent = before.end < names[i].start
            && t.text[before.end..names[i].start]
                .chars()
                .all(char::is_whitespace);
        // a state's people or forces, or an organisation's ("NATO peacekeepers")
        let can_own = k.actors[owner].kind.is_one(ActorCategory::State)
            || k.actors[owner]
                .kind
                .is_one(ActorCategory::InternationalOrganisation);
        // "Hezbollah guerrillas", "Taliban fighters": an armed group's fighters are the
        // group itself
        let its_own_fighters = k.actors[owner].kind.is_one(ActorCategory::ArmedGroup) && {
            let fighters = k.actors[a].kind;
            fighters.generic && fighters.category == ActorCategory::ArmedGroup
        };
        if adjacent && matches!(before.how, How::Demonym | How::Name) && can_own {
            names[i].start = before.start;
            names[i].referent = Referent::Affiliated(a, owner);
            absorbed[i - 1] = true;
        } else if adjacent && before.how == How::Name && its_own_fighters {
            names[i - 1].end = names[i].end;
            absorbed[i] = true;
        }
    }
    let mut index = 0;
    names.retain(|_| {
        let keep = !absorbed[index];
        index += 1;
        keep
    });
}

/// The id an actor referent has in the output.
pub(crate) fn referent_id(k: &Knowledge, r: &Referent) -> String {
    match r {
        Referent::Known(a) => k.actors[*a].id.clone(),
        Referent::Set(members) => members
            .iter()
            .map(|&m| k.actors[m].id.as_str())
            .collect::<Vec<_>>()
            .join("+"),
        Referent::Localised(a, place) => format!("{}-{}", k.actors[*a].id, slug(place)),
        // the owner's code first, as CAMEO writes a nationality ("GEO-protesters")
        Referent::Affiliated(a, owner) => format!("{}-{}", k.actors[*owner].id, k.actors[*a].id),
        Referent::Unknown(name) => format!("unknown:{}", slug(name)),
        Referent::Document(noun, _) => format!("document:{}", slug(noun)),
    }
}

fn speaker_json(
    t: &Text,
    k: &Knowledge,
    documents: &[quotes::DocumentMention],
    sp: Option<&quotes::SpeakerRef>,
) -> truce_model::Speaker {
    let Some(sp) = sp else {
        return truce_model::Speaker::default();
    };
    let (actor, actors) = match (&sp.referent, sp.document) {
        (_, Some(d)) => {
            let doc = &documents[d];
            let r = Referent::Document(doc.noun.clone(), doc.authors.clone());
            (
                Some(referent_id(k, &r)),
                doc.authors
                    .iter()
                    .map(|&a| k.actors[a].id.clone())
                    .collect(),
            )
        }
        (Some(r @ Referent::Set(members)), None) => (
            Some(referent_id(k, r)),
            members.iter().map(|&a| k.actors[a].id.clone()).collect(),
        ),
        (Some(r), None) => (Some(referent_id(k, r)), Vec::new()),
        (None, None) => (None, Vec::new()),
    };
    truce_model::Speaker {
        actor,
        actors,
        name: Some(sp.name.clone()),
        mention: Some(mention(t, sp.start, sp.end)),
    }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in truce_knowledge::fold::fold_str(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn mention(t: &Text, s: usize, e: usize) -> Mention {
    Mention {
        text: t.text[s..e].to_string(),
        start: s,
        end: e,
    }
}

fn assemble_actors(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    published: Option<NaiveDate>,
) -> Vec<Actor> {
    let mut order: Vec<Referent> = Vec::new();
    let mut by: HashMap<Referent, Vec<Mention>> = HashMap::default();
    for m in names {
        let list = by.entry(m.referent.clone()).or_insert_with(|| {
            order.push(m.referent.clone());
            Vec::new()
        });
        // names come sorted by start: a mention already listed with this start is among
        // the last of the list (an actor named ten thousand times is not read back each
        // time)
        let listed = list
            .iter()
            .rev()
            .take_while(|x| x.start == m.start)
            .any(|x| x.end == m.end);
        if !listed {
            list.push(mention(t, m.start, m.end));
        }
    }
    let mut out: Vec<Actor> = Vec::new();
    let mut needed: Vec<String> = Vec::new();
    for r in order {
        let mentions = by.remove(&r).unwrap_or_default();
        let actor = match &r {
            Referent::Known(a) => known(k, *a, published, mentions),
            Referent::Set(members) => {
                let ids: Vec<String> = members.iter().map(|&m| k.actors[m].id.clone()).collect();
                let names: Vec<&str> = members.iter().map(|&m| k.actors[m].name.as_str()).collect();
                needed.extend(ids.iter().cloned());
                Actor {
                    id: ids.join("+"),
                    name: names.join(", "),
                    kind: "group of people".into(),
                    role: None,
                    affiliation: None,
                    parent: None,
                    members: ids,
                    mentions,
                }
            }
            Referent::Localised(a, place) => {
                let def = &k.actors[*a];
                Actor {
                    id: format!("{}-{}", def.id, slug(place)),
                    name: format!("{} in {}", def.name, place),
                    kind: def.kind.to_string(),
                    role: None,
                    affiliation: None,
                    parent: Some(def.id.clone()),
                    members: Vec::new(),
                    mentions,
                }
            }
            Referent::Affiliated(a, owner) => {
                let (def, of) = (&k.actors[*a], &k.actors[*owner]);
                Actor {
                    id: referent_id(k, &r),
                    name: format!("{} ({})", def.name, of.name),
                    kind: def.kind.to_string(),
                    role: None,
                    affiliation: Some(of.id.clone()),
                    parent: Some(def.id.clone()),
                    members: Vec::new(),
                    mentions,
                }
            }
            Referent::Document(noun, authors) => {
                let ids: Vec<String> = authors.iter().map(|&a| k.actors[a].id.clone()).collect();
                needed.extend(ids.iter().cloned());
                Actor {
                    id: referent_id(k, &r),
                    name: noun.clone(),
                    kind: "document".into(),
                    role: None,
                    affiliation: None,
                    parent: None,
                    members: ids,
                    mentions,
                }
            }
            Referent::Unknown(name) => Actor {
                id: format!("unknown:{}", slug(name)),
                name: name.clone(),
                kind: "unknown".into(),
                role: None,
                affiliation: None,
                parent: None,
                members: Vec::new(),
                mentions,
            },
        };
        if let Some(p) = &actor.parent {
            needed.push(p.clone());
        }
        if let Some(p) = &actor.affiliation {
            needed.push(p.clone());
        }
        match out.iter_mut().find(|x| x.id == actor.id) {
            Some(existing) => existing.mentions.extend(actor.mentions),
            None => out.push(actor),
        }
    }
    // every id used inside an object is defined in the list (DESIGN.md)
    let mut i = 0;
    while i < needed.len() {
        let id = needed[i].clone();
        i += 1;
        if out.iter().any(|a| a.id == id) {
            continue;
        }
        if let Some(a) = k.actor_index(&id) {
            let def = known(k, a, published, Vec::new());
            needed.extend(def.parent.iter().cloned());
            needed.extend(def.affiliation.iter().cloned());
            out.push(def);
        }
    }
    for a in &mut out {
        a.mentions.sort_by_key(|m| m.start);
    }
    out
}

fn known(k: &Knowledge, a: usize, published: Option<NaiveDate>, mentions: Vec<Mention>) -> Actor {
    let def = &k.actors[a];
    let office = k
        .office_on(def, published)
        .filter(|o| !o.role.starts_with("CAMEO "));
    Actor {
        id: def.id.clone(),
        name: def.name.clone(),
        kind: def.kind.to_string(),
        role: office.map(|o| k.describe_office(o)),
        affiliation: office
            .map(|o| o.of.clone())
            .or_else(|| def.affiliation.clone())
            .filter(|x| k.actor(x).is_some()),
        parent: def.parent.clone(),
        members: Vec::new(),
        mentions,
    }
}

fn precision(kind: PlaceKind) -> PlacePrecision {
    match kind {
        PlaceKind::City => PlacePrecision::Exact,
        PlaceKind::Admin1 => PlacePrecision::Region,
        PlaceKind::Country => PlacePrecision::Country,
        PlaceKind::Continent => PlacePrecision::Continent,
    }
}

fn assemble_places(
    t: &Text,
    k: &Knowledge,
    sentences: &[Sentence],
    found: &[places::PlaceMention],
    unknown: &[(usize, usize)],
    dateline: Option<(usize, usize)>,
) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    let mut index: HashMap<truce_knowledge::PlaceIdx, usize> = HashMap::default();
    for p in found {
        let info = k.gazetteer.info(p.place);
        let in_dateline = dateline.is_some_and(|(s, e)| s <= p.start && p.end <= e);
        let m = mention(t, p.start, p.end);
        let slot = *index.entry(p.place).or_insert_with(|| {
            out.push(Place {
                id: info.id(),
                name: info.name.to_string(),
                country: Some(info.country.to_string()),
                lat: Some(round(info.lat)),
                lon: Some(round(info.lon)),
                precision: precision(info.kind),
                kind: info.kind.as_str().to_string(),
                roles: Vec::new(),
                mentions: Vec::new(),
            });
            out.len() - 1
        });
        let place = &mut out[slot];
        let role = if in_dateline { "dateline" } else { "mentioned" };
        if !place.roles.iter().any(|r| r == role) {
            place.roles.push(role.to_string());
        }
        place.mentions.push(m);
    }
    // an unknown place sits in a region or country the report names: one it locates
    // things in ("in Idlib province") before one that acts ("Turkey blamed"), in the
    // same sentence before elsewhere, the finest, then the nearest before it
    for &(s, e) in unknown {
        let sentence = sentences.iter().find(|x| x.start <= s && s < x.end);
        let near = found
            .iter()
            .filter(|p| {
                matches!(
                    k.gazetteer.brief(p.place).0,
                    PlaceKind::Admin1 | PlaceKind::Country
                )
            })
            .min_by_key(|p| {
                let same_sentence = sentence.is_some_and(|x| x.start <= p.start && p.start < x.end);
                let distance = if p.end <= s {
                    s - p.end
                } else {
                    usize::MAX / 2 + p.start
                };
                (
                    !p.locative,
                    !same_sentence,
                    precision(k.gazetteer.brief(p.place).0),
                    distance,
                )
            })
            .map(|p| k.gazetteer.info(p.place));
        let name = t.text[s..e].to_string();
        let id = format!("unknown:{}", slug(&name));
        // the same unknown name twice is one place of the report
        if let Some(existing) = out.iter_mut().find(|p| p.id == id) {
            existing.mentions.push(mention(t, s, e));
            continue;
        }
        out.push(Place {
            id,
            name,
            country: near.as_ref().map(|i| i.country.to_string()),
            lat: near.as_ref().map(|i| round(i.lat)),
            lon: near.as_ref().map(|i| round(i.lon)),
            precision: near
                .as_ref()
                .map(|i| precision(i.kind))
                .unwrap_or(PlacePrecision::Continent),
            kind: "unknown".into(),
            roles: vec!["mentioned".into()],
            mentions: vec![mention(t, s, e)],
        });
    }
    out
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
