//! Agreements a report describes: a document of two or more parties (a joint statement,
//! a memorandum), what it commits them to (provisions, each a span of the report with a
//! topic), when and where it was adopted, and the instruments it refers to. Proposed for
//! an analyst to accept, edit or reject; nothing here is final.
//!
//! Provisions are what the document says (quotations whose speaker is the document, or
//! the parties together) and what the parties do together in the report (asserted
//! spoken acts whose actors include every party). A span inside a longer one is the same
//! provision.

use chrono::NaiveDate;
use truce_knowledge::Knowledge;
use truce_model::{
    Agreement, DateSource, EventType, Mention, Mentions, Modality, Provision, QuoteKind,
};

use crate::quotes::DocumentMention;
use crate::Text;

/// Proposes the agreements of one report from its analysed mentions.
pub fn find(
    t: &Text,
    k: &Knowledge,
    documents: &[DocumentMention],
    m: &Mentions,
    published: Option<NaiveDate>,
) -> Vec<Agreement> {
    let mut out = Vec::new();
    for (n, (authors, docs)) in agreement_groups(k, documents).into_iter().enumerate() {
        // the parties in the order the report first names them
        let mut parties: Vec<String> = Vec::new();
        for d in &docs {
            for &a in &d.authors {
                let id = k.actors[a].id.clone();
                if !parties.contains(&id) {
                    parties.push(id);
                }
            }
        }
        debug_assert_eq!(parties.len(), authors.len());
        let covers = |ids: &[String]| {
            let expanded = with_states(k, ids, published);
            parties.iter().all(|p| expanded.contains(p))
        };
        let spans = provision_spans(t, k, m, &docs, &covers);
        let provisions: Vec<Provision> = spans
            .iter()
            .map(|&(s, e)| Provision {
                topic: topic(k, &t.text[s..e]),
                text: t.text[s..e].to_string(),
                start: s,
                end: e,
            })
            .collect();
        if provisions.is_empty() {
            continue;
        }
        let (date, place) = adoption(m, &covers, published);
        let kind = document_kind(k, &docs);
        let names: Vec<&str> = parties
            .iter()
            .map(|p| k.actor(p).map(|a| a.name.as_str()).unwrap_or(p))
            .collect();
        let place_name = place
            .as_ref()
            .and_then(|id| m.places.iter().find(|p| &p.id == id))
            .map(|p| p.name.clone());
        let mut name = format!("{} of {}", capitalise(&kind), join_names(&names));
        if let Some(p) = &place_name {
            name.push_str(&format!(", {p}"));
        }
        let references = references(t, k, &spans);
        out.push(Agreement {
            id: format!("a{}", n + 1),
            name,
            kind,
            date,
            place,
            parties,
            provisions,
            references,
            mentions: docs
                .iter()
                .map(|d| Mention {
                    text: t.text[d.start..d.end].to_string(),
                    start: d.start,
                    end: d.end,
                })
                .collect(),
            status: "proposed".into(),
        });
    }
    out
}

/// The documents a report names that are agreements, grouped by their authors: documents
/// of the same parties are one agreement ("the final communique" and "the joint
/// statement" of one summit).
fn agreement_groups<'d>(
    k: &Knowledge,
    documents: &'d [DocumentMention],
) -> Vec<(Vec<usize>, Vec<&'d DocumentMention>)> {
    let patterns = &k.agreements;
    let mut groups: Vec<(Vec<usize>, Vec<&DocumentMention>)> = Vec::new();
    for d in documents {
        let is_agreement = patterns
            .documents
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&d.noun));
        if !is_agreement || d.authors.len() < patterns.min_parties {
            continue;
        }
        let mut authors = d.authors.clone();
        authors.sort_unstable();
        authors.dedup();
        match groups.iter_mut().find(|(a, _)| *a == authors) {
            Some((_, list)) => list.push(d),
            None => groups.push((authors, vec![d])),
        }
    }
    groups
}

/// The spans of an agreement's provisions: what the document or the parties together
/// say, the terms a sentence opening with the document states, then what the parties
/// do together; sorted, none inside another.
fn provision_spans(
    t: &Text,
    k: &Knowledge,
    m: &Mentions,
    docs: &[&DocumentMention],
    covers: &dyn Fn(&[String]) -> bool,
) -> Vec<(usize, usize)> {
    let patterns = &k.agreements;
    let doc_ids: Vec<String> = docs
        .iter()
        .map(|d| {
            crate::referent_id(
                k,
                &crate::actors::Referent::Document(d.noun.clone(), d.authors.clone()),
            )
        })
        .collect();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut quoted: Vec<(usize, usize)> = m
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Partial)
        .filter(|q| {
            let sp = &q.speaker;
            sp.actor.as_ref().is_some_and(|a| doc_ids.contains(a))
                || (!sp.actors.is_empty() && covers(&sp.actors))
        })
        .map(|q| (q.start, q.end))
        .collect();
    quoted.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
    for span in quoted {
        if !spans.iter().any(|&(s, e)| s <= span.0 && span.1 <= e) {
            spans.push(span);
        }
    }
    // "Under the memorandum, heavy weapons are to be withdrawn ...": the rest of a
    // sentence that opens by naming the document states one of its terms
    for d in docs {
        if let Some(span) = terms_after(t.text, d.start, d.end, &patterns.terms) {
            if !spans.iter().any(|&(s, x)| s < span.1 && span.0 < x) {
                spans.push(span);
            }
        }
    }
    for e in &m.events {
        if e.modality != Modality::Asserted
            || !patterns.provision_types.contains(&e.kind)
            || !covers(&e.actors)
        {
            continue;
        }
        for ev in &e.evidence {
            if !spans.iter().any(|&(s, x)| s < ev.end && ev.start < x) {
                spans.push((ev.start, ev.end));
            }
        }
    }
    spans.sort_unstable();
    spans
}

