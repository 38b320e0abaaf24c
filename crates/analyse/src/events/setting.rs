//! When and where an act happened: the date of its clause, else of its sentence, else
//! the report's; the place of its recipient, its object, its clause or sentence, and the
//! dateline last.

use chrono::NaiveDate;
use truce_model::{DateMention, DatePrecision, DateSource, EventDate};

use super::clause::Clause;
use super::{Found, Hit, Reader, OBJECT_WORDS};
use crate::places::PlaceMention;
use crate::sentences::Sentence;
use crate::tokens::TokenKind;

/// Where an act's place was read from, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PlaceSource {
    /// A place inside the recipient ("armed groups in Idlib").
    Recipient,
    /// What a material act was done to, named right after it ("shelled Kafr Nabl").
    Object,
    /// A place the clause locates the act in.
    Clause,
    /// A place in the sentence (material acts only).
    Sentence,
    /// The report's previous material act's place (see [`carry_story_place`]).
    Story,
    /// The dateline: where the reporter was.
    Dateline,
}

/// A material act the report places only by its dateline (where the reporter was)
/// happened where the report's previous material act did, if it has one.
pub(super) fn carry_story_place(found: &mut [Found]) {
    let mut last_place: Option<String> = None;
    for f in found.iter_mut().filter(|f| !f.verbal) {
        match f.place_from {
            Some(
                PlaceSource::Recipient
                | PlaceSource::Object
                | PlaceSource::Clause
                | PlaceSource::Sentence,
            ) => last_place = f.event.place.clone(),
            Some(PlaceSource::Dateline) | None if last_place.is_some() => {
                f.event.place = last_place.clone();
                f.place_from = Some(PlaceSource::Story);
            }
            _ => {}
        }
    }
}

/// How long before a report an act its own clause dates is background, not the report's
/// news: more than a month ("In September, Turkey and Russia agreed ..." in a report of
/// late November; "fighting began on April 15" in one of late May). An appeal sixteen
/// days before is still news.
const BACKGROUND_DAYS: i64 = 30;

/// Whether an act's own clause dates it more than [`BACKGROUND_DAYS`] before the
/// report's publication: told as background ("In 2016, ...").
pub(super) fn long_before(date: Option<&EventDate>, published: Option<NaiveDate>) -> bool {
    dated_long_before(date, published, &[DateSource::Clause])
}

/// The same for an announcement of an act (an offer, a threat, a promise): it was made
/// when its sentence says, since the sentence's date outside the act's own clause is the
/// saying's ("In September, the rebels said they were ready to observe a ceasefire" is
/// background in a report of November).
pub(super) fn announced_long_before(
    date: Option<&EventDate>,
    published: Option<NaiveDate>,
) -> bool {
    dated_long_before(date, published, &[DateSource::Clause, DateSource::Sentence])
}

fn dated_long_before(
    date: Option<&EventDate>,
    published: Option<NaiveDate>,
    sources: &[DateSource],
) -> bool {
    let (Some(date), Some(published)) = (date, published) else {
        return false;
    };
    let ended = date.value.as_deref().and_then(period_end);
    sources.contains(&date.from)
        && ended.is_some_and(|end| (published - end).num_days() > BACKGROUND_DAYS)
}

/// The last day of an ISO date, month ("2016-03") or year ("2016").
fn period_end(value: &str) -> Option<NaiveDate> {
    let parts: Vec<i32> = value
        .split('-')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [y] => NaiveDate::from_ymd_opt(*y, 12, 31),
        [y, m] => NaiveDate::from_ymd_opt(*y, *m as u32 + 1, 1)
            .or_else(|| NaiveDate::from_ymd_opt(*y + 1, 1, 1))
            .and_then(|d| d.pred_opt()),
        [y, m, d] => NaiveDate::from_ymd_opt(*y, *m as u32, *d as u32),
        _ => None,
    }
}

impl<'a> Reader<'a> {
    /// Whether one of the five words before byte `at` (or the first of the date there)
    /// is a schedule word ("from", "by"): the date sets when something is to happen.
    fn scheduled(&self, at: usize) -> bool {
        let text = self.layers.text;
        let schedule = &self.layers.knowledge.events.clauses.schedule;
        let first = text
            .token_starting_at_or_after(at)
            .unwrap_or(text.tokens.len());
        (first.saturating_sub(5)..=first)
            .filter(|&j| j < text.tokens.len())
            .any(|j| schedule.contains(self.lower(j)))
    }

