//! Actor mentions: names, demonyms and capitals from knowledge, office phrases ("the
//! Russian president"), pronouns and sets ("the leaders") resolved within the document.

use chrono::NaiveDate;
use truce_knowledge::{AliasKind, CaseRule, Hit, Knowledge};
use truce_model::ActorCategory;

use crate::sentences::Sentence;
use crate::tokens::{Token, TokenKind};
use crate::Text;

/// Who a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Referent {
    /// An actor of knowledge, by index.
    Known(usize),
    /// Several people named before ("the leaders").
    Set(Vec<usize>),
    /// A collective narrowed to a place: actor index and place name.
    Localised(usize, String),
    /// A collective of one state's or international organisation's people or forces
    /// ("Georgian demonstrators", "UN peacekeepers"): the collective's index and the
    /// owner's. They are not the owner: it is not named among an event's actors for them.
    Affiliated(usize, usize),
    /// A capitalised name knowledge does not know.
    Unknown(String),
    /// A document that speaks ("the joint statement"), with its authors.
    Document(String, Vec<usize>),
}

/// One actor mention before the document's actors are assembled.
#[derive(Debug, Clone)]
pub struct ActorMention {
    pub start: usize,
    pub end: usize,
    pub referent: Referent,
    pub how: How,
}

/// How an actor was named; places and events read this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Name,
    Demonym,
    Capital,
    Office,
    Pronoun,
    Set,
    Unknown,
}

/// Finds names, demonyms and capitals standing for their states.
pub fn names(
    t: &Text,
    k: &Knowledge,
    hits: &[Hit],
    published: Option<NaiveDate>,
) -> Vec<ActorMention> {
    let folded = &t.folded.text;
    let mut found: Vec<(usize, usize, usize, How)> = Vec::new();
    for hit in hits {
        let (fs, fe, aliases) = (hit.start, hit.end, k.hit_aliases(hit));
        if aliases.is_empty() {
            continue;
        }
        if !boundary_before(folded, fs) || !boundary_after(folded, fe) {
            continue;
        }
        let (s, e) = t.folded.original(fs, fe);
        let written = &t.text[s..e];
        let mut best: Option<(usize, How, i32)> = None;
        for a in aliases {
            if !case_agrees(a.case, &a.written, written) {
                continue;
            }
            let how = match a.kind {
                AliasKind::Name => How::Name,
                AliasKind::Demonym => How::Demonym,
                AliasKind::Capital => {
                    if !stands_for_state(t, k, s, e) {
                        continue;
                    }
                    How::Capital
                }
            };
            let def = &k.actors[a.actor];
            // a person in office on the report's date beats a namesake
            let rank = if def.roles.iter().any(|o| o.held_on(published)) {
                2
            } else if def.roles.is_empty() {
                1
            } else {
                0
            };
            if best.is_none_or(|(_, _, r)| rank > r) {
                best = Some((a.actor, how, rank));
            }
        }
        if let Some((actor, how, _)) = best {
            found.push((s, e, actor, how));
        }
    }
    // longest first among overlapping matches
    found.sort_by(|a, b| a.0.cmp(&b.0).then((b.1 - b.0).cmp(&(a.1 - a.0))));
    let mut out: Vec<ActorMention> = Vec::new();
    for (s, e, actor, how) in found {
        if out.last().is_some_and(|m| s < m.end) {
            continue;
        }
        out.push(ActorMention {
            start: s,
            end: e,
            referent: Referent::Known(actor),
            how,
        });
    }
    // "the Britain-based monitor": a name inside an adjective of origin names no actor
    out.retain(|m| !origin_suffix_at(k, &t.text[m.end..]));
    out
}

