//! Quotations and their speakers.
//!
//! Direct quotes come from pairing quotation marks: every straight mark is first judged
//! an opener or a closer from its neighbours, so an orphan closer is recognised (and
//! dropped, never carried into the next paragraph); a quote left open at a paragraph end
//! continues only when the next paragraph opens with a mark, else it ends there, flagged.
//! Apostrophes never open quotes. Speakers are found by shallow patterns over the actor
//! mentions: a speech verb after the quote (`," Putin said`), before it (`Putin said
//! "...`), a subject right before the quote (`The leaders "rejected`), else the speaker
//! of the sentences just before. Documents speak for their authors ("a joint statement").
//! Indirect speech is "X said (that) ...", "..., X said", "according to X, ...".

use truce_knowledge::fold::fold_str;
use truce_knowledge::Knowledge;
use truce_model::{ActorCategory, Mention, Quote, QuoteKind, Speaker};

use crate::actors::{ActorMention, How, Referent};
use crate::sentences::Sentence;
use crate::tokens::TokenKind;
use crate::Text;

/// The most words a speaker's description or a subject before a quotation runs to
/// ("Local officials", "the joint statement", "The three countries").
const SUBJECT_WORDS: usize = 4;

/// A document that speaks ("the joint statement"): its span and its authors.
#[derive(Debug, Clone)]
pub struct DocumentMention {
    pub start: usize,
    pub end: usize,
    /// The noun as knowledge lists it ("joint statement").
    pub noun: String,
    /// Actor indices of its authors.
    pub authors: Vec<usize>,
}

/// Who a subject is: an actor mention or a speaking document.
#[derive(Debug, Clone)]
enum Subject {
    Actor(usize),
    Document(usize),
    Group(Vec<usize>),
    /// Words that name a speaker knowledge does not know ("Local officials").
    Unresolved,
}

/// A quotation found by its marks: content span and mark positions.
struct Marked {
    start: usize,
    end: usize,
    open: usize,
    close: Option<usize>,
    flags: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Open,
    Close,
    Either,
}

fn mark_at(text: &str, at: usize, c: char) -> Option<Mark> {
    if !matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{AB}' | '\u{BB}') {
        return None;
    }
    let prev = text[..at].chars().next_back();
    let next = text[at + c.len_utf8()..].chars().next();
    match c {
        '\u{201C}' | '\u{AB}' => Some(Mark::Open),
        '\u{201D}' | '\u{BB}' => Some(Mark::Close),
        '"' => {
            let spaced_before =
                prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-/".contains(p));
            let spaced_after = next.is_none_or(|n| n.is_whitespace() || ",.;:!?)]}".contains(n));
            Some(match (spaced_before, spaced_after) {
                (true, false) => Mark::Open,
                (false, true) => Mark::Close,
                _ => Mark::Either,
            })
        }
        _ => None,
    }
}

/// Pairs quotation marks paragraph by paragraph.
fn marked(text: &str) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, Vec<String>)> = None; // content start, mark, flags
    let paragraphs: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, p| {
            let here = *at;
            *at += p.len();
            Some((here, p))
        })
        .collect();
    for (n, &(base, para)) in paragraphs.iter().enumerate() {
        let mut skip_first_opener = open.is_some();
        // every mark mark_at knows starts with one of these bytes: '"', or the lead byte
        // of U+201C/U+201D (0xE2) or of U+00AB/U+00BB (0xC2), so only they are decoded
        let candidates = memchr::memchr3_iter(b'"', 0xE2, 0xC2, para.as_bytes());
        for (i, c) in candidates.filter_map(|i| Some((i, para[i..].chars().next()?))) {
            let at = base + i;
            let Some(mark) = mark_at(text, at, c) else {
                continue;
            };
            let opens = match mark {
                Mark::Open => true,
                Mark::Close => false,
                Mark::Either => open.is_none(),
            };
            if skip_first_opener {
                skip_first_opener = false;
                if opens {
                    continue; // the mark that continues a quote from the paragraph before
                }
            }
            match (opens, open.take()) {
                (true, None) => open = Some((at + c.len_utf8(), at, Vec::new())),
                (true, Some(o)) => open = Some(o), // an opener inside an open quote: keep the first
                (false, Some((start, mark, flags))) => out.push(Marked {
                    start,
                    end: at,
                    open: mark,
                    close: Some(at),
                    flags,
                }),
                (false, None) => {
                    // an orphan closer: flagged on the quote it follows, never opened
                    if let Some(last) = out.last_mut().filter(|q: &&mut Marked| q.end >= base) {
                        last.flags
                            .push(format!("unpaired closing quotation mark at byte {at}"));
                    }
                }
            }
        }
        if let Some((start, mark, mut flags)) = open.take() {
            let next_opens = paragraphs.get(n + 1).is_some_and(|&(nb, np)| {
                np.char_indices()
                    .find(|(_, c)| !c.is_whitespace())
                    .is_some_and(|(i, c)| {
                        mark_at(text, nb + i, c).is_some_and(|m| m != Mark::Close)
                    })
            });
            if next_opens {
                open = Some((start, mark, flags));
            } else {
                flags.push("quotation not closed: ended at the paragraph end".into());
                let end = base + para.trim_end().len();
                out.push(Marked {
                    start,
                    end,
                    open: mark,
                    close: None,
                    flags,
                });
            }
        }
    }
    out
}

/// Finds quotations and their speakers. `documents` are the speaking documents found in
/// the text; `names` the actor mentions with their referents.
pub fn find(
    t: &Text,
    k: &Knowledge,
    sentences: &[Sentence],
    names: &[ActorMention],
    documents: &[DocumentMention],
    dateline: Option<(usize, usize)>,
) -> Vec<(Quote, Option<SpeakerRef>)> {
    let (cues, naming) = cue_spans(t, k);
    let reader = QuoteReader {
        t,
        k,
        sentences,
        names,
        documents,
        dateline,
        cues,
        naming,
        by_end: {
            let mut by_end: Vec<usize> = (0..names.len()).collect();
            by_end.sort_by_key(|&i| names[i].end);
            by_end
        },
    };
    let quotes = marked(t.text);
    // indirect speech first, so that a quote without its own cue can inherit its speaker
    let indirect = reader.indirect(&quotes);
    let mut out: Vec<(Quote, Option<SpeakerRef>)> = Vec::new();
    for q in quotes {
        if let Some(found) = reader.direct(q, &out, &indirect) {
            out.push(found);
        }
    }
    out.extend(indirect.into_iter().map(|(_, q, s)| (q, s)));
    // a title's source speaks for the title alone: no quote below inherits it
    out.extend(
        reader
            .title_attributions()
            .into_iter()
            .map(|(_, q, s)| (q, s)),
    );
    out.sort_by_key(|(q, _)| (q.start, q.end));
    reader.speaking_again(&mut out);
    out
}

/// A report's quotations read with what the earlier layers found in it.
struct QuoteReader<'a> {
    t: &'a Text<'a>,
    k: &'a Knowledge,
    sentences: &'a [Sentence],
    names: &'a [ActorMention],
    documents: &'a [DocumentMention],
    dateline: Option<(usize, usize)>,
    /// Byte spans of the speech cues ("said", "told reporters", "according to").
    cues: Vec<(usize, usize)>,
    /// Byte spans of the naming verbs ("called", "describing"), which attribute only the
    /// quoted words that follow them.
    naming: Vec<(usize, usize)>,
    /// The indices of `names` in the order of their ends.
    by_end: Vec<usize>,
}

/// What an indirect quotation's cue attributes: the content's span and the subject's.
struct Attribution {
    start: usize,
    end: usize,
    subject: Subject,
    subject_start: usize,
    subject_end: usize,
}

/// A sentence's opening participle of speech ([`QuoteReader::participle_opening`]): its cue
/// and what it attributes to whom.
struct ParticipleOpening {
    cue: (usize, usize),
    attribution: Attribution,
}

/// A quote with no speaker named yet.
fn unattributed(text: String, start: usize, end: usize, kind: QuoteKind) -> Quote {
    Quote {
        text,
        start,
        end,
        kind,
        cue: None,
        speaker: Speaker::default(),
        flags: Vec::new(),
    }
}

