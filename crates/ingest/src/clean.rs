//! From extracted text to clean text: page furniture and notices removed, the dateline
//! found, the publisher read off the notices that name it.
//!
//! Works on lines (a paragraph per line or paragraphs between blank lines). Removal is
//! positional as well as lexical: notices and widget labels are removed at the head and
//! the tail of a report, where pages put them; inside the body only lines that are exactly
//! a navigation label are dropped, so a sentence that happens to contain "views of" stays.

use crate::dateline::find_dateline;
use crate::rules::Rules;
use truce_model::{Dateline, RemovedBoilerplate};

/// The result of cleaning one report's text.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    pub dateline: Option<Dateline>,
    pub removed: Vec<RemovedBoilerplate>,
    /// A publisher named by a publisher line or a notice.
    pub publisher: Option<String>,
    /// A headline line above the dateline ("Market strike kills nine\n\nIDLIB -- ...").
    pub headline: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    Keep,
    Drop(&'static str),
}

/// Cleans `body` with `rules`.
pub fn clean_text(body: &str, rules: &Rules) -> Cleaned {
    let normalised = body.replace("\r\n", "\n").replace(['\r', '\u{feff}'], "\n");
    let lines: Vec<&str> = normalised.lines().map(|l| l.trim_end()).collect();
    let mut verdicts = vec![Verdict::Keep; lines.len()];
    let mut publisher = None;

    // Anywhere: lines that are only a widget label, or a short pointer elsewhere.
    for (i, line) in lines.iter().enumerate() {
        if is_nav(line, rules) {
            verdicts[i] = Verdict::Drop("navigation");
        }
    }
    // Head: publisher lines and notices before the first line of prose.
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() || verdicts[i] != Verdict::Keep {
            continue;
        }
        if let Some(name) = publisher_line(line, rules) {
            publisher.get_or_insert(name);
            verdicts[i] = Verdict::Drop("publisher line");
        } else if is_notice(line, rules) {
            verdicts[i] = Verdict::Drop("notice");
        } else {
            break;
        }
    }
    // Head: the report's own byline and time stamp among its first lines, before its first
    // sentence (a headline may stand above them); the author and the date are metadata,
    // not the report's text.
    for i in (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .take(rules.head_lines)
    {
        let line = lines[i].trim();
        if line.ends_with(['.', '!', '?']) || words(line).count() > rules.headline_max_words {
            break;
        }
        if verdicts[i] == Verdict::Keep {
            if is_byline(line, rules) {
                verdicts[i] = Verdict::Drop("byline");
            } else if rules.timestamp.is_match(line) {
                verdicts[i] = Verdict::Drop("time stamp");
            }
        }
    }
    // Tail: a list of other stories (headlines with their bylines or time stamps).
    drop_teaser_list(&lines, &mut verdicts, rules);
    // Tail: notices, copyright lines and leftover headings after the last line of prose.
    for i in (0..lines.len()).rev() {
        let line = lines[i];
        if line.trim().is_empty() || verdicts[i] != Verdict::Keep {
            continue;
        }
        if is_notice(line, rules) {
            verdicts[i] = Verdict::Drop("notice");
        } else if is_trailing_heading(line, rules) {
            verdicts[i] = Verdict::Drop("trailing heading");
        } else {
            break;
        }
    }

    let mut removed = Vec::new();
    let mut kept: Vec<&str> = Vec::new();
    for (line, verdict) in lines.iter().zip(&verdicts) {
        match verdict {
            Verdict::Keep => kept.push(line.trim_start_matches('\u{feff}')),
            Verdict::Drop(reason) => {
                if publisher.is_none() {
                    publisher = publisher_in_notice(line, rules);
                }
                removed.push(RemovedBoilerplate {
                    text: line.trim().to_string(),
                    reason: reason.to_string(),
                })
            }
        }
    }
    let text = join_paragraphs(&kept);
    let (dateline, headline) = match find_dateline(&text, 0) {
        Some(d) => (Some(d), None),
        None => headline_then_dateline(&text),
    };
    Cleaned {
        text,
        dateline,
        removed,
        publisher,
        headline,
    }
}

/// How many short lines (a headline, then a byline or a time) may stand above the
/// dateline.
const LINES_ABOVE_DATELINE: usize = 2;

