//! Importer for CAMEO verb dictionaries in the PETRARCH format (`CAMEO.2.0.txt`), so
//! users can bring the verb patterns the event-data field has built since TABARI.
//!
//! The format: synonym sets (`&NAME` followed by `+WORD` lines), then verb blocks
//! (`--- VERB [code] ---`) listing verbs (`WORD {irregular forms} [code]`, `+MULTI_WORD`)
//! and patterns (`- * WORDS (PREP WORDS) {NOUN PHRASE} &SET + [code] # VERB`), where `*`
//! is the verb, `+` the target and `$` the source. Each verb and pattern becomes a truce
//! event pattern: the verb's forms, then the pattern's words with short gaps between
//! groups and a recipient slot for `+`. CAMEO codes map to PLOVER types through the
//! `cameo_to_plover` table of events.toml (longest prefix wins); codes that map to no
//! type (public statements, `---`) and patterns with words before the verb are left out
//! and counted. A block whose codes name more than one type, or a type and nothing ("die"
//! in clashes, "die" of natural causes), marks its patterns `context_dependent`: its verbs
//! alone mean nothing certain.

use rustc_hash::FxHashMap as HashMap;

use truce_model::EventType;

use crate::events::{Element, EventPattern, Inflector};

/// An imported pattern before it joins the event patterns.
#[derive(Debug, Clone)]
pub struct ImportedPattern {
    pub kind: EventType,
    pub cameo: String,
    pub text: String,
    pub elements: Vec<Element>,
    /// Its verb's block codes other types, or nothing, with other words ("die" of
    /// natural causes, "die" in clashes): the verb alone depends on what follows it.
    pub context_dependent: bool,
}

impl ImportedPattern {
    /// The event pattern it becomes; `source` names the dictionary.
    pub fn into_event_pattern(self, source: &str) -> EventPattern {
        EventPattern {
            kind: self.kind,
            mode: None,
            context: None,
            cameo: Some(self.cameo),
            text: self.text,
            example: String::new(),
            undergoer: false,
            noun: false,
            jointly: None,
            care: false,
            party: false,
            elements: self.elements,
            source: source.to_string(),
            imported: true,
            context_dependent: self.context_dependent,
        }
    }
}

/// What an import produced and what it left out.
#[derive(Debug, Default)]
pub struct CameoImport {
    pub patterns: Vec<ImportedPattern>,
    /// Verbs and patterns whose code maps to no PLOVER type.
    pub unmapped: usize,
    /// Patterns with words before the verb, which truce's patterns cannot express.
    pub before_verb: usize,
    /// Verbs left out by the `cameo_skip_verbs` list of events.toml.
    pub skipped: usize,
    /// PETRARCH transformation rules (`~` lines), which truce does not use.
    pub transformations: usize,
    pub warnings: Vec<String>,
}

/// The PLOVER type of a CAMEO code: the longest prefix in `table`.
pub fn plover_of(code: &str, table: &HashMap<String, EventType>) -> Option<EventType> {
    (1..=code.len())
        .rev()
        .find_map(|n| table.get(&code[..n]))
        .copied()
}

/// The code of a `[...]` field: "[042:043]" → "042", "[:173]" → "173", "[---]" → none.
fn code_of(field: &str) -> Option<String> {
    let inner = field.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(':')
        .map(str::trim)
        .find(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
}

/// Splits a line into its content and its `[code]` field, dropping the comment: `None`
/// without a field, `Some(None)` for a field that codes nothing (`[---]`).
fn fields(line: &str) -> (&str, Option<Option<String>>) {
    let line = line.split('#').next().unwrap_or("");
    match (line.find('['), line.rfind(']')) {
        (Some(a), Some(b)) if a < b => (&line[..a], Some(code_of(&line[a..=b]))),
        _ => (line, None),
    }
}

/// Marks every pattern of a finished verb block context-dependent when the block's codes
/// (of its verbs and of its patterns, imported or left out) name more than one type, or a
/// type and nothing (`[---]`); statements, which no PLOVER type names, do not count.
fn close_block(patterns: &mut [ImportedPattern], types: &mut Vec<Option<EventType>>) {
    types.sort();
    types.dedup();
    if types.len() > 1 {
        for p in patterns {
            p.context_dependent = true;
        }
    }
    types.clear();
}

/// Parses a PETRARCH verb dictionary. `name` names the file in warnings.
pub fn parse_cameo_verbs(
    name: &str,
    text: &str,
    table: &HashMap<String, EventType>,
    inflect: &Inflector,
    skip: &rustc_hash::FxHashSet<String>,
) -> CameoImport {
    let mut parser = VerbParser {
        name,
        table,
        inflect,
        skip,
        out: CameoImport::default(),
        sets: HashMap::default(),
        current_set: None,
        in_verbs: false,
        block_code: None,
        block_start: 0,
        block_types: Vec::new(),
        block_verbs: Vec::new(),
    };
    for (n, raw) in text.lines().enumerate() {
        parser.line(n + 1, raw.trim_end().trim_start());
    }
    let VerbParser {
        mut out,
        block_start,
        mut block_types,
        ..
    } = parser;
    close_block(&mut out.patterns[block_start..], &mut block_types);
    out
}

/// The state of reading a verb dictionary line by line: the synonym sets read so far and
/// the verb block being read.
struct VerbParser<'a> {
    name: &'a str,
    table: &'a HashMap<String, EventType>,
    inflect: &'a Inflector,
    skip: &'a rustc_hash::FxHashSet<String>,
    out: CameoImport,
    sets: HashMap<String, Vec<String>>,
    current_set: Option<String>,
    in_verbs: bool,
    block_code: Option<String>,
    /// Where the current block's patterns start, and the types its codes name (`None` for
    /// a code of no type).
    block_start: usize,
    block_types: Vec<Option<EventType>>,
    /// The verbs of the current block: their forms, for the block's patterns.
    block_verbs: Vec<Vec<Element>>,
}