    /// Whether a date ending at byte `end` stands before the noun it dates, as an
    /// adjective ("a February 15 ceasefire", "the 6 March deadline"): the next word is a
    /// lower-case word of no clause word list (not "to", "and", "that", "a").
    fn premodifies(&self, end: usize) -> bool {
        let text = self.layers.text;
        let Some(next) = text.token_starting_at_or_after(end) else {
            return false;
        };
        let token = &text.tokens[next];
        let lex = text.lex(next);
        let clauses = &self.layers.knowledge.events.clauses;
        let word = self.lower(next);
        token.kind == TokenKind::Word
            && !token.capitalised
            && text.text[end..token.start].trim().is_empty()
            && !lex.is_preposition()
            && !lex.is_determiner()
            && !lex.opens_clause()
            && !clauses.coordinators.contains(word)
            && !clauses.subordinators.contains(word)
            && !self
                .layers
                .knowledge
                .events
                .modality
                .future_auxiliaries
                .contains(word)
    }

    /// The date mention that starts at byte `at`, if one does.
    pub(super) fn date_starting_at(&self, at: usize) -> Option<&'a DateMention> {
        let dates = self.layers.dates;
        first_within(
            dates,
            self.dates_in_order,
            |d| (d.start, d.start),
            at,
            at,
            |_| true,
        )
    }

    /// The phrase after a trigger that a sequence word leads ("shelled the town a week
    /// after the talks in Sochi on Monday"), as a byte span to the clause's end: what it
    /// dates and places is another act. A date right after the word ("since Monday",
    /// "after midnight") is the act's own bound, and leads no such phrase.
    pub(super) fn sequel(&self, hit: &Hit, clause: &Clause) -> Option<(usize, usize)> {
        let tokens = &self.layers.text.tokens;
        let j = *self.next_sequence.get(hit.trigger_end())? as usize;
        (j < clause.right).then(|| (tokens[j].start, clause.end.max(tokens[j].end)))
    }

    /// The date of an act whose clause spans bytes `start..end`: the clause's, else the
    /// sentence's, else the publication's. For a spoken act (`schedule_after`: the end
    /// of its trigger) a date after the trigger that a schedule word leads ("from 6
    /// March", "by 10 October") dates what the act is about, and is passed over.
    pub(super) fn date(
        &self,
        start: usize,
        end: usize,
        sentence: &Sentence,
        schedule_after: Option<usize>,
        sequel: Option<(usize, usize)>,
    ) -> Option<EventDate> {
        let layers = self.layers;
        let scheduled = |d: &DateMention| {
            schedule_after.is_some_and(|after| {
                d.start >= after && (self.scheduled(d.start) || self.premodifies(d.end))
            }) || sequel.is_some_and(|(a, b)| a <= d.start && d.end <= b)
        };
        let within = |a: usize, b: usize| {
            first_within(
                layers.dates,
                self.dates_in_order,
                |d| (d.start, d.end),
                a,
                b,
                |d| !scheduled(d),
            )
        };
        if let Some(d) = within(start, end) {
            return Some(EventDate {
                value: d.value.clone(),
                precision: d.precision,
                from: DateSource::Clause,
            });
        }
        if let Some(d) = within(sentence.start, sentence.end) {
            return Some(EventDate {
                value: d.value.clone(),
                precision: d.precision,
                from: DateSource::Sentence,
            });
        }
        layers.published.map(|p| EventDate {
            value: Some(p.to_string()), // NaiveDate displays as YYYY-MM-DD
            precision: DatePrecision::Day,
            from: DateSource::Publication,
        })
    }

    /// Where an act happened: a place in its recipient ("armed groups in Idlib"), a place
    /// the clause locates it in (for spoken acts only before the trigger or right after
    /// it, since what they are about is elsewhere), for material acts the sentence's,
    /// and last the dateline.
    pub(super) fn place(
        &self,
        hit: &Hit,
        left: usize,
        right: usize,
        sentence: &Sentence,
        verbal: bool,
        sequel: Option<(usize, usize)>,
    ) -> Option<(String, PlaceSource)> {
        let layers = self.layers;
        let text = layers.text;
        let span = |a: usize, b: usize| (text.tokens[a].start, text.tokens[b.max(a + 1) - 1].end);
        // a state named as an actor ("Turkey warned") is not where the act happened
        let is_actor_itself = |p: &PlaceMention| {
            text.token_at(p.start)
                .and_then(|i| self.mention_at[i])
                .is_some_and(|m| layers.names[m].start == p.start && layers.names[m].end == p.end)
        };
        // the dateline says where the reporter was; it is only the last resort below, even
        // when the sentence (and so the clause) begins with it
        let in_dateline = |p: &PlaceMention| {
            layers
                .dateline
                .is_some_and(|(start, end)| start <= p.start && p.end <= end)
        };
        let in_span = |(a, b): (usize, usize), locative_only: bool| {
            first_within(
                layers.places,
                self.places_in_order,
                |p| (p.start, p.end),
                a,
                b,
                |p| {
                    (!locative_only || p.locative)
                        && !is_actor_itself(p)
                        && !in_dateline(p)
                        && !sequel.is_some_and(|(a, b)| a <= p.start && p.end <= b)
                },
            )
        };
        let id = |p: &PlaceMention| layers.knowledge.gazetteer.info(p.place).id();
        if let Some((a, b)) = hit.slot {
            if let Some(p) = in_span(span(a, b), false) {
                return Some((id(p), PlaceSource::Recipient));
            }
        }
        // what a material act struck, shelled or took, named right after it: "shelled
        // Kafr Nabl", "struck the town of Khan Shaykhun"
        if !verbal && hit.end < right {
            let object = (hit.end, (hit.end + OBJECT_WORDS).min(right));
            if let Some(p) = in_span(span(object.0, object.1), false) {
                return Some((id(p), PlaceSource::Object));
            }
        }
        let locative = &layers.knowledge.places.locative;
        if verbal {
            if let Some(p) = in_span(span(left, hit.first), true) {
                return Some((id(p), PlaceSource::Clause));
            }
            if hit.end < right && locative.contains(self.lower(hit.end)) {
                if let Some(p) = in_span(span(hit.end, (hit.end + 4).min(right)), true) {
                    return Some((id(p), PlaceSource::Clause));
                }
            }
        } else {
            if let Some(p) = in_span(span(left, right), true) {
                return Some((id(p), PlaceSource::Clause));
            }
            if let Some(p) = in_span(span(sentence.first_token, sentence.end_token), true) {
                return Some((id(p), PlaceSource::Sentence));
            }
        }
        let (start, end) = layers.dateline?;
        first_within(
            layers.places,
            self.places_in_order,
            |p| (p.start, p.end),
            start,
            end,
            |_| true,
        )
        .map(|p| (id(p), PlaceSource::Dateline))
    }
}