/// Whether `text` opens with an ending of an adjective of origin ("-based").
fn origin_suffix_at(k: &Knowledge, text: &str) -> bool {
    k.text.origin_suffixes.iter().any(|suffix| {
        text.get(..suffix.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
    })
}

fn boundary_before(folded: &str, at: usize) -> bool {
    folded[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn boundary_after(folded: &str, at: usize) -> bool {
    folded[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn case_agrees(rule: CaseRule, alias: &str, text: &str) -> bool {
    match rule {
        CaseRule::Any => true,
        CaseRule::Exact => {
            let a = alias.chars().filter(|c| c.is_alphabetic());
            let b = text.chars().filter(|c| c.is_alphabetic());
            a.eq(b)
        }
        CaseRule::Capitals => {
            let aw: Vec<&str> = alias.split_whitespace().collect();
            let tw: Vec<&str> = text.split_whitespace().collect();
            let initial_upper = |w: &str| {
                w.chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(|c| !c.is_lowercase())
            };
            if aw.len() == tw.len() {
                aw.iter()
                    .zip(&tw)
                    .all(|(a, t)| !initial_upper(a) || initial_upper(t))
            } else {
                initial_upper(text)
            }
        }
    }
}

/// "Ankara said", "Moscow and Tehran agreed": a capital followed by a verb of saying or
/// doing, or by a possessive, and not after a preposition of place.
fn stands_for_state(t: &Text, k: &Knowledge, start: usize, end: usize) -> bool {
    let i = t.token_at(start);
    if let Some(i) = i {
        if i > 0 {
            let prev = t.lower(i - 1);
            if k.places.locative.contains(prev) || prev == k.text.grammar.genitive {
                return false;
            }
        }
    }
    let Some(mut j) = t.token_starting_at_or_after(end) else {
        return false;
    };
    if t.lower(j) == "'" && t.lower(j + 1) == "s" {
        return true;
    }
    // "Beirut again rejected", "Ankara swiftly denied"
    let adverb = |j: usize| {
        let w = t.lower(j);
        let lower_word = t
            .tokens
            .get(j)
            .is_some_and(|x| x.kind == TokenKind::Word && !x.capitalised);
        lower_word
            && (k.places.metonym_adverbs.contains(w)
                || (w.len() > 4 && k.text.grammar.is_adverb(w)))
    };
    while adverb(j) {
        j += 1;
    }
    if k.places.metonym_cues.contains(t.lower(j)) {
        return true;
    }
    // "Washington along with its allies demanded": partners, then the cue within four words
    let companion = k.places.metonym_companions.iter().find_map(|c| {
        let words: Vec<&str> = c.split(' ').collect();
        (words.iter().enumerate().all(|(n, w)| t.lower(j + n) == *w)).then_some(words.len())
    });
    let Some(n) = companion else {
        return false;
    };
    (j + n + 1..=j + n + 4)
        .take_while(|&x| {
            t.tokens
                .get(x - 1)
                .is_some_and(|x| x.kind != TokenKind::Newline)
        })
        // "and" is a cue after a capital ("Moscow and Tehran agreed") but after partners
        // it only continues their list ("along with Britain and France")
        .any(|x| {
            k.places.metonym_cues.contains(t.lower(x)) && t.lower(x) != k.text.grammar.conjunction
        })
}

/// Office phrases: "Russian President Vladimir Putin" (one mention of Putin), "the
/// Russian president", "Iran's foreign minister", "the UN envoy for Syria".
pub fn offices(
    t: &Text,
    k: &Knowledge,
    hits: &[Hit],
    published: Option<NaiveDate>,
    names: &mut Vec<ActorMention>,
) {
    let folded = &t.folded.text;
    let mut added: Vec<ActorMention> = Vec::new();
    let mut titles: Vec<(usize, usize, &[usize])> = hits
        .iter()
        .map(|h| (h.start, h.end, k.hit_roles(h)))
        .filter(|(_, _, roles)| !roles.is_empty())
        .filter(|(fs, fe, _)| boundary_before(folded, *fs) && boundary_after(folded, *fe))
        .collect();
    // "foreign minister" wins over "minister"... and "prime minister" over "minister"
    titles.sort_by(|a, b| a.0.cmp(&b.0).then((b.1 - b.0).cmp(&(a.1 - a.0))));
    // the actors the report names, for an office several hold at once ("the UN envoy":
    // one for Syria, one for Libya): the one for a country the report names is meant
    let named_ids: std::collections::HashSet<usize> = names
        .iter()
        .filter_map(|m| match m.referent {
            Referent::Known(a) => Some(a),
            _ => None,
        })
        .collect();
    let mut at = NameIndex::new(names);
    let mut last_end = 0;
    for (fs, fe, roles) in titles {
        if fs < last_end {
            continue;
        }
        last_end = fe;
        let (ts, te) = t.folded.original(fs, fe);
        // whose office: the actor named just before ("Russian", "Iran's", "UN") or after
        // ("of Russia"); only a name ending a few bytes before the title can be it
        let before = at
            .ending_within(ts.saturating_sub(OWNER_GAP)..=ts)
            .filter(|&i| gap_is(t, names[i].end, ts, &["", "'s", "\u{2019}s"]))
            .max();
        let after_of = t
            .token_starting_at_or_after(te)
            .filter(|&j| t.lower(j) == k.text.grammar.genitive)
            .and_then(|j| at.first_starting(t.tokens.get(j + 1)?.start));
        let owner = before.or(after_of);
        let for_ = t
            .token_starting_at_or_after(if let Some(a) = after_of {
                names[a].end
            } else {
                te
            })
            .filter(|&j| k.text.grammar.office_scope.iter().any(|w| w == t.lower(j)))
            .and_then(|j| at.first_starting(t.tokens.get(j + 1)?.start));
        let owner_id = owner.and_then(|o| match &names[o].referent {
            Referent::Known(a) if names[o].how != How::Pronoun => Some(k.actors[*a].id.clone()),
            _ => None,
        });
        // the person named right after the title: "President Vladimir Putin"
        let named = at
            .starting_within(te + 1..=te + 2)
            .filter(|&i| {
                let m = &names[i];
                gap_is(t, te, m.start, &[""])
                    && matches!(m.referent, Referent::Known(a) if k.actors[a].kind.is_one(ActorCategory::Person))
            })
            .min();
        let mut start = owner
            .filter(|&o| before == Some(o))
            .map(|o| names[o].start)
            .unwrap_or(ts);
        if let Some(i) = t.token_at(start) {
            if i > 0
                && t.lower(i - 1) == k.text.grammar.definite_article
                && t.tokens[i - 1].end + 1 >= start
            {
                start = t.tokens[i - 1].start;
            }
        }
        if let Some(n) = named {
            // the title and its owner belong to the person's mention
            if owner_id.is_some()
                || t.text[ts..te]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                at.move_start(n, names[n].start, start);
                names[n].start = start;
                names[n].how = How::Office;
            }
            continue;
        }
        // "a commander of X": one of those who hold such a title, not the office holder
        let indefinite = t.token_at(ts).is_some_and(|i| {
            i > 0
                && (k.text.grammar.indefinite_articles)
                    .iter()
                    .any(|a| a == t.lower(i - 1))
        });
        if indefinite {
            continue;
        }
        let Some(of) = owner_id else { continue };
        let for_id = for_.and_then(|f| match &names[f].referent {
            Referent::Known(a) => Some(k.actors[*a].id.as_str()),
            _ => None,
        });
        let mut end = te;
        if let Some(a) = after_of {
            end = names[a].end;
        }
        if let Some(f) = for_ {
            end = end.max(names[f].end);
        }
        let holders: Vec<usize> = roles
            .iter()
            .flat_map(|&r| k.holder(&k.roles[r].id, &of, for_id, published))
            .collect();
        if let Some(one) = one_holder(k, holders, &of, published, &named_ids) {
            added.push(ActorMention {
                start,
                end,
                referent: Referent::Known(one),
                how: How::Office,
            });
        }
    }
    names.extend(added);
    names.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
}

/// The one person an office names: its only holder on the day, or, of several who held
/// it at once for different countries, the one for a country the report names
/// (`named`: the actors it names).
fn one_holder(
    k: &Knowledge,
    mut holders: Vec<usize>,
    of: &str,
    published: Option<NaiveDate>,
    named: &std::collections::HashSet<usize>,
) -> Option<usize> {
    holders.sort_unstable();
    holders.dedup();
    if holders.len() > 1 {
        holders.retain(|&i| {
            k.actors[i].roles.iter().any(|o| {
                o.of == of
                    && o.held_on(published)
                    && o.for_
                        .as_deref()
                        .and_then(|f| k.actor_index(f))
                        .is_some_and(|x| named.contains(&x))
            })
        });
    }
    match holders.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Whether sentence `s` is a title line written in title case: most of its words of
/// more than three letters capitalised ("Warring Parties Agree On Truce In Pretoria").
fn title_cased(t: &Text, s: &Sentence) -> bool {
    if !crate::sentences::is_title_line(t.text, s) {
        return false;
    }
    let long = (s.first_token..s.end_token)
        .filter(|&x| t.tokens[x].kind == TokenKind::Word && t.lower(x).chars().count() > 3);
    let (capitalised, all) = long.fold((0, 0), |(c, a), x| {
        (c + usize::from(t.tokens[x].capitalised), a + 1)
    });
    all >= 3 && capitalised * 4 >= all * 3
}

/// How far before a title its owner may end: two spaces and "’s" (three bytes).
const OWNER_GAP: usize = 5;

/// The names by where they start and end, for the office reader's lookups next to a
/// title; a scan of every name for each title made a report of many offices quadratic.
/// Starts move as titles join the names after them ([`NameIndex::move_start`]).
struct NameIndex {
    by_start: std::collections::BTreeMap<usize, std::collections::BTreeSet<usize>>,
    by_end: std::collections::BTreeMap<usize, Vec<usize>>,
}

impl NameIndex {
    fn new(names: &[ActorMention]) -> Self {
        let mut index = NameIndex {
            by_start: Default::default(),
            by_end: Default::default(),
        };
        for (i, m) in names.iter().enumerate() {
            index.by_start.entry(m.start).or_default().insert(i);
            index.by_end.entry(m.end).or_default().push(i);
        }
        index
    }

    /// The first name (in the list's order) that starts at `at`.
    fn first_starting(&self, at: usize) -> Option<usize> {
        self.by_start.get(&at).and_then(|s| s.first().copied())
    }

    fn starting_within(
        &self,
        range: std::ops::RangeInclusive<usize>,
    ) -> impl Iterator<Item = usize> + '_ {
        self.by_start
            .range(range)
            .flat_map(|(_, s)| s.iter().copied())
    }

    fn ending_within(
        &self,
        range: std::ops::RangeInclusive<usize>,
    ) -> impl Iterator<Item = usize> + '_ {
        self.by_end
            .range(range)
            .flat_map(|(_, v)| v.iter().copied())
    }

    fn move_start(&mut self, name: usize, from: usize, to: usize) {
        if let Some(s) = self.by_start.get_mut(&from) {
            s.remove(&name);
            if s.is_empty() {
                self.by_start.remove(&from);
            }
        }
        self.by_start.entry(to).or_default().insert(name);
    }
}

/// Whether the text between `a` and `b` is only spaces plus one of `joins`.
fn gap_is(t: &Text, a: usize, b: usize, joins: &[&str]) -> bool {
    if a > b {
        return false;
    }
    let gap = &t.text[a..b];
    let trimmed = gap.trim();
    joins.contains(&trimmed) && gap.len() - trimmed.len() <= 2 && !gap.contains('\n')
}

/// A renamed group named by its old name in a report published after the renaming
/// ("Jabhat al-Nusra" in 2020) is its successor: one party with the reports that use the
/// new name, in merging and in linking.
pub fn renamed(k: &Knowledge, published: Option<NaiveDate>, names: &mut [ActorMention]) {
    let Some(day) = published else {
        return;
    };
    for m in names {
        if let Referent::Known(a) = &mut m.referent {
            *a = k.current_name(*a, day);
        }
    }
}

/// "he" and "she" refer to a person named in this or the two sentences before: the first
/// person of the latest sentence that names one.
pub fn pronouns(t: &Text, k: &Knowledge, sentences: &[Sentence], names: &mut Vec<ActorMention>) {
    let mut added = Vec::new();
    let longest = k
        .text
        .person_pronouns
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0);
    for (i, tok) in t.tokens.iter().enumerate() {
        if tok.kind != TokenKind::Word
            || tok.end - tok.start > longest
            || !k.text.person_pronouns.contains(t.lower(i))
        {
            continue;
        }
        // sentences and names are in text order (`offices` sorted the names): both are
        // found by halving, so a report of many pronouns costs no scan per pronoun
        let at = sentences.partition_point(|s| s.end <= tok.start);
        let here = if sentences.get(at).is_some_and(|s| s.start <= tok.start) {
            at
        } else {
            0
        };
        let window_start = sentences[here.saturating_sub(2)].start;
        let from = names.partition_point(|m| m.start < window_start);
        let to = names.partition_point(|m| m.start < tok.start);
        let persons: Vec<&ActorMention> = names[from..to.max(from)]
            .iter()
            .filter(|m| m.end <= tok.start)
            .filter(|m| matches!(m.referent, Referent::Known(a) if k.actors[a].kind.is_one(ActorCategory::Person)))
            .collect();
        // of the latest sentence that names a person, its first person: a sentence names
        // its subject first, and "he" goes on telling of the one the sentence before was
        // about, not of a person named in passing at its end ("Erdogan said Turkey would
        // answer any attack by Assad's army. He also promised ...")
        let sentence_of = |at: usize| sentences.partition_point(|s| s.end <= at);
        let latest = persons.iter().map(|m| sentence_of(m.start)).max();
        let subject = persons
            .iter()
            .filter(|m| Some(sentence_of(m.start)) == latest)
            .min_by_key(|m| m.start);
        if let Some(m) = subject {
            added.push(ActorMention {
                start: tok.start,
                end: tok.end,
                referent: m.referent.clone(),
                how: How::Pronoun,
            });
        }
    }
    names.extend(added);
    names.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
}

/// "the leaders", "the three presidents": the people named before, as one set.
pub fn sets(t: &Text, k: &Knowledge, names: &mut Vec<ActorMention>) {
    let mut added = Vec::new();
    for i in 0..t.tokens.len() {
        if !t.lex(i).determines_set() {
            continue;
        }
        let mut j = i + 1;
        if t.tokens.get(j).is_some_and(|x| x.kind == TokenKind::Number)
            || k.dates.numbers.contains_key(t.lower(j))
        {
            j += 1;
        }
        let noun = (k.text.set_noun_index.starting(t.lower(j)).iter())
            .find_map(|p| t.phrase_at(j, &p.words));
        let Some(noun_end) = noun else {
            continue;
        };
        let end = t.tokens[noun_end - 1].end;
        let start = t.tokens[i].start;
        let mut members: Vec<usize> = names
            .iter()
            .filter(|m| m.end <= start)
            .filter_map(|m| match m.referent {
                Referent::Known(a) if k.actors[a].kind.is_one(ActorCategory::Person) => Some(a),
                _ => None,
            })
            .collect();
        members.sort();
        members.dedup();
        if members.len() >= 2 {
            added.push(ActorMention {
                start,
                end,
                referent: Referent::Set(members),
                how: How::Set,
            });
        }
    }
    names.extend(added);
    names.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
}

/// Capitalised names nobody knows: reported as `unknown` actors so nothing important is
/// silently dropped. Runs of capitalised words not covered by another mention, without
/// the function words that start sentences.
pub fn unknown_names(
    t: &Text,
    k: &Knowledge,
    covered: &[(usize, usize)],
    demonyms: &[(usize, usize)],
    sentences: &[Sentence],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let demonym_tokens = t.covered(demonyms.iter().copied());
    let covered_tokens = t.covered(covered.iter().copied());
    let is_covered = |tok: &Token| {
        let i = t.tokens.partition_point(|x| x.start < tok.start);
        covered_tokens.get(i).copied().unwrap_or(false)
    };
    // words the report writes in lower case somewhere: in a headline in title case
    // ("Turkish Soldiers Injured As Syria Responds"), such a word is capitalised by the
    // style, not because it names anyone
    // (gathered only for a report that has such a headline: most have none)
    let written_lower: rustc_hash::FxHashSet<&str> = if sentences.iter().any(|s| title_cased(t, s))
    {
        (0..t.tokens.len())
            .filter(|&x| t.tokens[x].kind == TokenKind::Word && !t.tokens[x].capitalised)
            .map(|x| t.lower(x))
            .collect()
    } else {
        Default::default()
    };
    for s in sentences {
        let title_case = !written_lower.is_empty() && title_cased(t, s);
        // (and so is a word of the event patterns: "Responds" in a headline whose body
        // writes only "responded")
        let styled = |x: usize| {
            title_case
                && (written_lower.contains(t.lower(x))
                    || t.lex(x).event_word() != truce_knowledge::NO_WORD)
        };
        let mut i = s.first_token;
        while i < s.end_token {
            let tok = t.tokens[i];
            let name_like = tok.kind == TokenKind::Word
                && tok.capitalised
                && !t.not_name(i)
                && !is_covered(&tok)
                && !styled(i);
            if !name_like {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < s.end_token {
                let n = t.tokens[j];
                let next_capitalised = t.tokens.get(j + 1).is_some_and(|x| x.capitalised);
                let glue = n.kind == TokenKind::Word
                    && k.text.name_glue.contains(t.lower(j))
                    && next_capitalised;
                // a plural possessive inside a name: "Workers' Union", "Veterans' Council"
                let possessive = n.kind == TokenKind::Punct
                    && matches!(t.lower(j), "'" | "\u{2019}")
                    && n.start == t.tokens[j - 1].end
                    && t.lower(j - 1).ends_with('s')
                    && next_capitalised;
                if possessive {
                    j += 1;
                    continue;
                }
                // inside a name, words such as "Congress" or "Council" belong to it
                if (n.kind == TokenKind::Word && n.capitalised && !is_covered(&n) && !styled(j))
                    || glue
                {
                    j += 1;
                } else {
                    break;
                }
            }
            // a trailing function word is not part of the name
            while j > i + 1 && k.text.name_trailing.contains(t.lower(j - 1)) {
                j -= 1;
            }
            // "Syrian National Dialogue Congress": a demonym in front belongs to the name
            let mut first = i;
            if i > s.first_token
                && demonym_tokens[i - 1]
                && t.tokens[i - 1].capitalised
                && t.tokens[i].start - t.tokens[i - 1].end == 1
            {
                first = i - 1;
            }
            let all_caps = t.text[tok.start..t.tokens[j - 1].end]
                .chars()
                .all(|c| !c.is_lowercase());
            let first_word = (s.first_token..i).all(|x| t.tokens[x].kind == TokenKind::Punct);
            let sentence_initial = first_word && j == i + 1;
            // "Presidents Vladimir Putin and ...": a title before a known name is no name
            let lower = t.lower(i);
            let title = j == i + 1
                && t.tokens.get(j).is_some_and(&is_covered)
                && (k.text.person_titles.contains(lower)
                    || lower
                        .strip_suffix('s')
                        .is_some_and(|one| k.text.person_titles.contains(one)));
            // "the Britain-based monitor": an adjective of origin names no one
            let origin = j == i + 1
                && lower
                    .rfind('-')
                    .is_some_and(|hyphen| origin_suffix_at(k, &lower[hyphen..]));
            if !sentence_initial && !all_caps && !title && !origin {
                out.push((t.tokens[first].start, t.tokens[j - 1].end));
            }
            i = j;
        }
    }
    out
}