impl QuoteReader<'_> {
    /// The index of the sentence that holds byte `at`.
    fn sentence_of(&self, at: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= at)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// Indirect speech: each cue outside quotation marks with what it attributes, with the
    /// index of its sentence.
    fn indirect(&self, quotes: &[Marked]) -> Vec<(usize, Quote, Option<SpeakerRef>)> {
        let (t, text) = (self.t, self.t.text);
        let mut indirect = Vec::new();
        // the furthest end of the quotes up to each one (in the order they open), so the
        // quotes around a cue are found by one search, not a scan of them all
        let reach: Vec<usize> = quotes
            .iter()
            .scan(0, |furthest, q| {
                *furthest = q.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        for &(cs, ce) in &self.cues {
            // a verb inside quoted words is the speaker's, not an attribution
            let opened = quotes.partition_point(|q| q.start <= cs);
            if opened > 0 && reach[opened - 1] > cs {
                continue;
            }
            let si = self.sentence_of(cs);
            let s = self.sentences[si];
            let cue_lower = text[cs..ce].to_lowercase();
            // "quoted the ministry as saying": the cue after the one quoted attributes
            if self.k.speech.quoting.contains(&cue_lower) && self.quoting_ahead(s, ce) {
                continue;
            }
            let attribution = if self.k.speech.according_to.contains(&cue_lower) {
                self.according_to(s, cs, ce)
            } else {
                match self.participle_opening(s) {
                    Some(opening) if opening.cue == (cs, ce) => Some(opening.attribution),
                    opening => self.said(s, cs, ce, opening.is_some()),
                }
            };
            let Some(a) = attribution else {
                continue;
            };
            let mut speaker = speaker_of(t, self.names, &a.subject, a.subject_start, a.subject_end);
            speaker.sentence_hint = si;
            let end = a.end.max(a.start);
            let content = &text[a.start..end];
            if content.split_whitespace().nth(2).is_none() || content.starts_with(['"', '\u{201C}'])
            {
                continue;
            }
            let mut quote = unattributed(content.to_string(), a.start, end, QuoteKind::Indirect);
            quote.cue = Some(mention(text, cs, ce));
            // two cues of one attribution ("was quoted as saying") give the words once
            let told = indirect
                .last()
                .is_some_and(|(_, q, _): &(usize, Quote, _)| {
                    (q.start, q.end) == (quote.start, quote.end)
                });
            if !told {
                indirect.push((si, quote, Some(speaker)));
            }
        }
        indirect
    }

    /// "It stressed that ...": reported speech whose subject is a pronoun nobody resolved
    /// ("it", "they") goes on with the speaker of the quotation just before, within the
    /// two sentences before its own. "He" and "she" nobody resolved (their person is
    /// unknown to knowledge: "Williams added. She expressed hope the deal will hold") go on
    /// with the speaker just before when that speaker is a person, known or a name
    /// knowledge lacks, whether the quotation is direct or reported. A "he" or "she" that
    /// names a known person told of before the speaker just before goes on with that
    /// speaker: the nearer person who was speaking ("Erdogan met Putin. Omer Celik, the
    /// party's spokesman, said ... \"...,\" he added" is Celik's).
    fn speaking_again(&self, out: &mut [(Quote, Option<SpeakerRef>)]) {
        let pronouns = &self.k.text.speaker_pronouns;
        let persons = &self.k.text.person_pronouns;
        for i in 0..out.len() {
            let Some(pronoun) = out[i].1.as_ref().and_then(|sp| {
                let name = sp.name.to_lowercase();
                let unresolved = sp.referent.is_none() && sp.document.is_none();
                // (or "he"/"she" the actors' reading resolved to a known person)
                let resolved_person = matches!(sp.referent, Some(Referent::Known(_)));
                (unresolved || (persons.contains(&name) && resolved_person)).then_some(name)
            }) else {
                continue;
            };
            let person = persons.contains(&pronoun);
            if !(person || pronouns.contains(&pronoun)) {
                continue;
            }
            let si = self.sentence_of(out[i].0.start);
            // quotes are in text order: only those of the two sentences before are read,
            // so a report of a thousand "it said" costs no scan of all its quotes each
            let before = (out[..i].iter().rev())
                .take_while(|(q, _)| self.sentence_of(q.start) + 2 >= si)
                .find_map(|(_, sp)| {
                    sp.as_ref().filter(|sp| {
                        let fits = if person {
                            let own = out[i].1.as_ref();
                            self.a_person(sp)
                                && own.and_then(|o| o.referent.as_ref()) != sp.referent.as_ref()
                                && self.later_than_antecedent(sp, own)
                        } else {
                            sp.referent.is_some() || sp.document.is_some()
                        };
                        fits && sp.sentence_hint < si && si - sp.sentence_hint <= 2
                    })
                });
            if let Some(sp) = before.cloned() {
                let own = out[i].1.as_ref().map(|s| (s.start, s.end, s.sentence_hint));
                let mut sp = sp;
                if let Some((start, end, hint)) = own {
                    (sp.start, sp.end, sp.sentence_hint) = (start, end, hint);
                    sp.name = self.t.text[start..end].to_string();
                }
                out[i].1 = Some(sp);
            }
        }
    }

    /// Whether `candidate`, a speaker before a pronoun speaker `own`, was named after the
    /// last mention of the person the pronoun was resolved to (always, for a pronoun
    /// nobody resolved).
    fn later_than_antecedent(&self, candidate: &SpeakerRef, own: Option<&SpeakerRef>) -> bool {
        let Some(own) = own else {
            return true;
        };
        let Some(Referent::Known(a)) = &own.referent else {
            return true;
        };
        let before = self.names.partition_point(|m| m.start < own.start);
        let antecedent = self.names[..before]
            .iter()
            .rev()
            .find(|m| m.how != How::Pronoun && matches!(m.referent, Referent::Known(b) if b == *a));
        antecedent.is_none_or(|m| candidate.start > m.start)
    }

    /// Whether a speaker is a person: one knowledge knows as a person, or a name it does
    /// not know (a document, a state or an organisation is no "he" or "she").
    fn a_person(&self, sp: &SpeakerRef) -> bool {
        sp.document.is_none()
            && match &sp.referent {
                Some(Referent::Known(a)) => self.k.actors[*a].kind.is_one(ActorCategory::Person),
                Some(Referent::Unknown(_)) => true,
                _ => false,
            }
    }

    /// A title that names its source after a dash, as wire headlines do ("Turkish troops
    /// were among militants \u{2014} Russian ministry"): the claim, reported by the source.
    fn title_attributions(&self) -> Vec<(usize, Quote, Option<SpeakerRef>)> {
        let text = self.t.text;
        let mut out = Vec::new();
        for (si, s) in self.sentences.iter().enumerate() {
            if !crate::sentences::is_title_line(text, s) {
                continue;
            }
            let line = &text[s.start..s.end];
            // the last dash that stands between words: " \u{2014} ", " - ", "Idlib- Russia"
            let dash = line.char_indices().rev().find(|&(i, c)| {
                matches!(c, '-' | '\u{2013}' | '\u{2014}')
                    && line[i + c.len_utf8()..].starts_with(' ')
                    && (c != '-' || !line[..i].ends_with('-'))
            });
            let Some((at, c)) = dash else {
                continue;
            };
            let after = &line[at + c.len_utf8()..];
            let source = after.trim();
            let claim = line[..at].trim();
            let words = source.split_whitespace().count();
            if !(1..=SUBJECT_WORDS).contains(&words)
                || !source.chars().next().is_some_and(char::is_uppercase)
                || claim.split_whitespace().nth(2).is_none()
            {
                continue;
            }
            let ss = s.start + at + c.len_utf8() + (after.len() - after.trim_start().len());
            let se = ss + source.len();
            let subject = subject_after(self.t, self.k, self.names, self.documents, ss, se)
                .filter(|(_, a, _)| *a == ss)
                .unwrap_or((Subject::Unresolved, ss, se));
            let mut speaker = speaker_of(self.t, self.names, &subject.0, ss, se);
            speaker.sentence_hint = si;
            let start = s.start + (line.len() - line.trim_start().len());
            let end = start + claim.len();
            let mut quote = unattributed(
                text[start..end].to_string(),
                start,
                end,
                QuoteKind::Indirect,
            );
            quote.cue = Some(mention(text, s.start + at, s.start + at + c.len_utf8()));
            out.push((si, quote, Some(speaker)));
        }
        out
    }

    /// "According to X, ..." or "..., according to X.": the cue at `cs..ce` in sentence `s`.
    fn according_to(&self, s: Sentence, cs: usize, ce: usize) -> Option<Attribution> {
        let text = self.t.text;
        let (subject, ss, se) = self.subject_after_cue(ce, s.end).or_else(|| {
            // "According to the ministry, ...": a definite description up to the comma
            // stands for the last name that ends in its head noun
            let end = ce + text[ce..s.end].find(',')?;
            named_before(self.t, self.k, self.names, ce, end)
        })?;
        let (start, end) = if text[s.start..cs].trim().is_empty() {
            let comma = text[se..s.end].find(',')?;
            let from = se + comma + 1;
            let from = from + (text[from..s.end].len() - text[from..s.end].trim_start().len());
            let body = text[from..s.end]
                .trim_end()
                .trim_end_matches(['.', '!', '?']);
            (from, from + body.len())
        } else {
            let from = clause_start(text, s.start, self.dateline, cs);
            let head = text[from..cs].trim_end();
            let body = head.strip_suffix(',')?;
            // "The truce, according to the statement, could be extended": set off by
            // commas inside the sentence, the cue attributes all of it
            let rest = text[se..s.end].trim_start();
            // (not a clause of its own after it: ", which said so on Monday")
            let goes_on = rest.strip_prefix(',').is_some_and(|r| {
                let mut words = r.split_whitespace();
                words.next().is_some_and(|w| {
                    !self.is_coordinator(w)
                        && !self.k.events.clauses.openers.contains(&w.to_lowercase())
                }) && words.next().is_some()
            });
            if goes_on {
                let all = text[from..s.end]
                    .trim_end()
                    .trim_end_matches(['.', '!', '?']);
                (from, from + all.len())
            } else {
                (from, from + body.trim_end().len())
            }
        };
        Some(Attribution {
            start,
            end,
            subject,
            subject_start: ss,
            subject_end: se,
        })
    }

    /// The subject named after a cue that ends at `cue_end`, before `limit`: an actor, or a
    /// document, whose author speaks when one is named ("according to a statement from
    /// X", `," according to a statement by the ministry`).
    fn subject_after_cue(&self, cue_end: usize, limit: usize) -> Option<(Subject, usize, usize)> {
        let Some((subject, ss, se)) =
            subject_after(self.t, self.k, self.names, self.documents, cue_end, limit)
        else {
            return self.member_after(cue_end, limit);
        };
        Some(match subject {
            Subject::Document(_) => self.author_after(se, limit).unwrap_or((subject, ss, se)),
            _ => (subject, ss, se),
        })
    }

    /// `said a commander of the National Front for Liberation`: a description after a
    /// cue, opened by a determiner, of someone of a named body (after one of
    /// `authored_by`'s words or "of") speaks for that body; the phrase is the speaker's
    /// mention. Within eight words, in the clause.
    fn member_after(&self, cue_end: usize, limit: usize) -> Option<(Subject, usize, usize)> {
        let text = self.t.text;
        let rest = &text[cue_end..limit];
        let start = cue_end + (rest.len() - rest.trim_start().len());
        let mut words = rest.split_whitespace();
        let first = words.next()?;
        if !self.k.text.determiners.contains(&first.to_lowercase()) {
            return None;
        }
        let end = rest
            .find([',', '.', ';', ':', '"', '\u{201C}', '\u{201D}'])
            .map_or(limit, |e| cue_end + e);
        let phrase = &text[start..end];
        if phrase.split_whitespace().count() > 8 {
            return None;
        }
        let genitive = &self.k.text.grammar.genitive;
        let linked = phrase.split_whitespace().any(|w| {
            w.eq_ignore_ascii_case(genitive)
                || self
                    .k
                    .speech
                    .authored_by
                    .iter()
                    .any(|b| b.eq_ignore_ascii_case(w))
        });
        if !linked {
            return None;
        }
        let (lo, hi) = (
            self.names.partition_point(|m| m.start < start),
            self.names.partition_point(|m| m.start < end),
        );
        let (i, m) = subject_candidates(&self.names[lo..hi])
            .filter(|(_, m)| m.end <= end)
            .last()?;
        Some((Subject::Actor(lo + i), start, m.end))
    }

    /// The author named after a document that ends at `from`: "a statement from Turkish
    /// director of communications Fahrettin Altun" (the last name of the phrase), "a
    /// statement released by the ministry" (a description, resolved where it can be).
    fn author_after(&self, from: usize, limit: usize) -> Option<(Subject, usize, usize)> {
        let (t, k) = (self.t, self.k);
        let text = t.text;
        let rest = &text[from..limit];
        let mut at = from;
        let mut words = rest.split_whitespace();
        let mut word = words.next()?;
        if k.speech
            .issuing
            .iter()
            .any(|v| v.eq_ignore_ascii_case(word))
        {
            at = from + rest.find(word)? + word.len();
            word = words.next()?;
        }
        if !k
            .speech
            .authored_by
            .iter()
            .any(|b| b.eq_ignore_ascii_case(word))
        {
            return None;
        }
        let start = at + text[at..limit].find(word)? + word.len();
        let end = start
            + text[start..limit]
                .find([',', '.', ';', '"', '\u{201C}', '\u{201D}', '('])
                .unwrap_or(limit - start);
        let (lo, hi) = (
            self.names.partition_point(|m| m.start < start),
            self.names.partition_point(|m| m.start < end),
        );
        if let Some((i, m)) = subject_candidates(&self.names[lo..hi])
            .filter(|(_, m)| m.end <= end)
            .max_by_key(|(_, m)| m.end)
        {
            return Some((Subject::Actor(lo + i), m.start, m.end));
        }
        named_before(t, k, self.names, start, end).or_else(|| as_written(text, start, end, 4))
    }

    /// "X said (that) ...", "..., X said after the talks.": a verb of speech at `cs..ce`
    /// in sentence `s` with its subject before it.
    ///
    /// `opened_by_participle`: the sentence opens with a participle of speech whose words
    /// run to the comma before this cue's subject ([`QuoteReader::participle_opening`]).
    fn said(
        &self,
        s: Sentence,
        cs: usize,
        ce: usize,
        opened_by_participle: bool,
    ) -> Option<Attribution> {
        let text = self.t.text;
        let (subject, subj_start, subj_end) = match self.quoted_as(s, cs) {
            Some(found) => found,
            None => self.subject_of_cue(s, cs)?,
        };
        if subj_start < s.start || subj_end > cs {
            return None;
        }
        // `," Putin said after ...`: the cue attributes the direct quote before it, unless
        // the quote stands inside reported words that open the sentence ("Turkey has
        // retaliated to \u{201C}avenge our soldiers,\u{201D} the statement said")
        let before = text[s.start..subj_start].trim_end();
        if before.ends_with(['"', '\u{201D}']) && !self.partial_at_end(s, before) {
            return None;
        }
        let subj_end = self.owner_through_possession(subj_end, cs)?;
        let subj_end = self.demonym_head(&subject, subj_end, cs);
        let after = &text[ce..s.end];
        // "..., and one resident posted a photograph": a subject coordinated after a comma
        // opens a clause of its own; only "that" or a colon after its verb says what it
        // said
        let coordinated_subject = {
            let lead = text[s.start..subj_start].trim_end();
            let word = |w: &str| self.is_coordinator(w);
            let first_of_subject = text[subj_start..subj_end].split_whitespace().next();
            (lead.ends_with(',') && first_of_subject.is_some_and(word))
                || lead
                    .rsplit_once(char::is_whitespace)
                    .is_some_and(|(rest, w)| word(w) && rest.trim_end().ends_with(','))
        };
        if coordinated_subject {
            let next = after.trim_start();
            let complementiser = &self.k.text.grammar.complementiser;
            let reported = next.starts_with(':')
                || next
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case(complementiser));
            if !reported {
                return None;
            }
        }
        let after_words = after.split_whitespace().take(7).count();
        // ", the Russian Defense Ministry said": the subject's determiner is no part of
        // what was said
        let subj_lead = self.determiner_before(s.start, subj_start);
        // (a comma inside a closing mark ends the words said as well: `soldiers,\u{201D}
        // the statement said`)
        let comma_before_subject = text[s.start..subj_lead]
            .trim_end()
            .trim_end_matches(['"', '\u{201D}'])
            .ends_with(',');
        // "After talks with Turkey, Russia said it ...": what follows the cue is said; with
        // nothing after the cue ("At least 22 soldiers were killed, the governor said")
        // what was said can only be before it
        let nothing_after = !after.chars().any(char::is_alphanumeric);
        // "..., witnesses said, and one resident shared ...": a new clause coordinated
        // after the cue is no part of what was said
        let clause_after = after.trim_start().strip_prefix(',').is_some_and(|rest| {
            rest.split_whitespace().next().is_some_and(|w| {
                self.is_coordinator(w) || self.k.events.clauses.openers.contains(&w.to_lowercase())
            })
        });
        // "A spokesman for the party, Omer Celik, said ...": a subject set off by commas
        // names who the phrase before it is; what was said follows the cue
        let apposed = text[subj_end..cs].trim() == ",";
        // "Stressing that ..., the minister said ...": the words before the subject are
        // the participle's; this cue's are after it
        let opened_by_participle = opened_by_participle && after_words >= 3;
        let (start, end) = if comma_before_subject
            && !apposed
            && !opened_by_participle
            && (after_words <= 6 || clause_after)
            && (nothing_after || clause_after || !self.setting(s, subj_start))
        {
            // "..., Russian President Vladimir Putin said after the talks."
            let from = clause_start(text, s.start, self.dateline, subj_lead);
            let head = &text[from..subj_lead];
            (from, from + head.trim_end().trim_end_matches(',').len())
        } else {
            content_after_cue(text, s, ce)
        };
        Some(Attribution {
            start,
            end,
            subject,
            subject_start: subj_start,
            subject_end: subj_end,
        })
    }

    /// "Underlining that the army reserves the right to retaliate, Erdogan said ...": a
    /// sentence opened by a participle of speech and "that" reports what follows up to the
    /// comma before the main clause, said by the main clause's speaker (the subject of the
    /// sentence's next cue).
    fn participle_opening(&self, s: Sentence) -> Option<ParticipleOpening> {
        let text = self.t.text;
        let first = self.cues.partition_point(|&(cs, _)| cs < s.start);
        let &(cs, ce) = self.cues.get(first)?;
        let lead = &text[s.start..cs];
        let participle = &text[cs..ce];
        if !lead.trim().is_empty()
            || !participle.ends_with("ing")
            || participle.contains(char::is_whitespace)
        {
            return None;
        }
        let after = &text[ce..s.end];
        let complementiser = &self.k.text.grammar.complementiser;
        let that = after.trim_start();
        let word = that.split_whitespace().next()?;
        if !word.eq_ignore_ascii_case(complementiser) {
            return None;
        }
        let start = s.end - that.len() + word.len();
        let start = start + (text[start..s.end].len() - text[start..s.end].trim_start().len());
        // the main clause's cue and its subject, which a comma sets off from the words said
        let &(next, _) = self.cues.get(first + 1).filter(|&&(n, _)| n < s.end)?;
        let (subject, subject_start, subject_end) = self.subject_of_cue(s, next)?;
        let lead_end = self.determiner_before(s.start, subject_start);
        let said = text[start..lead_end].trim_end();
        let said = said.strip_suffix(',')?.trim_end();
        // three words at least
        said.split_whitespace().nth(2)?;
        Some(ParticipleOpening {
            cue: (cs, ce),
            attribution: Attribution {
                start,
                end: start + said.len(),
                subject,
                subject_start,
                subject_end,
            },
        })
    }

    /// Whether the quotation that closes `before` (the start of sentence `s` up to a
    /// cue's subject) opens after words of the sentence's own: a partial quotation inside
    /// reported speech, not a quotation the cue attributes alone. Words no longer than a
    /// subject before the mark (`The three countries "reaffirmed ...," the statement
    /// said`) only name who the quotation is about.
    fn partial_at_end(&self, s: Sentence, before: &str) -> bool {
        let inner = before
            .trim_end_matches(['"', '\u{201D}'])
            .trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        let Some(open) = inner.rfind(['"', '\u{201C}']) else {
            return false;
        };
        let from = clause_start(self.t.text, s.start, self.dateline, s.start + open);
        let lead = &self.t.text[from..s.start + open];
        lead.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .nth(SUBJECT_WORDS)
            .is_some()
    }

    /// Where a name at `at` begins with the words written before it that are part of
    /// its phrase: a determiner ("the" of "the Russian Defense Ministry"), a person's
    /// title and the capitalised words of whose title it is ("Kremlin spokesman Dmitry
    /// Peskov"), at most `SUBJECT_WORDS` of them; `at` when there are none.
    fn determiner_before(&self, from: usize, at: usize) -> usize {
        let text = self.t.text;
        let k = self.k;
        let mut start = at;
        for _ in 0..SUBJECT_WORDS {
            let head = text[from..start].trim_end();
            let Some(last) = head
                .rsplit(char::is_whitespace)
                .next()
                .filter(|w| !w.is_empty())
            else {
                break;
            };
            let word = last.to_lowercase();
            if k.text.determiners.contains(&word) {
                return from + head.len() - last.len();
            }
            let titled = k.text.person_titles.contains(&word)
                || (last.chars().next().is_some_and(char::is_uppercase)
                    && !last.ends_with([',', ';', ':', '"', '\u{201D}']));
            if !titled {
                break;
            }
            start = from + head.len() - last.len();
        }
        // the words taken are a title only if one of them names one
        let taken = &text[start..at];
        let has_title = taken.split_whitespace().any(|w| {
            k.text
                .person_titles
                .contains(&without_possessive(w).unwrap_or(w).to_lowercase())
        });
        if has_title {
            start
        } else {
            at
        }
    }

    /// The subject of a verb of speech at `cs`: a known speaker, or "Local officials" (a
    /// speaker nobody knows, left unresolved) of one to four words.
    fn subject_of_cue(&self, s: Sentence, cs: usize) -> Option<(Subject, usize, usize)> {
        let text = self.t.text;
        if let Some(found) = self.participle_subject(s, cs) {
            return Some(found);
        }
        let clause = text[s.start..cs]
            .rfind(',')
            .map(|c| s.start + c + 1)
            .unwrap_or(s.start);
        // the words of the cue's own clause: a description ("the ministry") stands for a
        // name told before, else a speaker nobody knows; when the name found is one a
        // preposition governs, the phrase it opens is left out ("witnesses in the capital
        // Khartoum")
        let prepositions = &self.k.events.clauses.prepositions;
        let own_clause = |governed_name: bool| {
            // (after the mark that closes a quotation: `,\u{201D} the ministry said`)
            let from = clause_start(text, clause, self.dateline, cs);
            // (a word that opens a clause of its own ends the one before: "... got off to
            // a shaky start as witnesses in the capital reported")
            let breaks = &self.k.events.clauses.breaks;
            let from = text[from..cs]
                .split_inclusive(char::is_whitespace)
                .scan(from, |at, w| {
                    *at += w.len();
                    Some((*at, w.trim()))
                })
                .filter(|(_, w)| breaks.contains(&w.to_lowercase()))
                .last()
                .map_or(from, |(end, _)| end);
            let from = cs
                - text[from..cs]
                    .trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '"' | '\u{201D}')
                    })
                    .len();
            if let Some(found) = named_before(self.t, self.k, self.names, from, cs) {
                return Some(found);
            }
            let mut words = text[from..cs].trim();
            let mut at = 0;
            for (i, w) in words.split_inclusive(char::is_whitespace).enumerate() {
                if governed_name && i > 0 && prepositions.contains(&w.trim().to_lowercase()) {
                    words = words[..at].trim_end();
                    break;
                }
                at += w.len();
            }
            let n = words.split_whitespace().count();
            let quoted = words.contains(['"', '\u{201C}', '\u{201D}']);
            ((1..=SUBJECT_WORDS).contains(&n)
                && !quoted
                && words.chars().next().is_some_and(char::is_alphabetic))
            .then(|| (Subject::Unresolved, from, from + words.len()))
        };
        // a name a preposition governs, across a determiner and a noun or two ("in the
        // capital Khartoum"), is no subject
        let governed = |start: usize| {
            let lead = &text[clause.min(start)..start];
            lead.split_whitespace()
                .rev()
                .take(3)
                .find(|w| {
                    prepositions.contains(&w.to_lowercase())
                        || !w.chars().next().is_some_and(char::is_lowercase)
                })
                .is_some_and(|w| prepositions.contains(&w.to_lowercase()))
        };
        match subject_before(self.t, self.k, self.names, self.documents, s.start, cs) {
            // "There were no troops in the area, the ministry said": a name before the
            // comma is in what was said; the cue's subject is in its own clause
            Some(found) if found.2 < clause => own_clause(false).or(Some(found)),
            Some(found) if governed(found.1) => own_clause(true).or(Some(found)),
            Some(found) => Some(found),
            None => own_clause(false),
        }
    }

    /// ", saying", ", while calling it": a participle after a comma has the subject of
    /// the clause it hangs on, the one before the comma: the subject of that clause's
    /// own verb of speech ("the ministry said, calling it"), else its first actor or
    /// document ("the UNSMIL released a statement, saying"). Never the nearest name,
    /// which is as often the object of the clause before.
    fn participle_subject(&self, s: Sentence, cs: usize) -> Option<(Subject, usize, usize)> {
        let (k, text) = (self.k, self.t.text);
        let word = self.t.token_at(cs)?;
        if !k.text.grammar.is_gerund(self.t.lower(word)) {
            return None;
        }
        let mut head = text[s.start..cs].trim_end();
        // "..., while calling for": a clause word between the comma and the participle
        if let Some(last) = head.rsplit(char::is_whitespace).next() {
            let lower = last.to_lowercase();
            let clauses = &k.events.clauses;
            if clauses.openers.contains(&lower) || k.text.coordinators.contains(&lower) {
                head = head[..head.len() - last.len()].trim_end();
            }
        }
        let head = head.strip_suffix(',')?;
        let end = s.start + head.len();
        let from = head.rfind(',').map_or(s.start, |c| s.start + c + 1);
        let from = clause_start(text, from, self.dateline, end);
        let own_cue = self.cues.partition_point(|(c, _)| *c < end);
        if let Some(&(c, _)) = own_cue.checked_sub(1).map(|i| &self.cues[i]) {
            if c >= from {
                return self.subject_of_cue(s, c);
            }
        }
        let doc = (self.documents.iter().enumerate())
            .find(|(_, d)| d.start >= from && d.end <= end)
            .map(|(i, d)| (Subject::Document(i), d.start, d.end));
        let first = self.names.partition_point(|m| m.start < from);
        let actor = subject_candidates(&self.names[first..])
            .take_while(|(_, m)| m.start < end)
            .find(|(_, m)| m.end <= end)
            .map(|(i, m)| (Subject::Actor(i + first), m.start, m.end));
        match (actor, doc) {
            (Some(a), Some(d)) => Some(if d.1 < a.1 { d } else { a }),
            (a, d) => a.or(d),
        }
    }

    /// `quoted the foreign ministry as saying`: for a cue right after the quoting link
    /// ("as"), the one named between a quoting verb and the link, resolved as a subject
    /// is, else the words as written.
    fn quoted_as(&self, s: Sentence, cs: usize) -> Option<(Subject, usize, usize)> {
        let (t, k) = (self.t, self.k);
        let text = t.text;
        let head = text[s.start..cs].trim_end();
        let link = head.rsplit(char::is_whitespace).next()?;
        if !k
            .speech
            .quoting_link
            .iter()
            .any(|l| l.eq_ignore_ascii_case(link))
        {
            return None;
        }
        let link_start = s.start + head.len() - link.len();
        let before = &text[s.start..link_start];
        let mut verb_end = None;
        let mut at = 0;
        for word in before.split_whitespace() {
            let start = at + before[at..].find(word)?;
            at = start + word.len();
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if k.speech
                .quoting
                .iter()
                .any(|q| q.eq_ignore_ascii_case(bare))
            {
                verb_end = Some(s.start + at);
            }
        }
        let from = verb_end?;
        let phrase = &text[from..link_start];
        if phrase.contains(',') || phrase.split_whitespace().count() > 6 {
            return None;
        }
        subject_before(t, k, self.names, self.documents, from, link_start)
            .or_else(|| named_before(t, k, self.names, from, link_start))
            .or_else(|| as_written(text, from, link_start, 6))
    }

    /// Whether a word is one of the coordinators (text.toml), whatever its case.
    fn is_coordinator(&self, w: &str) -> bool {
        self.k
            .text
            .coordinators
            .iter()
            .any(|c| c.eq_ignore_ascii_case(w))
    }

    /// Whether a quoting verb ending at `ce` is followed in its sentence, within a few
    /// words, by the quoting link and another cue ("quoted the ministry as saying").
    fn quoting_ahead(&self, s: Sentence, ce: usize) -> bool {
        let next = self.cues.partition_point(|(c, _)| *c < ce);
        self.cues.get(next).is_some_and(|&(c, _)| {
            c < s.end
                && self.t.text[ce..c].split_whitespace().count() <= 7
                && self.quoted_as(s, c).is_some()
        })
    }

    /// A possessive is the subject only through what it owns, right before the cue:
    /// "Turkey's defence ministry said" is Turkey speaking through its ministry, while in
    /// "the rebels' demands, he said" the rebels say nothing. The subject's end, moved to
    /// the end of what it owns; `None` when it owns no short plain noun phrase.
    fn owner_through_possession(&self, subj_end: usize, cs: usize) -> Option<usize> {
        let text = self.t.text;
        if !text[subj_end..].starts_with(['\'', '\u{2019}']) {
            return Some(subj_end);
        }
        let owned = text[subj_end..cs]
            .trim_start_matches(['\'', '\u{2019}'])
            .trim_start_matches('s');
        let words: Vec<&str> = owned.split_whitespace().collect();
        let plain = words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
        if words.is_empty() || words.len() > 4 || !plain {
            return None;
        }
        Some(cs - (text[subj_end..cs].len() - text[subj_end..cs].trim_end().len()))
    }

    /// "Turkish governor says", "Syrian state media reported": a demonym is an adjective
    /// and the noun it describes, up to three plain words right before the cue, is the
    /// speaker's phrase (the speaker is of that state, not the state itself). The
    /// subject's end, moved to the end of the noun.
    fn demonym_head(&self, subject: &Subject, subj_end: usize, cs: usize) -> usize {
        let Subject::Actor(i) = subject else {
            return subj_end;
        };
        if self.names[*i].how != How::Demonym || self.names[*i].end != subj_end || subj_end > cs {
            return subj_end;
        }
        let between = &self.t.text[subj_end..cs];
        let words: Vec<&str> = between.split_whitespace().collect();
        let plain = words.iter().all(|w| {
            w.chars().all(|c| c.is_alphabetic() || c == '-')
                && !self
                    .k
                    .events
                    .clauses
                    .prepositions
                    .contains(&w.to_lowercase())
        });
        if words.is_empty() || words.len() > 3 || !plain {
            return subj_end;
        }
        subj_end + between.trim_end().len()
    }

    /// "After talks with Turkey, Russia said ...": a phrase that opens with a preposition
    /// is the setting of what follows, not what was said.
    fn setting(&self, s: Sentence, subj_start: usize) -> bool {
        let text = self.t.text;
        let clauses = &self.k.events.clauses;
        let head_word = text[clause_start(text, s.start, self.dateline, subj_start)..subj_start]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        clauses.prepositions.contains(&head_word)
            || clauses.subordinators.contains(&head_word)
            || self.k.speech.scene.contains(&head_word)
    }

    /// A quotation in marks, with its speaker if one can be found.
    fn direct(
        &self,
        q: Marked,
        out: &[(Quote, Option<SpeakerRef>)],
        indirect: &[(usize, Quote, Option<SpeakerRef>)],
    ) -> Option<(Quote, Option<SpeakerRef>)> {
        let text = self.t.text;
        let content = text[q.start..q.end]
            .trim_end()
            .trim_end_matches(',')
            .trim_end();
        let lead = text[q.start..].len() - text[q.start..].trim_start().len();
        let (start, end) = (q.start + lead, q.start + content.len().max(lead));
        if end <= start {
            return None;
        }
        let words = text[start..end].split_whitespace().count();
        // a name or a title in marks ("the \u{201C}Astana-4\u{201D} talks", "news agency
        // \u{201C}Interfax\u{201D}"): every word capitalised, no more than a name runs to,
        // and no sentence ending in it: no one's words
        let named = words <= SUBJECT_WORDS
            && !text[start..end].ends_with(['.', '!', '?'])
            && text[start..end].split_whitespace().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '\'')
            });
        if named {
            return None;
        }
        let si = self.sentence_of(q.open);
        let kind = if words <= 2 {
            QuoteKind::Partial
        } else {
            QuoteKind::Direct
        };
        let (mut speaker, cue) = if kind == QuoteKind::Direct {
            self.direct_speaker(&q, si, out, indirect)
        } else {
            self.partial_speaker(&q, start, end, indirect)
        };
        let mut quote = unattributed(text[start..end].to_string(), start, end, kind);
        quote.cue = cue;
        quote.flags = q.flags;
        if let Some(sp) = speaker.as_mut() {
            sp.sentence_hint = si;
        }
        Some((quote, speaker))
    }

    /// The speaker named by the last cue before an opening mark at `open` in sentence
    /// `s`, and the cue: the subject before a verb of speech ("Putin said \"").
    fn cue_before_mark(&self, s: Sentence, open: usize) -> Option<(SpeakerRef, Mention)> {
        let (t, k, names, documents) = (self.t, self.k, self.names, self.documents);
        let last_before = |spans: &[(usize, usize)]| {
            let before_mark = spans.partition_point(|(cs, _)| *cs < open);
            (before_mark.checked_sub(1).map(|i| spans[i])).filter(|(cs, _)| *cs >= s.start)
        };
        // a naming verb gives only the words it names, right after it ("called the deal a")
        let naming = last_before(&self.naming)
            .filter(|(_, ce)| t.text[*ce..open].split_whitespace().count() <= NAMING_REACH);
        let (cs, ce) = match (last_before(&self.cues), naming) {
            (Some(c), Some(n)) => c.max(n),
            (c, n) => c.or(n)?,
        };
        let (subj, ss, se) = self
            .participle_subject(s, cs)
            .or_else(|| subject_before(t, k, names, documents, s.start, cs))?;
        let se = self.demonym_head(&subj, se, cs);
        Some((speaker_of(t, names, &subj, ss, se), mention(t.text, cs, ce)))
    }

    /// The speaker of a partial quotation ("called for \"restraint\""): the speaker of
    /// the reported words it stands in, else the one whose verb of speech its sentence
    /// has before or right after it. Never the sentences before: a word borrowed in
    /// passing is no paragraph of quotation.
    fn partial_speaker(
        &self,
        q: &Marked,
        start: usize,
        end: usize,
        indirect: &[(usize, Quote, Option<SpeakerRef>)],
    ) -> (Option<SpeakerRef>, Option<Mention>) {
        if let Some((_, r, sp)) = within(indirect, start, end) {
            return (sp.clone(), r.cue.clone());
        }
        let s = self.sentences[self.sentence_of(q.open)];
        let close = q.close.unwrap_or(q.end);
        let found = self
            .cue_before_mark(s, q.open)
            .or_else(|| self.cue_after_mark(close, s.end))
            .or_else(|| self.cue_later(s, close));
        match found {
            Some((speaker, cue)) => (Some(speaker), Some(cue)),
            None => (None, None),
        }
    }

    /// The speaker of sentence `s` named by its first verb of speech or naming after a
    /// closing mark at `close`, however far: "in a \"first step\" towards ..., the
    /// ministry said", "a \"special status\" for ..., while calling for".
    fn cue_later(&self, s: Sentence, close: usize) -> Option<(SpeakerRef, Mention)> {
        let (t, names) = (self.t, self.names);
        let first_after = |spans: &[(usize, usize)]| {
            (spans.get(spans.partition_point(|(cs, _)| *cs < close)))
                .copied()
                .filter(|(cs, _)| *cs < s.end)
        };
        let (cs, ce) = match (first_after(&self.cues), first_after(&self.naming)) {
            (Some(c), Some(n)) => c.min(n),
            (c, n) => c.or(n)?,
        };
        // the cue's own clause names its subject (", the ministry said"), or the participle
        // hangs on the clause before (", while calling for")
        let from = (t.text[close..cs].rfind(',')).map_or(close, |c| close + c + 1);
        let (k, documents) = (self.k, self.documents);
        let (subj, ss, se) = self.participle_subject(s, cs).or_else(|| {
            subject_before(t, k, names, documents, from, cs)
                .or_else(|| named_before(t, k, names, from, cs))
                .or_else(|| unknown_name(t.text, k, from, cs))
        })?;
        Some((speaker_of(t, names, &subj, ss, se), mention(t.text, cs, ce)))
    }

    /// The speaker named by the cue right after a closing mark at `close` (within six
    /// words, before `sentence_end`), and the cue: `," Putin said`, `," said Putin`,
    /// `," the ministry said`, `," Ostrander said`.
    fn cue_after_mark(&self, close: usize, sentence_end: usize) -> Option<(SpeakerRef, Mention)> {
        let (t, k, names, documents) = (self.t, self.k, self.names, self.documents);
        let text = t.text;
        // the words between grow with the cue's place: only the first cue after the mark
        // can be close enough
        let next_cue = self
            .cues
            .get(self.cues.partition_point(|(cs, _)| *cs <= close));
        // (words, not the closing mark itself)
        let &(cs, ce) = next_cue.filter(|(cs, _)| {
            *cs < sentence_end
                && text[close..*cs]
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count()
                    <= 6
        })?;
        // `," a local official told AFP`: after a verb addressed to someone, the name is
        // the one spoken to, never the speaker
        let addressed = k
            .speech
            .addressed
            .iter()
            .any(|v| v.eq_ignore_ascii_case(&text[cs..ce]));
        let (subj, ss, se) = subject_before(t, k, names, documents, close, cs)
            .or_else(|| self.pronoun_between(close, cs))
            .or_else(|| {
                (!addressed)
                    .then(|| self.subject_after_cue(ce, sentence_end))
                    .flatten()
            })
            .or_else(|| named_before(t, k, names, close, cs))
            .or_else(|| unknown_name(text, k, close, cs))?;
        let se = self.demonym_head(&subj, se, cs);
        Some((speaker_of(t, names, &subj, ss, se), mention(text, cs, ce)))
    }

    /// `," it said in a statement`: a pronoun of an organisation or a group alone between
    /// a closing mark and its cue is the speaker, left for the speaker before to resolve
    /// ([`Self::speaking_again`]), not a document after the cue ("in a statement" is how
    /// it spoke).
    fn pronoun_between(&self, close: usize, cs: usize) -> Option<(Subject, usize, usize)> {
        let text = self.t.text;
        let word = bare(&text[close..cs]);
        (self.k.text.speaker_pronouns.contains(&word.to_lowercase()) && !word.contains(' '))
            .then(|| {
                let start = close + text[close..cs].find(word)?;
                Some((Subject::Unresolved, start, start + word.len()))
            })
            .flatten()
    }

    /// The speaker of a direct quotation in sentence `si`, and the cue that names it.
    fn direct_speaker(
        &self,
        q: &Marked,
        si: usize,
        out: &[(Quote, Option<SpeakerRef>)],
        indirect: &[(usize, Quote, Option<SpeakerRef>)],
    ) -> (Option<SpeakerRef>, Option<Mention>) {
        let (t, k, names, documents) = (self.t, self.k, self.names, self.documents);
        let close = q.close.unwrap_or(q.end);
        let end_sentence = self.sentences[self.sentence_of(close)];
        // `," Putin said` / `," said Putin`
        if let Some((speaker, cue)) = self.cue_after_mark(close, end_sentence.end) {
            return (Some(speaker), Some(cue));
        }
        // `Putin said "...` / `Putin said that Russia hopes that its "...`
        if let Some((speaker, cue)) = self.cue_before_mark(self.sentences[si], q.open) {
            return (Some(speaker), Some(cue));
        }
        // `The leaders "rejected ...`, `Iran, Turkey and Russia "emphasized ...`
        if let Some((subj, ss, se)) = subject_adjacent(t, k, names, &self.by_end, documents, q.open)
        {
            return (Some(speaker_of(t, names, &subj, ss, se)), None);
        }
        // quoted words the sentence goes on from (no full stop of their own inside the
        // marks) belong to its verb of speech however far it comes
        let goes_on = !t.text[q.start..close].trim_end().ends_with(['.', '!', '?']);
        if let Some((speaker, cue)) = goes_on
            .then(|| self.cue_later(end_sentence, close))
            .flatten()
        {
            return (Some(speaker), Some(cue));
        }
        // a paragraph that only quotes: the speaker of the sentences just before
        // (a quote that starts before the end of sentence si-3 opened in it or earlier)
        let since = si.checked_sub(3).map_or(0, |s| self.sentences[s].end);
        (last_before(out, indirect, si, since), None)
    }
}