/// A report that opens with a headline paragraph, perhaps a byline line, and then the
/// dateline: both found.
fn headline_then_dateline(text: &str) -> (Option<Dateline>, Option<String>) {
    let short_line = |p: &str| {
        let p = p.trim();
        !p.is_empty()
            && !p.contains('\n')
            && p.split_whitespace().count() <= 20
            && !p.ends_with(['.', '!', '?', ':', ';'])
    };
    let mut start = 0;
    for _ in 0..LINES_ABOVE_DATELINE {
        let Some(end) = text[start..].find("\n\n").map(|e| start + e) else {
            return (None, None);
        };
        if !short_line(&text[start..end]) {
            return (None, None);
        }
        if let Some(d) = find_dateline(&text[end + 2..], end + 2) {
            let first = text.split("\n\n").next().unwrap_or("").trim();
            return (Some(d), Some(first.to_string()));
        }
        start = end + 2;
    }
    (None, None)
}

/// Joins kept lines, trimming blank lines at either end and folding runs of blank lines
/// into one, so paragraph structure survives but removed lines leave no holes.
fn join_paragraphs(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank_pending = false;
    for line in lines {
        if line.trim().is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_pending {
                out.push('\n');
            }
        }
        blank_pending = false;
        out.push_str(line.trim_start());
    }
    out
}

