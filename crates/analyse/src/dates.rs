//! Dates: absolute ("7 September 2018", "Sept. 7", "September 2018", "2018-09-07") and
//! relative to the publication date ("on Friday", "yesterday", "last week", "since
//! December", "three days ago"), each with a precision.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use truce_knowledge::{DatePatterns, RelativeShift};
use truce_model::{DateMention, DatePrecision};

use crate::tokens::{Token, TokenKind};
use crate::Text;

/// Lower-case tokens, read through `Text::lower`; empty past the end.
struct Lower<'a>(&'a Text<'a>);

impl Lower<'_> {
    fn get(&self, i: usize) -> &str {
        self.0.lower(i)
    }
}

struct Found {
    first: usize,
    end: usize,
    value: Option<(NaiveDate, DatePrecision)>,
    relative: bool,
}

/// Finds the dates in `tokens`. `published` anchors relative expressions.
pub fn find(t: &Text, words: &DatePatterns, published: Option<NaiveDate>) -> Vec<DateMention> {
    let (text, tokens) = (t.text, t.tokens.as_slice());
    let lower = Lower(t);
    let reader = DateReader {
        text,
        tokens,
        lower: &lower,
        words,
        published,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // most tokens cannot open a date, as the lexicon says without a lookup of its own
        // (an ISO date such as 2018-09-07 is one word token that starts with a digit)
        if tokens[i].kind != TokenKind::Number
            && (tokens[i].kind != TokenKind::Word
                || (!text.as_bytes()[tokens[i].start].is_ascii_digit() && !t.lex(i).opens_date()))
        {
            i += 1;
            continue;
        }
        match reader.date_at(i) {
            Some(found) => {
                let first = lead_start(&lower, tokens, words, found.first);
                let (start, end) = (tokens[first].start, tokens[found.end - 1].end);
                let unresolved = found.value.is_none();
                out.push(DateMention {
                    text: text[start..end].to_string(),
                    start,
                    end,
                    value: found.value.map(|(d, p)| format_value(d, p)),
                    precision: found.value.map(|(_, p)| p).unwrap_or(DatePrecision::Day),
                    relative: found.relative,
                    note: unresolved.then(|| {
                        "relative to the publication date, which the document does not give"
                            .to_string()
                    }),
                });
                i = found.end;
            }
            None => i += 1,
        }
    }
    out
}

fn lead_start(lower: &Lower, tokens: &[Token], words: &DatePatterns, first: usize) -> usize {
    // the longest lead first ("at the end of" before "of")
    for lead in &words.leads {
        let n = lead.split(' ').count();
        if first >= n
            && lead
                .split(' ')
                .enumerate()
                .all(|(k, w)| lower.get(first - n + k) == w)
            && same_line(tokens, first - n, first)
        {
            return first - n;
        }
    }
    first
}

fn same_line(tokens: &[Token], a: usize, b: usize) -> bool {
    tokens[a..=b].iter().all(|t| t.kind != TokenKind::Newline)
}

fn number(tokens: &[Token], lower: &Lower, i: usize) -> Option<i64> {
    let t = tokens.get(i)?;
    if t.kind != TokenKind::Number {
        // "7th", "1st"
        let w = lower.get(i).trim_end_matches(|c: char| c.is_alphabetic());
        if w.is_empty() || !matches!(&lower.get(i)[w.len()..], "st" | "nd" | "rd" | "th") {
            return None;
        }
        return w.parse().ok();
    }
    lower.get(i).parse().ok()
}

fn is_stop(tokens: &[Token], text: &str, i: usize) -> bool {
    tokens
        .get(i)
        .is_some_and(|t| t.kind == TokenKind::Punct && t.text(text) == ".")
}

/// What one form of date expression makes of the words at a token.
enum Reading {
    /// A date of this form.
    Date(Found),
    /// Words of this form that are no date ("7 may" in lower case): stop looking.
    NoDate,
    /// Not this form: try the next.
    OtherForm,
}

impl Reading {
    fn from(found: Option<Found>) -> Reading {
        found.map_or(Reading::OtherForm, Reading::Date)
    }
}