/// The reported speech with a speaker that holds the words at `start..end`.
fn within(
    indirect: &[(usize, Quote, Option<SpeakerRef>)],
    start: usize,
    end: usize,
) -> Option<&(usize, Quote, Option<SpeakerRef>)> {
    indirect
        .iter()
        .find(|(_, r, sp)| sp.is_some() && r.start <= start && end <= r.end)
}

/// "X said (that) ...", "X told reporters (that|:) ...": the content after a cue that
/// ends at `ce`, from a colon close to the cue or after "that" within the clause
/// ("told reporters after the talks that ...") to the end of sentence `s`.
fn content_after_cue(text: &str, s: Sentence, ce: usize) -> (usize, usize) {
    let after = &text[ce..s.end];
    let mut from = ce;
    let (short, clause) = (words_end(after, 5), words_end(after, 15));
    if let Some(colon) = after.find(':').filter(|&c| c < short) {
        from = ce + colon + 1;
    } else if let Some(that) = after.find(" that ").filter(|&p| p + 1 < clause) {
        from = ce + that + " that ".len();
    }
    let rest = text[from..s.end].trim_start_matches([',', ':', ' ']);
    let mut from = s.end - rest.len();
    if let Some(r) = rest.strip_prefix("that ") {
        from += rest.len() - r.len();
    }
    let body = text[from..s.end]
        .trim_end()
        .trim_end_matches(['.', '!', '?']);
    (from, from + body.len())
}