/// When and where an agreement was adopted: when and where the parties met, else when
/// the report says they acted (the date), else the publication day and the dateline.
fn adoption(
    m: &Mentions,
    covers: &dyn Fn(&[String]) -> bool,
    published: Option<NaiveDate>,
) -> (Option<String>, Option<String>) {
    let meeting = m
        .events
        .iter()
        .filter(|e| e.modality == Modality::Asserted && covers(&e.actors))
        .filter(|e| {
            e.date
                .as_ref()
                .is_some_and(|d| d.from != DateSource::Publication)
        })
        .min_by_key(|e| (e.kind != EventType::Consult, e.evidence[0].start));
    let date = meeting
        .and_then(|e| e.date.as_ref())
        .and_then(|d| d.value.clone())
        .or_else(|| published.map(|p| p.format("%Y-%m-%d").to_string()));
    let place = meeting.and_then(|e| e.place.clone()).or_else(|| {
        m.places
            .iter()
            .find(|p| p.roles.iter().any(|r| r == "dateline"))
            .map(|p| p.id.clone())
    });
    (date, place)
}

/// The kind of an agreement: the document the report names most; on a tie a joint
/// document ("joint statement") over a plain one.
fn document_kind(k: &Knowledge, docs: &[&DocumentMention]) -> String {
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for d in docs {
        match kinds.iter_mut().find(|(noun, _)| *noun == d.noun) {
            Some((_, c)) => *c += 1,
            None => kinds.push((d.noun.as_str(), 1)),
        }
    }
    kinds
        .iter()
        .max_by_key(|(noun, c)| {
            let joint = k
                .speech
                .joint
                .iter()
                .any(|j| noun.split(' ').next() == Some(j.as_str()));
            (*c, joint)
        })
        .map(|(noun, _)| noun.to_string())
        .unwrap_or_default()
}

/// The rest of the sentence after a document named at its opening by one of `terms`
/// ("Under the memorandum, ..."), as a span; `None` when the sentence opens otherwise.
fn terms_after(text: &str, start: usize, end: usize, terms: &[String]) -> Option<(usize, usize)> {
    let before = text[..start].trim_end();
    let lower = before.to_lowercase();
    let term = terms.iter().find(|w| {
        let w = w.to_lowercase();
        lower.ends_with(&w)
            && lower[..lower.len() - w.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })?;
    // what stands before the term: nothing, a sentence's end, a paragraph, a dateline
    let head = before[..before.len() - term.len()].trim_end();
    let opens = head.is_empty()
        || head.ends_with(['.', '!', '?', '\n', '"', '\u{201D}'])
        || head.ends_with("--")
        || text[head.len()..start].contains('\n');
    if !opens {
        return None;
    }
    let rest = &text[end..];
    let skip = rest.len() - rest.trim_start_matches([',', ':', ' ']).len();
    let from = end + skip;
    let tail = &text[from..];
    let stop = tail
        .find(". ")
        .into_iter()
        .chain(tail.find(".\n"))
        .chain(tail.find('\n'))
        .min()
        .unwrap_or_else(|| tail.trim_end().trim_end_matches('.').len());
    let body = tail[..stop].trim_end().trim_end_matches('.');
    (body.split_whitespace().count() >= 3).then_some((from, from + body.len()))
}

/// Ids plus the states their office holders serve on the date ("putin" → "RUS").
fn with_states(k: &Knowledge, ids: &[String], date: Option<NaiveDate>) -> Vec<String> {
    let mut out: Vec<String> = ids.to_vec();
    for id in ids {
        if let Some(o) = k.actor(id).and_then(|a| k.office_on(a, date)) {
            if !out.contains(&o.of) {
                out.push(o.of.clone());
            }
        }
    }
    out
}

/// The topic whose words the text shows most; the first listed on a tie.
fn topic(k: &Knowledge, text: &str) -> String {
    let lower = text.to_lowercase();
    let has = |w: &str| {
        lower.match_indices(w).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    k.agreements
        .topics
        .iter()
        .map(|t| {
            (
                t.words.iter().filter(|w| has(&w.to_lowercase())).count(),
                &t.name,
            )
        })
        .filter(|(n, _)| *n > 0)
        .fold(None::<(usize, &String)>, |best, (n, name)| match best {
            Some((b, _)) if b >= n => best,
            _ => Some((n, name)),
        })
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| "other".into())
}

/// Capitalised names in the provisions that contain an instrument word: "UN Security
/// Council Resolution 2254", "UN Charter", "Syrian National Dialogue Congress".
fn references(t: &Text, k: &Knowledge, spans: &[(usize, usize)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &(s, e) in spans {
        let first = t.token_starting_at_or_after(s).unwrap_or(t.tokens.len());
        let mut i = first;
        while i < t.tokens.len() && t.tokens[i].end <= e {
            let tok = t.tokens[i];
            if !(tok.capitalised && k.agreements.instruments.contains(t.lower(i))) {
                i += 1;
                continue;
            }
            // the capitalised words before it, and a number after it
            let mut a = i;
            while a > first
                && t.tokens[a - 1].capitalised
                && t.tokens[a - 1].end + 1 >= t.tokens[a].start
            {
                a -= 1;
            }
            let mut b = i + 1;
            while b < t.tokens.len()
                && t.tokens[b].end <= e
                && t.tokens[b].kind == crate::tokens::TokenKind::Number
            {
                b += 1;
            }
            if b - a >= 2 {
                let name = t.text[t.tokens[a].start..t.tokens[b - 1].end].to_string();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            i = b;
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