/// A report's tokens as the date forms read them.
struct DateReader<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lower: &'a Lower<'a>,
    words: &'a DatePatterns,
    published: Option<NaiveDate>,
}

impl DateReader<'_> {
    /// The date expression that starts at token `i`, tried form by form.
    fn date_at(&self, i: usize) -> Option<Found> {
        let forms: [fn(&Self, usize) -> Reading; 7] = [
            Self::iso,
            Self::day_then_month,
            Self::month_first,
            Self::weekday,
            Self::relative_phrase,
            Self::count_ago,
            Self::led_year,
        ];
        for form in forms {
            match form(self, i) {
                Reading::Date(found) => return Some(found),
                Reading::NoDate => return None,
                Reading::OtherForm => {}
            }
        }
        None
    }

    /// Whether the clause of the date at token `first` speaks of what is to come: one of
    /// the `future` words before it, back to the clause's start (a comma or a stop).
    /// Words after the date are not read: in "On Monday, Russia said it would ..." the
    /// Monday is the day it said so.
    fn clause_looks_ahead(&self, first: usize) -> bool {
        /// How far back a clause is read, in tokens.
        const REACH: usize = 12;
        let (tokens, lower) = (self.tokens, self.lower);
        (first.saturating_sub(REACH)..first)
            .rev()
            .take_while(|&j| {
                tokens[j].kind != TokenKind::Newline
                    && !matches!(lower.get(j), "." | ";" | ":" | "!" | "?" | ",")
            })
            .any(|j| self.words.future.contains(lower.get(j)))
    }

    /// The lower-case word before token `i` ("" at the start).
    fn before(&self, i: usize) -> &str {
        if i > 0 {
            self.lower.get(i - 1)
        } else {
            ""
        }
    }

    /// 2018-09-07
    fn iso(&self, i: usize) -> Reading {
        let (t, w) = (self.tokens[i], self.lower.get(i));
        let iso_shaped = w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-';
        if !iso_shaped || !(t.kind == TokenKind::Word || t.kind == TokenKind::Number) {
            return Reading::OtherForm;
        }
        Reading::from(
            NaiveDate::parse_from_str(w, "%Y-%m-%d")
                .ok()
                .map(|d| Found {
                    first: i,
                    end: i + 1,
                    value: Some((d, DatePrecision::Day)),
                    relative: false,
                }),
        )
    }

    /// 7 September [2018]
    fn day_then_month(&self, i: usize) -> Reading {
        let (tokens, lower) = (self.tokens, self.lower);
        let Some(day) = number(tokens, lower, i).filter(|d| (1..=31).contains(d)) else {
            return Reading::OtherForm;
        };
        let Some(month) = self.words.month(lower.get(i + 1)) else {
            return Reading::OtherForm;
        };
        // "on 4 may it was reported": a month in lower case is one where a word of
        // `lowercase_month_followers`, punctuation or a name follows it
        let follows_as_date = || {
            tokens.get(i + 2).is_none_or(|next| {
                next.kind != TokenKind::Word
                    || next.capitalised
                    || self
                        .words
                        .lowercase_month_followers
                        .contains(lower.get(i + 2))
            })
        };
        if !tokens[i + 1].capitalised && !follows_as_date() {
            return Reading::NoDate;
        }
        let mut end = i + 2;
        if is_stop(tokens, self.text, end) && lower.get(i + 1).len() <= 4 {
            end += 1;
        }
        let year = year_at(tokens, lower, end);
        let end = if year.is_some() { end + 1 } else { i + 2 };
        Reading::Date(day_month(day as u32, month, year, self.published, i, end))
    }

    /// September 7[, 2018], September 2018, or a month led by a word ("since March"); a
    /// month whose name is also a common word ("May") needs a number or one of its own
    /// lead words.
    fn month_first(&self, i: usize) -> Reading {
        let (tokens, lower, words) = (self.tokens, self.lower, self.words);
        let (t, w) = (tokens[i], lower.get(i));
        let Some(month) = words
            .month(w)
            .filter(|_| t.capitalised && t.kind == TokenKind::Word)
        else {
            return Reading::OtherForm;
        };
        let mut j = i + 1;
        if is_stop(tokens, self.text, j) && w.len() <= 4 {
            j += 1;
        }
        if let Some(day) = number(tokens, lower, j).filter(|d| (1..=31).contains(d)) {
            if tokens[j].kind != TokenKind::Number || lower.get(j).len() <= 2 {
                let mut end = j + 1;
                let mut k = end;
                if tokens.get(k).is_some_and(|t| t.text(self.text) == ",") {
                    k += 1;
                }
                let year = year_at(tokens, lower, k);
                if year.is_some() {
                    end = k + 1;
                }
                return Reading::Date(day_month(day as u32, month, year, self.published, i, end));
            }
        }
        if let Some(year) = year_at(tokens, lower, j) {
            return match NaiveDate::from_ymd_opt(year, month, 1) {
                Some(d) => Reading::Date(Found {
                    first: i,
                    end: j + 1,
                    value: Some((d, DatePrecision::Month)),
                    relative: false,
                }),
                None => Reading::NoDate,
            };
        }
        let before = self.before(i);
        let ambiguous = words.ambiguous_months.contains(w);
        let led = i > 0 && (words.is_lead(before) || words.month_leads.contains(before));
        if !((led && !ambiguous)
            || (ambiguous && i > 0 && words.ambiguous_month_leads.contains(before)))
        {
            return Reading::NoDate;
        }
        let value = self.published.map(|p| {
            // the latest such month on or before publication, unless the phrase or its
            // clause looks ahead
            let ahead = (i > 0 && words.ahead.contains(before)) || self.clause_looks_ahead(i);
            let mut y = p.year();
            if !ahead && month > p.month() {
                y -= 1;
            }
            if ahead && month < p.month() {
                y += 1;
            }
            (
                NaiveDate::from_ymd_opt(y, month, 1).unwrap_or(p),
                DatePrecision::Month,
            )
        });
        Reading::Date(Found {
            first: i,
            end: j.min(i + 1),
            value,
            relative: true,
        })
    }

    /// Friday: the latest such day on or before publication, or the coming one after a
    /// word that points ahead ("next Friday").
    fn weekday(&self, i: usize) -> Reading {
        let (t, w) = (self.tokens[i], self.lower.get(i));
        let Some(wd) = self
            .words
            .weekday(w)
            .filter(|_| t.capitalised && t.kind == TokenKind::Word && w.len() > 3)
        else {
            return Reading::OtherForm;
        };
        let next = (i > 0 && self.words.weekday_ahead.contains(self.before(i)))
            || self.clause_looks_ahead(i);
        let value = self.published.map(|p| {
            let target = weekday(wd);
            let mut d = p;
            if next {
                d += Duration::days(1);
                while d.weekday() != target {
                    d += Duration::days(1);
                }
            } else {
                while d.weekday() != target {
                    d -= Duration::days(1);
                }
            }
            (d, DatePrecision::Day)
        });
        Reading::Date(Found {
            first: i,
            end: i + 1,
            value,
            relative: true,
        })
    }

    /// yesterday, today, the day before yesterday, last week
    fn relative_phrase(&self, i: usize) -> Reading {
        let w = self.lower.get(i);
        for phrase in self.words.relative.starting(w) {
            if let Some(end) = self.lower.0.phrase_at(i, &phrase.words) {
                let value = self.published.and_then(|p| match &phrase.value {
                    RelativeShift::Days(offset) => {
                        Some((p + Duration::days(*offset), DatePrecision::Day))
                    }
                    RelativeShift::Period(unit, n) => shift(p, unit, *n),
                });
                return Reading::Date(Found {
                    first: i,
                    end,
                    value,
                    relative: true,
                });
            }
        }
        Reading::OtherForm
    }

    /// three days ago
    fn count_ago(&self, i: usize) -> Reading {
        let (lower, words) = (self.lower, self.words);
        let count =
            number(self.tokens, lower, i).or_else(|| words.numbers.get(lower.get(i)).copied());
        let (Some(n), Some(unit)) = (count, words.ago_units.get(lower.get(i + 1))) else {
            return Reading::OtherForm;
        };
        if !words.ago.contains(lower.get(i + 2)) {
            return Reading::OtherForm;
        }
        Reading::Date(Found {
            first: i,
            end: i + 3,
            value: self.published.and_then(|p| ago(p, unit, n)),
            relative: true,
        })
    }

    /// "in 2018", "since 2011": a year after one of its lead words.
    fn led_year(&self, i: usize) -> Reading {
        let Some(year) = year_at(self.tokens, self.lower, i) else {
            return Reading::OtherForm;
        };
        if !(i > 0 && self.words.year_leads.contains(self.before(i))) {
            return Reading::OtherForm;
        }
        match NaiveDate::from_ymd_opt(year, 1, 1) {
            Some(d) => Reading::Date(Found {
                first: i,
                end: i + 1,
                value: Some((d, DatePrecision::Year)),
                relative: false,
            }),
            None => Reading::NoDate,
        }
    }
}