/// Where a sentence's own words begin: after the dateline ("BEIRUT --") if it is there.
fn clause_start(text: &str, start: usize, dateline: Option<(usize, usize)>, limit: usize) -> usize {
    let mut from = start;
    if let Some((_, de)) = dateline.filter(|(ds, de)| *ds >= start && *de <= limit) {
        from = de;
        // the dateline names only the place; its line runs to the dash ("SOCHI, Russia --")
        let near = &text[de..limit.min(de + 60)];
        let mut cut = None;
        for dash in ["--", "\u{2014}", "\u{2013}", " - "] {
            if let Some(i) = near.find(dash) {
                cut = Some(cut.map_or(i + dash.len(), |c: usize| c.min(i + dash.len())));
            }
        }
        if let Some(c) = cut {
            from = de + c;
        }
    }
    if from > limit {
        return limit;
    }
    let head = &text[from..limit];
    from + (head.len()
        - head
            .trim_start_matches(|c: char| c.is_whitespace() || "-\u{2013}\u{2014}:".contains(c))
            .len())
}

/// The most recent speaker attributed before sentence `si`, with its sentence.
fn last_before(
    direct: &[(Quote, Option<SpeakerRef>)],
    indirect: &[(usize, Quote, Option<SpeakerRef>)],
    si: usize,
    since: usize,
) -> Option<SpeakerRef> {
    // both lists are in the report's order: read back from sentence `si` only as far as
    // the quotes that start at `since` (sentences more than two back start before it);
    // among speakers of one sentence the later in the list is taken
    let latest = |sp: &&SpeakerRef| std::cmp::Reverse(sp.sentence_hint);
    let direct = direct
        .iter()
        .rev()
        .take_while(|(q, _)| q.start >= since)
        .filter_map(|(_, sp)| sp.as_ref())
        .filter(|sp| sp.sentence_hint < si)
        .min_by_key(latest);
    let upto = indirect.partition_point(|(s, _, _)| *s < si);
    let indirect = indirect[..upto]
        .iter()
        .rev()
        .take_while(|(s, _, _)| si - s <= 2)
        .filter_map(|(_, _, sp)| sp.as_ref())
        .min_by_key(latest);
    // the indirect one where both are in the same sentence, as the lists' order had it
    match (direct, indirect) {
        (Some(d), Some(i)) => Some(if d.sentence_hint > i.sentence_hint {
            d
        } else {
            i
        }),
        (d, i) => d.or(i),
    }
    .filter(|sp| si - sp.sentence_hint <= 2)
    .cloned()
}