impl VerbParser<'_> {
    /// Reads one trimmed line (`n` counts from 1).
    fn line(&mut self, n: usize, trimmed: &str) {
        if trimmed.is_empty() {
            self.current_set = None;
            return;
        }
        if trimmed.starts_with('#') {
            return;
        }
        // PETRARCH's transformations ("~ a (a b ATTACK) SAY = a b 015") recode what one
        // actor says another did; truce reads reported speech through its quotes instead
        if trimmed.starts_with('~') {
            self.out.transformations += 1;
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("---") {
            close_block(
                &mut self.out.patterns[self.block_start..],
                &mut self.block_types,
            );
            self.block_start = self.out.patterns.len();
            self.in_verbs = true;
            let header = rest.trim_end_matches('-');
            self.block_code = fields(header).1.flatten();
            self.block_verbs.clear();
            return;
        }
        if !self.in_verbs {
            self.set_line(trimmed);
        } else if let Some(pattern) = trimmed.strip_prefix('-') {
            self.pattern_line(n, trimmed, pattern);
        } else {
            self.verb_line(n, trimmed);
        }
    }

    /// A line of the synonym sets before the verbs: `&SET` opens a set, `+WORD` adds to it.
    fn set_line(&mut self, trimmed: &str) {
        if let Some(set) = trimmed.strip_prefix('&') {
            let set = set.split_whitespace().next().unwrap_or("").to_string();
            self.sets.entry(set.clone()).or_default();
            self.current_set = Some(set);
        } else if let (Some(set), Some(word)) = (&self.current_set, trimmed.strip_prefix('+')) {
            let word = fields(word).0.trim().trim_end_matches('_').to_lowercase();
            // a set member of several words cannot be one alternative of a word
            if !word.is_empty() && !word.contains('_') && !word.contains(' ') {
                self.sets.entry(set.clone()).or_default().push(word);
            }
        }
    }

    /// A pattern of the current block ("- * (a b) [code]"): one pattern per verb of the block.
    fn pattern_line(&mut self, n: usize, trimmed: &str, pattern: &str) {
        let (body, field) = fields(pattern);
        // "[---]": these words make the verb no act ("die of natural causes")
        let code = field.unwrap_or_else(|| self.block_code.clone());
        let kind = code.as_deref().and_then(|c| plover_of(c, self.table));
        // a statement (a code of no PLOVER type) says nothing of what the verb does
        if code.is_none() || kind.is_some() {
            self.block_types.push(kind);
        }
        let (Some(code), Some(kind)) = (code, kind) else {
            self.out.unmapped += 1;
            return;
        };
        let Some((before, after)) = body.split_once('*') else {
            self.out.warnings.push(format!(
                "{}:{n}: pattern without `*` (the verb): {trimmed}",
                self.name
            ));
            return;
        };
        if before
            .split_whitespace()
            .any(|w| w.chars().any(char::is_alphabetic))
        {
            self.out.before_verb += 1;
            return;
        }
        let tail = pattern_elements(after, &self.sets);
        if tail.is_empty() {
            return;
        }
        for verb in &self.block_verbs {
            let mut elements = verb.clone();
            elements.push(Element::Gap);
            elements.extend(tail.iter().cloned());
            self.out.patterns.push(ImportedPattern {
                kind,
                cameo: code.clone(),
                text: format!(
                    "{} {}",
                    show(verb),
                    after.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
                elements,
                context_dependent: false,
            });
        }
    }

    /// A verb line: WORD {forms} [code], or +MULTI_WORD {forms} [code].
    fn verb_line(&mut self, n: usize, trimmed: &str) {
        let (body, field) = fields(trimmed);
        let (lemma, forms) = match body.split_once('{') {
            Some((l, f)) => (l.trim(), f.trim_end().trim_end_matches('}')),
            None => (body.trim(), ""),
        };
        let lemma = lemma.trim_start_matches('+').to_lowercase();
        if lemma.is_empty()
            || !lemma
                .chars()
                .all(|c| c.is_alphabetic() || c == '_' || c == '-')
        {
            self.out.warnings.push(format!(
                "{}:{n}: cannot read the verb line {trimmed:?}",
                self.name
            ));
            return;
        }
        let words: Vec<&str> = lemma.split('_').filter(|w| !w.is_empty()).collect();
        let Some((head, rest)) = words.split_first() else {
            return;
        };
        // verbs too general to be an act on their own ("say", "consider", "mean") are
        // left out, and so are the block's patterns built on them
        if self.skip.contains(&lemma) {
            self.out.skipped += 1;
            return;
        }
        let mut head_forms = self.inflect.forms(head);
        for f in forms.split_whitespace() {
            // explicit forms of a multi-word verb repeat its other words: keep the first
            let f = f.trim_start_matches('+').to_lowercase();
            if let Some(first) = f.split('_').next().filter(|x| !x.is_empty()) {
                head_forms.push(first.to_string());
            }
        }
        head_forms.sort();
        head_forms.dedup();
        let mut verb = vec![Element::Word(head_forms)];
        verb.extend(rest.iter().map(|w| Element::Word(vec![w.to_string()])));
        match field.unwrap_or_else(|| self.block_code.clone()) {
            Some(code) => match plover_of(&code, self.table) {
                Some(kind) => {
                    self.block_types.push(Some(kind));
                    self.out.patterns.push(ImportedPattern {
                        kind,
                        cameo: code.clone(),
                        text: show(&verb),
                        elements: verb.clone(),
                        context_dependent: false,
                    })
                }
                None => self.out.unmapped += 1,
            },
            // a verb that codes nothing alone, whose patterns code
            None => self.block_types.push(None),
        }
        self.block_verbs.push(verb);
    }
}

/// A pattern's words after the verb: groups in parentheses and braces keep their words
/// together; between groups a gap; `+` is the recipient; `$`, `^` and `%` are gaps.
fn pattern_elements(after: &str, sets: &HashMap<String, Vec<String>>) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::new();
    let mut depth = 0usize;
    let spaced = after
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('{', " { ")
        .replace('}', " } ");
    for token in spaced.split_whitespace() {
        match token {
            "(" | "{" => {
                if depth == 0 && !out.is_empty() && out.last() != Some(&Element::Gap) {
                    out.push(Element::Gap);
                }
                depth += 1;
            }
            ")" | "}" => depth = depth.saturating_sub(1),
            "+" => {
                if out.last() == Some(&Element::Gap) {
                    out.pop();
                }
                out.push(Element::Recipient);
            }
            "$" | "^" | "%" => {
                if out.last() != Some(&Element::Gap) && !out.is_empty() {
                    out.push(Element::Gap);
                }
            }
            word => {
                let alternatives: Vec<String> = match word.strip_prefix('&') {
                    Some(set) => sets.get(set).cloned().unwrap_or_default(),
                    None => word
                        .trim_end_matches('_')
                        .split('_')
                        .map(str::to_lowercase)
                        .collect::<Vec<_>>()
                        .join(" ")
                        .split(' ')
                        .map(str::to_string)
                        .collect(),
                };
                if alternatives.is_empty() {
                    continue;
                }
                if word.starts_with('&') {
                    let mut alts = alternatives;
                    alts.sort();
                    alts.dedup();
                    out.push(Element::Word(alts));
                } else {
                    for w in alternatives.into_iter().filter(|w| !w.is_empty()) {
                        out.push(Element::Word(vec![w]));
                    }
                }
                // words outside a group may have others between them
                if depth == 0 {
                    out.push(Element::Gap);
                }
            }
        }
    }
    while matches!(out.last(), Some(Element::Gap)) {
        out.pop();
    }
    // the recipient slot needs a word after it or must end the pattern; a gap before it
    // is part of the slot already
    out
}