/// The first of `items`, in the list's order, that lies within `a..b` and passes `keep`.
/// A list in text order (`in_order`: sorted by start) is searched from its first item
/// starting at `a` up to the last starting before `b`, so an act costs what its span
/// holds, not a scan of the whole report (a report of thousands of acts made that
/// quadratic); another list is scanned whole.
fn first_within<T>(
    items: &[T],
    in_order: bool,
    span: impl Fn(&T) -> (usize, usize),
    a: usize,
    b: usize,
    keep: impl Fn(&T) -> bool,
) -> Option<&T> {
    let inside = |x: &&T| {
        let (start, end) = span(x);
        a <= start && end <= b && keep(x)
    };
    if !in_order {
        return items.iter().find(inside);
    }
    let from = items.partition_point(|x| span(x).0 < a);
    items[from..]
        .iter()
        .take_while(|x| span(x).0 <= b)
        .find(inside)
}

#[cfg(test)]
mod first_within_tests {
    use super::first_within;

    /// Halving finds what a scan finds, for every span over lists in text order
    /// (overlapping items, items of no length and repeated starts included).
    #[test]
    fn halving_finds_what_a_scan_finds() {
        let items: Vec<(usize, usize)> = (0..40)
            .map(|i| ((i * 7) % 50, (i * 7) % 50 + (i % 4)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for a in 0..55 {
            for b in a..60 {
                for keep_odd in [false, true] {
                    let keep = |x: &(usize, usize)| !keep_odd || x.1 % 2 == 1;
                    let scan = items.iter().find(|x| a <= x.0 && x.1 <= b && keep(x));
                    let halved = first_within(&items, true, |x| *x, a, b, keep);
                    assert_eq!(halved, scan, "{a}..{b}");
                    assert_eq!(first_within(&items, false, |x| *x, a, b, keep), scan);
                }
            }
        }
    }
}