/// A resolved speaker, before it becomes the JSON `speaker` object.
#[derive(Debug, Clone)]
pub struct SpeakerRef {
    pub referent: Option<Referent>,
    pub document: Option<usize>,
    pub name: String,
    pub start: usize,
    pub end: usize,
    sentence_hint: usize,
}

/// A word or phrase without its possessive ending ("Iran's" -> "Iran"), if it has one.
fn without_possessive(words: &str) -> Option<&str> {
    words
        .strip_suffix("'s")
        .or_else(|| words.strip_suffix("\u{2019}s"))
}

fn speaker_of(
    t: &Text,
    names: &[ActorMention],
    subject: &Subject,
    start: usize,
    end: usize,
) -> SpeakerRef {
    let (referent, document) = match subject {
        Subject::Actor(i) => (Some(names[*i].referent.clone()), None),
        Subject::Document(d) => (None, Some(*d)),
        Subject::Group(members) => (Some(Referent::Set(members.clone())), None),
        Subject::Unresolved => (None, None),
    };
    SpeakerRef {
        referent,
        document,
        name: t.text[start..end].to_string(),
        start,
        end,
        sentence_hint: 0,
    }
}

/// Words between a closing mark and a cue without the spaces, commas and marks around
/// them.
fn bare(between: &str) -> &str {
    between.trim_matches(|c: char| c.is_whitespace() || ",\"\u{201D}'".contains(c))
}