fn year_at(tokens: &[Token], lower: &Lower, i: usize) -> Option<i32> {
    let t = tokens.get(i)?;
    if t.kind != TokenKind::Number || lower.get(i).len() != 4 {
        return None;
    }
    lower
        .get(i)
        .parse()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
}

fn day_month(
    day: u32,
    month: u32,
    year: Option<i32>,
    published: Option<NaiveDate>,
    first: usize,
    end: usize,
) -> Found {
    match (year, published) {
        (Some(y), _) => Found {
            first,
            end,
            value: NaiveDate::from_ymd_opt(y, month, day).map(|d| (d, DatePrecision::Day)),
            relative: false,
        },
        (None, Some(p)) => {
            // the year that puts the date nearest the publication date
            let best = [p.year() - 1, p.year(), p.year() + 1]
                .iter()
                .filter_map(|&y| NaiveDate::from_ymd_opt(y, month, day))
                .min_by_key(|d| (*d - p).num_days().abs());
            Found {
                first,
                end,
                value: best.map(|d| (d, DatePrecision::Day)),
                relative: true,
            }
        }
        (None, None) => Found {
            first,
            end,
            value: None,
            relative: true,
        },
    }
}

fn weekday(i: u32) -> Weekday {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][i as usize % 7]
}

fn shift(p: NaiveDate, unit: &str, n: i64) -> Option<(NaiveDate, DatePrecision)> {
    match unit {
        "week" => {
            let monday = p - Duration::days(p.weekday().num_days_from_monday() as i64);
            Some((monday + Duration::weeks(n), DatePrecision::Week))
        }
        "weekend" => {
            let saturday = p - Duration::days((p.weekday().num_days_from_monday() as i64 + 2) % 7);
            Some((saturday + Duration::weeks(n), DatePrecision::Day))
        }
        "month" => {
            let months = p.year() as i64 * 12 + p.month0() as i64 + n;
            NaiveDate::from_ymd_opt(
                months.div_euclid(12) as i32,
                months.rem_euclid(12) as u32 + 1,
                1,
            )
            .map(|d| (d, DatePrecision::Month))
        }
        "year" => {
            NaiveDate::from_ymd_opt(p.year() + n as i32, 1, 1).map(|d| (d, DatePrecision::Year))
        }
        _ => None,
    }
}