fn show(elements: &[Element]) -> String {
    elements
        .iter()
        .map(|e| match e {
            Element::Word(forms) => forms.first().cloned().unwrap_or_default(),
            Element::Recipient => "{R}".into(),
            Element::Gap => "*".into(),
            Element::Possessive => "{A}'s".into(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> HashMap<String, EventType> {
        [
            ("02", "REQUEST"),
            ("10", "REQUEST"),
            ("18", "ASSAULT"),
            ("08", "CONCEDE"),
            ("084", "RETREAT"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.parse().unwrap()))
        .collect()
    }

    #[test]
    fn verbs_patterns_sets_and_codes_are_read() {
        let text = "\
&WEAPON
+ARMS
+WEAPONS

####### VERB PATTERNS #######

---  PLEAD   [020]  ---
PLEAD {PLED }
+ASK_FOR {+ASKED_FOR +ASKING_FOR}
- * &WEAPON (FROM +)        [023]   # PLEAD
- SHIP *                    [023]   # PLEAD
- * STATEMENT               [010]   # PLEAD

---  FREE   [084]  ---
FREE
- * {POLITICAL PRISONERS}   [0841]  # FREE
";
        let inflect = Inflector {
            irregular: HashMap::default(),
        };
        let got = parse_cameo_verbs("t.txt", text, &table(), &inflect, &Default::default());
        let kinds: Vec<(&str, &str)> = got
            .patterns
            .iter()
            .map(|p| (p.kind.as_str(), p.text.as_str()))
            .collect();
        assert!(kinds.contains(&("REQUEST", "plead")), "{kinds:?}");
        assert!(kinds.contains(&("REQUEST", "ask for")), "{kinds:?}");
        assert!(
            kinds.contains(&("RETREAT", "free {POLITICAL PRISONERS}")),
            "{kinds:?}"
        );
        let arms = got
            .patterns
            .iter()
            .find(|p| p.cameo == "023" && p.text.starts_with("plead"))
            .expect("the weapons pattern of plead");
        assert!(
            matches!(&arms.elements[2], Element::Word(w) if w.contains(&"weapons".to_string()))
        );
        assert!(arms.elements.contains(&Element::Recipient));
        let pled = &got
            .patterns
            .iter()
            .find(|p| p.text == "plead")
            .unwrap()
            .elements[0];
        assert!(
            matches!(pled, Element::Word(w) if w.contains(&"pled".to_string()) && w.contains(&"pleaded".to_string()))
        );
        assert_eq!(got.before_verb, 1);
        assert_eq!(got.unmapped, 1, "the 010 statement maps to no type");
    }

    #[test]
    fn skipped_verbs_take_their_block_patterns_with_them() {
        let text = "\
---  CONSIDER   [040]  ---
CONSIDER
PONDER
- * OFFER                   [040]   # CONSIDER
";
        let inflect = Inflector {
            irregular: HashMap::default(),
        };
        let table: HashMap<String, EventType> = [("04".to_string(), EventType::Consult)]
            .into_iter()
            .collect();
        let skip: rustc_hash::FxHashSet<String> = ["consider".to_string()].into_iter().collect();
        let got = parse_cameo_verbs("t.txt", text, &table, &inflect, &skip);
        let texts: Vec<&str> = got.patterns.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["ponder", "ponder OFFER"], "{texts:?}");
        assert_eq!(got.skipped, 1);
    }

    #[test]
    fn a_verb_whose_block_codes_other_things_depends_on_its_context() {
        let text = "\
---  DIE   [190]  ---
DIE
- * (OF {NATURAL CAUSES})   [---]   # DIE
- * (IN CLASHES)            [190]   # DIE

---  LAMBASTE   [111]  ---
LAMBASTE
- * STATEMENT               [010]   # LAMBASTE
";
        let inflect = Inflector {
            irregular: HashMap::default(),
        };
        let table: HashMap<String, EventType> =
            [("19", EventType::Assault), ("11", EventType::Accuse)]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b))
                .collect();
        let got = parse_cameo_verbs("t.txt", text, &table, &inflect, &Default::default());
        let read: Vec<(&str, bool)> = got
            .patterns
            .iter()
            .map(|p| (p.text.as_str(), p.context_dependent))
            .collect();
        // "[---]" codes nothing (it does not fall back on the block's code); a statement
        // pattern says nothing of what the verb does
        assert_eq!(
            read,
            [
                ("die", true),
                ("die (IN CLASHES)", true),
                ("lambaste", false)
            ],
            "{read:?}"
        );
    }

    #[test]
    fn codes_map_by_longest_prefix() {
        let t = table();
        assert_eq!(plover_of("0841", &t), Some(EventType::Retreat));
        assert_eq!(plover_of("081", &t), Some(EventType::Concede));
        assert_eq!(plover_of("010", &t), None);
        assert_eq!(code_of("[042:043]").as_deref(), Some("042"));
        assert_eq!(code_of("[:173]").as_deref(), Some("173"));
        assert_eq!(code_of("[---]"), None);
    }
}