/// How many words a naming verb reaches to the quoted words it names: "called Putin
/// \"dear friend\"", "described the talks as a \"...\"".
const NAMING_REACH: usize = 5;

/// How many names back a definite description ("the ministry") looks for the one it
/// stands for: a few paragraphs of a report.
const DESCRIPTION_REACH: usize = 40;

/// `," the ministry said`: a definite description of two to four words between `from`
/// and the cue stands for the last name before it that ends in its head noun ("the
/// ministry", "the Defense Ministry" for "the Russian Defense Ministry"). The span is the
/// description; the referent the name's.
fn named_before(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    from: usize,
    cue: usize,
) -> Option<(Subject, usize, usize)> {
    let text = t.text;
    let between = &text[from..cue];
    let words_of = bare(between);
    let words: Vec<&str> = words_of.split_whitespace().collect();
    let article = &k.text.grammar.definite_article;
    if !(2..=4).contains(&words.len()) || !words[0].eq_ignore_ascii_case(article) {
        return None;
    }
    let head = words[words.len() - 1].to_lowercase();
    let start = from + between.find(words_of)?;
    let before = names.partition_point(|m| m.start < start);
    let (i, _) = names[..before]
        .iter()
        .enumerate()
        .rev()
        .take(DESCRIPTION_REACH)
        .filter(|(_, m)| may_be_subject(m))
        .find(|(_, m)| {
            let name = &text[m.start..m.end];
            !name.eq_ignore_ascii_case(words_of)
                && name
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.eq_ignore_ascii_case(&head))
        })?;
    Some((Subject::Actor(i), start, start + words_of.len()))
}