fn ago(p: NaiveDate, unit: &str, n: i64) -> Option<(NaiveDate, DatePrecision)> {
    match unit {
        "day" => Some((p - Duration::days(n), DatePrecision::Day)),
        "week" => shift(p, "week", -n),
        "month" => shift(p, "month", -n),
        "year" => shift(p, "year", -n),
        _ => None,
    }
}

fn format_value(d: NaiveDate, p: DatePrecision) -> String {
    match p {
        DatePrecision::Day => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        DatePrecision::Week => {
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        DatePrecision::Month => format!("{:04}-{:02}", d.year(), d.month()),
        DatePrecision::Year => format!("{:04}", d.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
        let k = truce_knowledge::Knowledge::bundled().unwrap();
        let p = published.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
        find(&Text::new(text, &k.lexicon), &k.dates, p)
            .into_iter()
            .map(|d| (d.text, d.value))
            .collect()
    }

    fn one(text: &str, published: &str) -> (String, String) {
        let mut d = dates(text, Some(published));
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        let (t, v) = d.remove(0);
        (t, v.unwrap())
    }

    /// A weekday or a month in a clause about what is to come is the coming one; the
    /// words after the date do not count ("On Monday, Russia said it would ...").
    #[test]
    fn a_date_in_a_clause_about_the_future_is_the_coming_one() {
        // 13 March 2020 was a Friday
        assert_eq!(
            one(
                "Joint patrols will begin on Sunday, officials said.",
                "2020-03-13"
            )
            .1,
            "2020-03-15"
        );
        assert_eq!(
            one(
                "On Monday, officials said patrols would begin soon.",
                "2020-03-13"
            )
            .1,
            "2020-03-09"
        );
        assert_eq!(
            one(
                "The next meeting was planned to take place in June.",
                "2017-05-04"
            )
            .1,
            "2017-06"
        );
        assert_eq!(
            one("The meeting took place in June.", "2017-05-04").1,
            "2016-06"
        );
        assert_eq!(
            one(
                "The delegations signed the deal this morning.",
                "2020-10-23"
            )
            .1,
            "2020-10-23"
        );
    }

    #[test]
    fn weekdays_are_the_last_one_on_or_before_publication() {
        // 8 September 2018 was a Saturday
        assert_eq!(
            one("The leaders met on Friday in Tehran.", "2018-09-08"),
            ("on Friday".into(), "2018-09-07".into())
        );
        assert_eq!(
            one("Shelling resumed Saturday.", "2018-09-08").1,
            "2018-09-08"
        );
        assert_eq!(
            one("They meet again next Monday.", "2018-09-08").1,
            "2018-09-10"
        );
    }

    #[test]
    fn absolute_dates_and_abbreviations() {
        assert_eq!(
            one("It was signed on 17 September 2018 in Sochi.", "2019-01-01").1,
            "2018-09-17"
        );
        assert_eq!(
            one("It was signed on September 17, 2018.", "2019-01-01").1,
            "2018-09-17"
        );
        assert_eq!(
            one("Talks began Sept. 7 and ended.", "2018-09-20"),
            ("Sept. 7".into(), "2018-09-07".into())
        );
        assert_eq!(
            one("The deadline is October 15.", "2018-09-20").1,
            "2018-10-15"
        );
        assert_eq!(
            one("Elections were held in December 2017.", "2018-09-20").1,
            "2017-12"
        );
    }

    #[test]
    fn relative_periods() {
        assert_eq!(
            one("Fighting has raged since December.", "2018-09-08"),
            ("since December".into(), "2017-12".into())
        );
        assert_eq!(
            one("Troops withdrew at the end of April.", "2018-09-08"),
            ("at the end of April".into(), "2018-04".into())
        );
        assert_eq!(one("Aid arrived last week.", "2018-09-08").1, "2018-W35");
        assert_eq!(one("Aid arrived yesterday.", "2018-09-08").1, "2018-09-07");
        assert_eq!(
            one("The offensive began two weeks ago.", "2018-09-08").0,
            "two weeks ago"
        );
        assert_eq!(
            one("The town fell three days ago.", "2018-09-08").1,
            "2018-09-05"
        );
        assert_eq!(
            one("The war began in 2011.", "2018-09-08"),
            ("in 2011".into(), "2011".into())
        );
    }

    #[test]
    fn without_a_publication_date_relative_dates_stay_open() {
        let d = dates("They met on Friday and on 7 September 2018.", None);
        assert_eq!(
            d,
            [
                ("on Friday".to_string(), None),
                (
                    "on 7 September 2018".to_string(),
                    Some("2018-09-07".to_string())
                )
            ]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_date() {
        // the month that is also a verb is a date after its own lead words (data:
        // ambiguous_months, ambiguous_month_leads)
        assert_eq!(
            one("Talks have stalled since May.", "2018-09-08"),
            ("since May".into(), "2018-05".into())
        );
        assert!(dates("Rebels May withdraw, officials said.", Some("2018-09-08")).is_empty());
        assert!(dates("The ceasefire may hold.", Some("2018-09-08")).is_empty());
    }
}