fn words(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

fn label_of(line: &str) -> String {
    line.trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Navigation labels and pointers are short; longer lines are prose.
const MAX_NAV_LINE_BYTES: usize = 200;

fn is_nav(line: &str, rules: &Rules) -> bool {
    if line.len() > MAX_NAV_LINE_BYTES {
        return false;
    }
    let label = label_of(line);
    if label.is_empty() {
        return false;
    }
    if rules.nav_labels.contains(&label) {
        return true;
    }
    let lower = line.trim().to_lowercase();
    words(line).count() <= 25
        && rules
            .nav_prefixes
            .iter()
            .any(|p| lower.starts_with(p.as_str()))
}

/// A disclaimer, copyright or site notice: dense in words about the publication itself.
fn is_notice(line: &str, rules: &Rules) -> bool {
    let trimmed = line.trim();
    if trimmed.starts_with('©') || trimmed.to_lowercase().starts_with("copyright") {
        return true;
    }
    let all: Vec<String> = words(line).collect();
    if all.is_empty() {
        return false;
    }
    let hits: Vec<&String> = all
        .iter()
        .filter(|w| rules.meta_words.contains(w.as_str()))
        .collect();
    let mut distinct: Vec<&&String> = hits.iter().collect();
    distinct.sort();
    distinct.dedup();
    distinct.len() >= rules.disclaimer_min_distinct
        && hits.len() as f64 >= rules.disclaimer_min_share * all.len() as f64
}

/// Marks as dropped the run of short lines at the end of a page that lists other stories:
/// walking back from the last line, bylines, time stamps and headlines (at most
/// `headline_max_words` words, not ending with a full stop) are taken until the first other
/// line. The run goes when it holds at least `teaser_min_marks` bylines or time stamps (a
/// report's own byline and date stand at its head, once), or when the line that stopped
/// the walk is a heading that introduces such a list ("You may also like"), which goes
/// too; in either case only when some text stands before it.
fn drop_teaser_list(lines: &[&str], verdicts: &mut [Verdict], rules: &Rules) {
    let (mut first, mut marks, mut heading) = (lines.len(), 0, None);
    for i in (0..lines.len()).rev() {
        let line = lines[i].trim();
        if line.is_empty() {
            continue;
        }
        if rules.list_headings.contains(&label_of(line)) {
            heading = Some(i);
            break;
        }
        if verdicts[i] != Verdict::Keep {
            continue;
        }
        let mark = is_byline(line, rules) || rules.timestamp.is_match(line);
        // a sentence (a line that ends with a full stop) is prose, not a headline
        if !mark && (words(line).count() > rules.headline_max_words || line.ends_with('.')) {
            break;
        }
        first = i;
        marks += usize::from(mark);
    }
    let listed = first < lines.len() && (marks >= rules.teaser_min_marks || heading.is_some());
    let from = heading.unwrap_or(first).min(first);
    // never the whole text: a page that is nothing but such lines is left to the reader
    let prose_before = lines[..from]
        .iter()
        .zip(verdicts.iter())
        .any(|(l, v)| *v == Verdict::Keep && !l.trim().is_empty());
    if !listed || !prose_before {
        return;
    }
    for (i, verdict) in verdicts.iter_mut().enumerate().skip(from) {
        if *verdict == Verdict::Keep && !lines[i].trim().is_empty() {
            *verdict = Verdict::Drop("list of other stories");
        }
    }
}

/// "By Jane Doe", "By REUTERS": a byline alone on its line.
fn is_byline(line: &str, rules: &Rules) -> bool {
    let lower = line.to_lowercase();
    words(line).count() <= rules.byline_max_words
        && rules
            .byline_prefixes
            .iter()
            .any(|p| lower.starts_with(p.as_str()))
}

/// A short line with no sentence-final punctuation at the end of a report.
fn is_trailing_heading(line: &str, rules: &Rules) -> bool {
    let trimmed = line.trim();
    let ends_sentence = trimmed.ends_with([
        '.', '!', '?', '"', '\u{201d}', '\'', '\u{2019}', ')', ':', ';',
    ]);
    !ends_sentence && words(trimmed).count() <= rules.trailing_heading_max_words
}

fn publisher_line(line: &str, rules: &Rules) -> Option<String> {
    let trimmed = line.trim();
    let lower = trimmed.to_lowercase();
    let prefix = rules
        .publisher_line_prefixes
        .iter()
        .find(|p| lower.starts_with(p.as_str()))?;
    let name = trimmed[prefix.len()..].trim().trim_end_matches('.').trim();
    (!name.is_empty() && name.split_whitespace().count() <= 8).then(|| name.to_string())
}

fn publisher_in_notice(line: &str, rules: &Rules) -> Option<String> {
    rules.publisher_patterns.iter().find_map(|re| {
        let name = re.captures(line)?.name("name")?.as_str();
        let name = name.trim().trim_end_matches(['.', ',', '-']).trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> Cleaned {
        clean_text(s, &Rules::builtin())
    }

    #[test]
    fn a_headline_above_the_dateline_is_the_title_and_the_dateline_is_found() {
        let c = clean("Convoy reaches Douma\n\nDOUMA -- Twelve trucks arrived on Monday.\n");
        assert_eq!(c.headline.as_deref(), Some("Convoy reaches Douma"));
        let d = c.dateline.expect("dateline after the headline");
        assert_eq!(&c.text[d.span.start..d.span.end], "DOUMA");
        // a first paragraph that is a sentence is not a headline
        let c = clean("Twelve trucks arrived.\n\nDOUMA -- More came on Tuesday.\n");
        assert!(c.headline.is_none() && c.dateline.is_none());
        // a byline line may stand between the headline and the dateline
        let c = clean(
            "Convoy reaches Douma\n\nJane Roe (@janeroe) Fri 3rd March 2021 | 10:05 AM\n\n\
             DOUMA (Daily Courier / AFP) Twelve trucks arrived on Monday.\n",
        );
        assert_eq!(c.headline.as_deref(), Some("Convoy reaches Douma"));
        let d = c.dateline.expect("dateline after the byline");
        assert_eq!(&c.text[d.span.start..d.span.end], "DOUMA");
    }

    #[test]
    fn tail_notice_and_heading_go_and_name_the_publisher() {
        let c = clean(
            "DAMASCUS -- Two convoys reached the town on Monday.\n\
             Aid workers said more were planned.\n\
             Reader Comments Below\n\
             Views and opinions posted by readers are their own and are not endorsed by the Levant Daily Courier. All rights reserved.\n",
        );
        assert_eq!(c.text, "DAMASCUS -- Two convoys reached the town on Monday.\nAid workers said more were planned.");
        assert_eq!(c.removed.len(), 2);
        assert_eq!(c.removed[0].reason, "trailing heading");
        assert_eq!(c.removed[1].reason, "notice");
        assert_eq!(
            c.dateline.as_ref().map(|d| d.text.as_str()),
            Some("DAMASCUS")
        );
    }

    #[test]
    fn publisher_from_a_disclaimer() {
        let c = clean("A ceasefire began.\nThe views expressed by contributors here do not necessarily reflect the editorial policy of the Gulf Monitor Weekly.\n");
        assert_eq!(c.publisher.as_deref(), Some("Gulf Monitor Weekly"));
        assert_eq!(c.text, "A ceasefire began.");
    }

    #[test]
    fn publisher_from_copyright_and_publisher_lines() {
        let c = clean("Talks resumed in Geneva.\n© 2019 Northern Wire Service\n");
        assert_eq!(c.publisher.as_deref(), Some("Northern Wire Service"));
        let c = clean("Publisher: Field Monitor Bulletin\n\nShelling was reported near the road.");
        assert_eq!(c.publisher.as_deref(), Some("Field Monitor Bulletin"));
        assert_eq!(c.text, "Shelling was reported near the road.");
    }

    #[test]
    fn body_sentences_with_meta_words_stay() {
        // One meta word in a news sentence is not a notice; the last line ends a sentence.
        let text = "The minister said the views of the opposition would be heard.\nTalks continue on Tuesday.";
        let c = clean(text);
        assert_eq!(c.text, text);
        assert!(c.removed.is_empty());
    }

    #[test]
    fn navigation_labels_inside_the_body_are_dropped() {
        let c = clean("First paragraph of the report.\nAdvertisement\nRead more: Another story about shelling\nSecond paragraph.");
        assert_eq!(c.text, "First paragraph of the report.\nSecond paragraph.");
    }

    #[test]
    fn a_list_of_other_stories_at_the_end_goes() {
        let c = clean(
            "Shelling hit the town on Monday, residents said, and two people were wounded in the market.\n\n\
             Talks on the corridor resume in Ankara\n\nBy  DESK STAFF\n11/20/2019 01:14 PM\n\n\
             Convoy reaches Douma after delay\n\nBy REUTERS\n11/20/2019 10:08 AM\n\n\
             Monitors count new displacement\n\nBy DESK STAFF\nNovember 19, 2019 09:39\n",
        );
        assert_eq!(
            c.text,
            "Shelling hit the town on Monday, residents said, and two people were wounded in the market."
        );
        assert_eq!(c.removed.len(), 9, "{:?}", c.removed);
        assert!(c
            .removed
            .iter()
            .all(|r| r.reason == "list of other stories"));
        // one byline and one date are a report's own, not a list
        let c = clean(
            "Shelling hit the town on Monday.\nTalks resume on Tuesday\nBy Desk Staff\n11/20/2019",
        );
        assert!(
            c.removed
                .iter()
                .all(|r| r.reason != "list of other stories"),
            "{:?}",
            c.removed
        );
        // nor is a text made of such lines only
        let only = "Story one\nBy Desk Staff\n11/20/2019\nStory two\nBy Desk Staff\n11/21/2019";
        assert!(clean(only)
            .removed
            .iter()
            .all(|r| r.reason != "list of other stories"));
        // a heading that introduces a list takes the list with it, however short
        let c = clean("Shelling hit the town on Monday, residents said.\nThe market was closed.\nYou may also be interested in...\nConvoy reaches Douma\nTalks resume in Ankara");
        assert_eq!(
            c.text,
            "Shelling hit the town on Monday, residents said.\nThe market was closed."
        );
        // a heading in the middle of the report leaves the prose after it alone
        let text =
            "Shelling hit the town.\nRelated\nThe market was closed on Monday, residents said.";
        assert!(clean(text).text.ends_with("residents said."));
        // time stamps alone make a list too: "3 hours ago", "20.11.2019"
        let c = clean("A long first line of the report that tells what happened in the town on Monday and after.\nStory one\n3 hours ago\nStory two\n20.11.2019\nStory three\n09:15 pm");
        assert_eq!(c.text, "A long first line of the report that tells what happened in the town on Monday and after.");
    }

    #[test]
    fn the_reports_own_byline_and_time_stamp_go() {
        let c = clean("Convoy reaches Douma\n\nBy Jane Field - 2019-04-10\n\nTwelve trucks arrived on Monday.\nBy the evening more had come");
        assert_eq!(
            c.text,
            "Convoy reaches Douma\n\nTwelve trucks arrived on Monday.\nBy the evening more had come"
        );
        assert_eq!(c.removed[0].reason, "byline");
        let c = clean(
            "Convoy reaches Douma\nNovember 19, 2019 09:39\nTwelve trucks arrived on Monday.",
        );
        assert_eq!(
            c.text,
            "Convoy reaches Douma\nTwelve trucks arrived on Monday."
        );
        assert_eq!(c.removed[0].reason, "time stamp");
    }

    #[test]
    fn paragraphs_and_crlf_survive() {
        let c = clean("One.\r\n\r\n\r\nTwo.\r\nThree.");
        assert_eq!(c.text, "One.\n\nTwo.\nThree.");
    }
}