/// The words of `start..end` as written, trimmed, as an unresolved speaker: one to
/// `max_words` words ("the foreign ministry" of "quoted the foreign ministry as saying").
fn as_written(
    text: &str,
    start: usize,
    end: usize,
    max_words: usize,
) -> Option<(Subject, usize, usize)> {
    let phrase = text[start..end].trim();
    let first = start + text[start..end].find(phrase)?;
    (1..=max_words)
        .contains(&phrase.split_whitespace().count())
        .then(|| (Subject::Unresolved, first, first + phrase.len()))
}

/// `," Williams said`, `," the ministry said`: between a closing mark and its cue, a
/// name of one to four capitalised words that knowledge does not know, or a description
/// that opens with a determiner and is no person's title, is the speaker, named as
/// written.
fn unknown_name(
    text: &str,
    k: &Knowledge,
    close: usize,
    cue: usize,
) -> Option<(Subject, usize, usize)> {
    let between = &text[close..cue];
    let name = bare(between);
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    // (a person's title, "the minister", refers back to someone named before instead)
    let described = words.len() > 1
        && k.text.determiners.contains(&words[0].to_lowercase())
        && !words
            .last()
            .is_some_and(|w| k.text.person_titles.contains(&w.to_lowercase()));
    if words.is_empty() || words.len() > SUBJECT_WORDS || !(capitalised || described) {
        return None;
    }
    let start = close + between.find(name)?;
    Some((Subject::Unresolved, start, start + name.len()))
}

/// The byte offset where the `n`th whitespace-separated word of `s` ends (the end of `s`
/// when it has fewer words).
fn words_end(s: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s.len()
}

fn mention(text: &str, s: usize, e: usize) -> Mention {
    Mention {
        text: text[s..e].to_string(),
        start: s,
        end: e,
    }
}

/// A byte span of the text.
type Span = (usize, usize);

/// Byte spans of the speech cues (verbs and "according to" phrases) and of the naming
/// verbs, on word boundaries, found in one pass over the words.
fn cue_spans(t: &Text, k: &Knowledge) -> (Vec<Span>, Vec<Span>) {
    let (mut cues, mut naming) = (Vec::new(), Vec::new());
    for i in 0..t.tokens.len() {
        if !t.lex(i).opens_speech() {
            continue;
        }
        for (index, out) in [
            (&k.speech.cues, &mut cues),
            (&k.speech.naming_cues, &mut naming),
        ] {
            let found = (index.starting(t.lower(i)).iter()).find_map(|p| t.phrase_at(i, &p.words));
            if let Some(end) = found.filter(|&end| !answers_an_act(t, k, end)) {
                out.push((t.tokens[i].start, t.tokens[end - 1].end));
            }
        }
    }
    (cues, naming)
}

/// Whether a verb of speech that ends before token `end` answers an act in deeds: a
/// preposition, perhaps a determiner, then one of `answered_acts` ("responded to the
/// attack", "replied with fire").
fn answers_an_act(t: &Text, k: &Knowledge, end: usize) -> bool {
    let mut j = end;
    if j >= t.tokens.len() || !t.lex(j).is_preposition() {
        return false;
    }
    j += 1;
    while j < t.tokens.len() && j < end + 3 && t.lex(j).is_determiner() {
        j += 1;
    }
    j < t.tokens.len() && k.speech.answered_acts.contains(t.lower(j))
}

fn subject_candidates<'a>(
    names: &'a [ActorMention],
) -> impl Iterator<Item = (usize, &'a ActorMention)> + 'a {
    names.iter().enumerate().filter(|(_, m)| may_be_subject(m))
}

/// A name that may be a speaker: a known actor, or one nobody knows but named as one.
fn may_be_subject(m: &ActorMention) -> bool {
    m.how != How::Unknown || matches!(m.referent, Referent::Unknown(_))
}

/// The subject of a cue: the nearest actor or document mention before it in `from..cue`.
fn subject_before(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    docs: &[DocumentMention],
    from: usize,
    cue: usize,
) -> Option<(Subject, usize, usize)> {
    // "Zarif, speaking after talks with Walid Muallem, said": the subject stands before
    // a parenthetical that ends right before the cue
    let mut cue = cue;
    let head = t.text[from..cue].trim_end();
    if let Some(inner) = head.strip_suffix(',') {
        if let Some(open) = inner.rfind(',') {
            // ... unless what the commas set off is a name: "A spokesman for the party,
            // Omer Celik, said" names its speaker there
            let set_off = inner[open + 1..].trim();
            let at =
                from + open + 1 + (inner[open + 1..].len() - inner[open + 1..].trim_start().len());
            let named = names
                .iter()
                .any(|m| m.start == at && m.end == at + set_off.len() && may_be_subject(m));
            if !named {
                cue = from + open;
            }
        }
    }
    // a document that opens the clause is its subject ("A memorandum signed by the
    // ministers said")
    let opening = docs
        .iter()
        .enumerate()
        .find(|(_, d)| d.start >= from && d.end <= cue && t.text[from..d.start].trim().is_empty());
    if let Some((i, d)) = opening {
        return Some((Subject::Document(i), d.start, d.end));
    }
    let (lo, hi) = (
        names.partition_point(|m| m.start < from),
        names.partition_point(|m| m.start < cue),
    );
    // "Turkey blamed Syrian forces for the attack and said ...": a cue coordinated with
    // an earlier verb shares that verb's subject, the first actor of the clause, not the
    // nearest (its object)
    let coordinated_cue = {
        // the word right before the cue is a conjunction of the coordinators (text.toml)
        let last = t.text[from..cue]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace() || c == ',')
            .next()
            .unwrap_or("");
        last != ","
            && !last.is_empty()
            && k.text
                .coordinators
                .iter()
                .any(|c| c.eq_ignore_ascii_case(last))
    };
    let in_clause = subject_candidates(&names[lo..hi])
        .map(|(i, m)| (i + lo, m))
        .filter(|(_, m)| m.start >= from && m.end <= cue);
    let actor = if coordinated_cue {
        in_clause.min_by_key(|(_, m)| (m.start, std::cmp::Reverse(m.end)))
    } else {
        in_clause.max_by_key(|(_, m)| (m.end, m.end - m.start))
    }
    .map(|(i, m)| {
        // "the UN's Libya mission said": a name after a possessive only says which of
        // the owner's parts speaks; the owner is the subject
        let lead = t.text[from..m.start].trim_end();
        let owner = without_possessive(lead).and_then(|owner| {
            let end = from + owner.len();
            names[lo..i]
                .iter()
                .rposition(|o| o.end == end && may_be_subject(o))
                .map(|k| lo + k)
        });
        match owner {
            Some(k) => (Subject::Actor(k), names[k].start, names[k].end),
            None => (Subject::Actor(i), m.start, m.end),
        }
    });
    let doc = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.start >= from && d.end <= cue)
        .max_by_key(|(_, d)| d.end)
        .map(|(i, d)| (Subject::Document(i), d.start, d.end));
    let best = match (actor, doc) {
        (Some(a), Some(d)) => Some(if d.2 >= a.2 { d } else { a }),
        (a, d) => a.or(d),
    }?;
    // "Putin and Rouhani said": a subject of several coordinated actors
    if let Subject::Actor(i) = best.0 {
        if let Some(group) = coordinated(t, k, names, i).filter(|g| g.1 >= from) {
            return Some(group);
        }
    }
    Some(best)
}

/// `said Putin`, `said the Russian president`: the mention right after the cue.
fn subject_after(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    docs: &[DocumentMention],
    cue_end: usize,
    limit: usize,
) -> Option<(Subject, usize, usize)> {
    let near =
        |s: usize| s >= cue_end && s < limit && t.text[cue_end..s].split_whitespace().count() <= 1;
    // names are sorted by start, and the words before one only grow: the near ones are a
    // run from the first name after the cue
    // "according to a Turkish statement": the document, not the name inside it
    let near_document = docs
        .iter()
        .enumerate()
        .find(|(_, d)| near(d.start) && d.end <= limit);
    let document = near_document.map(|(i, d)| (Subject::Document(i), d.start, d.end));
    if near_document.is_some_and(|(_, d)| !d.authors.is_empty()) {
        return document;
    }
    let first = names.partition_point(|m| m.start < cue_end);
    let run = names[first..].partition_point(|m| near(m.start));
    if let Some((i, m)) = subject_candidates(&names[first..first + run])
        .map(|(i, m)| (i + first, m))
        .filter(|(_, m)| m.end <= limit)
        // "according to Gov. Rahmi Dogan": a title read as a name is not the speaker
        .filter(|(_, m)| {
            let written = t.text[m.start..m.end].trim_end_matches('.').to_lowercase();
            !k.text.person_titles.contains(&written)
        })
        .min_by_key(|(_, m)| (m.start, std::cmp::Reverse(m.end)))
    {
        return Some((Subject::Actor(i), m.start, m.end));
    }
    document
}

/// The subject written right before an opening mark: `The leaders "`, `Iran, Turkey and Russia "`.
/// `by_end` lists the names' indices in the order of their ends.
fn subject_adjacent(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    by_end: &[usize],
    docs: &[DocumentMention],
    open: usize,
) -> Option<(Subject, usize, usize)> {
    // (a colon may stand between: `Erdogan: "We will respond"`)
    let gap_ok = |end: usize| {
        end <= open && {
            let gap = t.text[end..open].trim();
            gap.is_empty() || gap == ":"
        }
    };
    if let Some((i, d)) = docs.iter().enumerate().find(|(_, d)| gap_ok(d.end)) {
        return Some((Subject::Document(i), d.start, d.end));
    }
    // the names that end in the blanks (and colon) right before the mark, in the names'
    // order
    let before = t.text[..open].trim_end();
    let blank_from = before.strip_suffix(':').map_or(before, str::trim_end).len();
    let lo = by_end.partition_point(|&i| names[i].end < blank_from);
    let hi = by_end.partition_point(|&i| names[i].end <= open);
    let mut ending: Vec<usize> = by_end[lo..hi].to_vec();
    ending.sort_unstable();
    let (i, m) = ending
        .into_iter()
        .map(|i| (i, &names[i]))
        .filter(|(_, m)| may_be_subject(m))
        .max_by_key(|(_, m)| m.end - m.start)?;
    coordinated(t, k, names, i).or(Some((Subject::Actor(i), m.start, m.end)))
}

/// Actors coordinated with mention `last` ("Iran, Turkey and Russia"), if there are several.
fn coordinated(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    last: usize,
) -> Option<(Subject, usize, usize)> {
    let mut members = vec![last];
    let mut start = names[last].start;
    loop {
        // names are sorted by start: the candidates are the few just before `start`
        let hi = names.partition_point(|m| m.start < start);
        let prev = (hi.saturating_sub(8)..hi)
            .map(|i| (i, &names[i]))
            .filter(|(_, m)| {
                m.end <= start
                    && start - m.end <= 6
                    && !t.text[m.end..start].contains('\n')
                    && k.text
                        .coordinators
                        .iter()
                        .any(|c| c == t.text[m.end..start].trim())
            })
            .max_by_key(|(_, m)| (m.end, m.end - m.start));
        match prev {
            // a list ends with a conjunction ("Iran, Turkey and Russia"): a comma alone
            // before the last name joins nothing ("After talks with Turkey, Russia said")
            Some((_, m)) if members.len() == 1 && t.text[m.end..start].trim() == "," => break,
            Some((i, m)) => {
                members.push(i);
                start = m.start;
            }
            None => break,
        }
    }
    if members.len() < 2 {
        return None;
    }
    let mut ids: Vec<usize> = members
        .iter()
        .filter_map(|&i| match names[i].referent {
            Referent::Known(a) => Some(a),
            _ => None,
        })
        .collect();
    ids.reverse();
    ids.dedup();
    (ids.len() >= 2).then(|| (Subject::Group(ids), start, names[last].end))
}

/// Documents that speak: "the joint statement", "a communique". A joint document's
/// authors are the states the report last named together before it, or the states whose
/// leaders it last named together on `published` ("Putin and Erdogan agreed ... Under the
/// memorandum").
pub fn documents(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    published: Option<chrono::NaiveDate>,
) -> Vec<DocumentMention> {
    let folded = &t.folded.text;
    let mut out: Vec<DocumentMention> = Vec::new();
    let mut taken_until = 0;
    for i in 0..t.tokens.len() {
        let at = t.tokens[i].start;
        if at < taken_until || !t.lex(i).opens_speech() {
            continue;
        }
        let fstart = t.folded.folded_at(at);
        let Some(noun) = k.speech.folded_documents.iter().find(|n| {
            folded[fstart..].starts_with(n.as_str())
                && folded[fstart + n.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        }) else {
            continue;
        };
        let (_, end) = t.folded.original(fstart, fstart + noun.len());
        // the names of its authors written before the noun ("a joint Saudi-US statement",
        // "a Turkish statement"), then a determiner ("the", "a"), are in the mention
        let mut first = i;
        let mut named_authors = Vec::new();
        while first > 0 {
            // (the names in the word, or the name it is part of: "Saudi-US" is one word)
            let before = t.tokens[first - 1];
            let lo = names.partition_point(|m| m.end <= before.start);
            let named: Vec<&ActorMention> = names[lo..]
                .iter()
                .take_while(|m| m.start < before.end)
                .collect();
            if !named.is_empty() {
                for m in named.into_iter().rev() {
                    if let Referent::Known(a) = m.referent {
                        named_authors.push(a);
                    }
                }
            } else if t.lower(first - 1) != "-"
                && !k.speech.joint.iter().any(|j| j == t.lower(first - 1))
            {
                break;
            }
            first -= 1;
        }
        // (a hyphen or "joint" with no name before the noun is no part of it)
        if named_authors.is_empty() {
            first = i;
        }
        named_authors.reverse();
        named_authors.dedup();
        let mut start = t.tokens[first].start;
        if first > 0 && k.text.determiners.contains(t.lower(first - 1)) {
            start = t.tokens[first - 1].start;
        }
        // a joint statement, and any document that records an agreement, is written by
        // the parties the report names together before it
        let joint = k
            .speech
            .joint
            .iter()
            .any(|j| noun.split(' ').next() == Some(j.as_str()))
            || k.agreements.documents.iter().any(|d| fold_str(d) == *noun);
        let mut authors = if !named_authors.is_empty() {
            named_authors
        } else if joint {
            last_group_of_states(t, k, names, start, published)
        } else {
            Vec::new()
        };
        // a document an actor puts out is that actor's, joint or not ("the rebels issued
        // a declaration") when no group of states wrote it
        if authors.is_empty() {
            authors.extend(issuer(t, k, names, start));
        }
        out.push(DocumentMention {
            start,
            end,
            noun: noun.clone(),
            authors,
        });
        taken_until = end;
    }
    out
}

/// The author of a document an actor puts out: "The ministry issued a statement" (the
/// actor right before an issuing verb that governs the document, at most a few words such
/// as "on Monday" between them, no punctuation).
fn issuer(t: &Text, k: &Knowledge, names: &[ActorMention], doc_start: usize) -> Option<usize> {
    let doc = t.token_at(doc_start)?;
    let verb = doc.checked_sub(1)?;
    if !k.speech.issuing.iter().any(|v| v == t.lower(verb)) {
        return None;
    }
    let verb_start = t.tokens[verb].start;
    let m = names.iter().rev().find(|m| m.end <= verb_start)?;
    let first_between = t.tokens.partition_point(|x| x.start < m.end);
    let between = &t.tokens[first_between..verb];
    if between.len() > 3 || between.iter().any(|x| x.kind != TokenKind::Word) {
        return None;
    }
    match m.referent {
        Referent::Known(a) => Some(a),
        _ => None,
    }
}

fn last_group_of_states(
    t: &Text,
    k: &Knowledge,
    names: &[ActorMention],
    before: usize,
    published: Option<chrono::NaiveDate>,
) -> Vec<usize> {
    // a state stands for itself; a person for the state whose office they held then
    let state_of = |a: usize| -> Option<usize> {
        let actor = &k.actors[a];
        if actor.kind.is_one(ActorCategory::State) {
            return Some(a);
        }
        let office = published.and_then(|d| k.office_on(actor, Some(d)))?;
        k.actor_index(&office.of)
            .filter(|&s| k.actors[s].kind.is_one(ActorCategory::State))
    };
    let candidates: Vec<usize> = (0..names.len())
        .filter(|&i| {
            names[i].end <= before
                && matches!(names[i].referent, Referent::Known(a) if state_of(a).is_some())
        })
        .collect();
    // states named together win over leaders named together ("Iran, Russia and Turkey"
    // earlier in a report over "Putin and Rouhani" in a later sentence)
    for &i in candidates.iter().rev() {
        if let Some((Subject::Group(ids), _, _)) = coordinated(t, k, names, i) {
            if ids
                .iter()
                .all(|&a| k.actors[a].kind.is_one(ActorCategory::State))
            {
                return ids;
            }
        }
    }
    for &i in candidates.iter().rev() {
        if let Some((Subject::Group(ids), _, _)) = coordinated(t, k, names, i) {
            let states: Option<Vec<usize>> = ids.iter().map(|&a| state_of(a)).collect();
            if let Some(mut states) = states {
                let mut seen = Vec::new();
                states.retain(|s| {
                    let new = !seen.contains(s);
                    seen.push(*s);
                    new
                });
                if states.len() >= 2 {
                    return states;
                }
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_end_counts_words_across_any_whitespace() {
        let s = " told  reporters\nafter the talks: no";
        assert_eq!(&s[..words_end(s, 1)], " told");
        assert_eq!(&s[..words_end(s, 2)], " told  reporters");
        assert_eq!(&s[..words_end(s, 5)], " told  reporters\nafter the talks:");
        assert_eq!(words_end(s, 15), s.len());
        assert_eq!(words_end("", 3), 0);
    }

    #[test]
    fn marks_are_found_in_every_script_of_quotation_mark() {
        let text = "He said \u{201C}we will stay\u{201D} and \u{AB}no\u{BB} and \"yes, now\" then.";
        let found: Vec<&str> = marked(text).iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(found, ["we will stay", "no", "yes, now"]);
    }
}
