//! Casualty figures: how many an act killed or injured, read from the words around a
//! number ("killing at least nine civilians", "two soldiers were wounded", "dozens of
//! people died"). The words are knowledge (`patterns/casualties.toml`); this module holds
//! the two shapes a figure takes in English:
//!
//! - the word of harm leads: `killing [qualifier] NUMBER [describing words] [group]`;
//! - the figure leads: `[qualifier] NUMBER [describing words] [group] [links] died|killed`.
//!
//! A number is read once: "killing nine and wounding 12" is nine killed and 12 injured,
//! never nine injured as well.

use truce_knowledge::CasualtyPatterns;
use truce_model::{Casualty, CasualtyGroup, Figure, Harm};

use crate::{Text, TokenKind};

/// Describing words a figure may carry before its group ("nine Syrian soldiers", "12
/// other people"): capitalised words and the file's describing words, this many at most.
const DESCRIBING_WORDS: usize = 2;

/// A figure found at token `number` of the text.
pub(crate) struct Found {
    pub number: usize,
    /// The word of harm that leads the figure ("killing" in "killing nine"), whose token
    /// may be the trigger of an act of its own.
    pub lead: Option<usize>,
    pub casualty: Casualty,
}

/// The figures in tokens `first..end` of `text`.
pub(crate) fn figures(
    text: &Text,
    first: usize,
    end: usize,
    patterns: &CasualtyPatterns,
) -> Vec<Found> {
    let reader = Reader {
        text,
        first,
        end,
        patterns,
    };
    let mut out: Vec<Found> = Vec::new();
    let mut i = first;
    while i < end {
        // a figure starts at a digit, a word of the file's, or "twenty-five"
        let token = text.tokens[i];
        let word = text.lower(i);
        if token.kind != TokenKind::Number
            && !patterns.starts.contains(word)
            && !word
                .split_once('-')
                .is_some_and(|(tens, _)| patterns.starts.contains(tens))
        {
            i += 1;
            continue;
        }
        let found = reader
            .harm_leads(i)
            .or_else(|| reader.figure_leads(i).map(|(next, f)| (next, vec![f])));
        match found {
            Some((next, figures)) => {
                out.extend(figures);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// A number read at a token: its value, the token after it, whether it is a plural
/// amount ("dozens"), which is read as the least it can mean.
struct Number {
    value: u32,
    end: usize,
    vague: bool,
}

/// The reader of one window of tokens, `first..end`.
struct Reader<'t, 'a> {
    text: &'t Text<'a>,
    first: usize,
    end: usize,
    patterns: &'t CasualtyPatterns,
}

impl Reader<'_, '_> {
    fn word(&self, i: usize) -> &str {
        if i < self.end {
            self.text.lower(i)
        } else {
            ""
        }
    }

    /// The first of `phrases` that starts at token `i` and ends inside the window.
    fn phrase<T: Copy>(&self, i: usize, phrases: &[(Vec<String>, T)]) -> Option<(usize, T)> {
        phrases.iter().find_map(|(words, value)| {
            self.text
                .phrase_at(i, words)
                .filter(|&e| e <= self.end)
                .map(|e| (e, *value))
        })
    }

    /// A word of harm at `i`: the token after it, what it means, whether it may lead.
    fn harm(&self, i: usize) -> Option<(usize, Harm, bool)> {
        self.patterns.harms.iter().find_map(|(words, harm, leads)| {
            self.text
                .phrase_at(i, words)
                .filter(|&e| e <= self.end)
                .map(|e| (e, *harm, *leads))
        })
    }

    /// "killed or wounded": a word of harm joined to one of the other harm by "or" says
    /// neither figure alone.
    fn either(&self, after: usize, harm: Harm) -> bool {
        self.word(after) == "or" && self.harm(after + 1).is_some_and(|(_, h, _)| h != harm)
    }

    /// A number at token `i`: digits ("30", "1,200"), words ("nine", "twenty-five", "a
    /// dozen") or a plural amount ("dozens", followed by "of").
    fn number(&self, i: usize) -> Option<Number> {
        let token = self.text.tokens.get(i).filter(|_| i < self.end)?;
        if token.kind == TokenKind::Number {
            let digits = self.word(i);
            if digits.contains('.') {
                return None;
            }
            let value: u32 = digits.replace(',', "").parse().ok()?;
            return Some(Number {
                value,
                end: i + 1,
                vague: false,
            });
        }
        if let Some((end, value)) = self.phrase(i, &self.patterns.vague) {
            let end = if self.word(end) == "of" { end + 1 } else { end };
            return Some(Number {
                value,
                end,
                vague: true,
            });
        }
        if let Some((end, value)) = self.phrase(i, &self.patterns.numbers) {
            return Some(Number {
                value,
                end,
                vague: false,
            });
        }
        // "a soldier was killed": one, when a group follows
        if self.patterns.single.iter().any(|w| w == self.word(i))
            && self
                .group(i + 1)
                .is_some_and(|(_, who)| who != CasualtyGroup::People)
        {
            return Some(Number {
                value: 1,
                end: i + 1,
                vague: false,
            });
        }
        // "twenty-five": tens and units joined by a hyphen
        let (tens, units) = self.word(i).split_once('-')?;
        let value = |w: &str| {
            self.patterns
                .numbers
                .iter()
                .find(|(words, _)| words.len() == 1 && words[0] == w)
                .map(|(_, n)| *n)
        };
        let (tens, units) = (value(tens)?, value(units)?);
        (tens % 10 == 0 && tens >= 20 && units < 10).then_some(Number {
            value: tens + units,
            end: i + 1,
            vague: false,
        })
    }

    /// Whom the figure counts, after its number: the token after the group and the group,
    /// past up to [`DESCRIBING_WORDS`] describing words. A capitalised word that ends the
    /// phrase is a people named by where they are from ("killed 16 Palestinians"): people.
    fn group(&self, at: usize) -> Option<(usize, CasualtyGroup)> {
        for i in at..=at + DESCRIBING_WORDS {
            if let Some(found) = self.phrase(i, &self.patterns.groups) {
                return Some(found);
            }
            let token = self.text.tokens.get(i).filter(|_| i < self.end);
            let describing = token.is_some_and(|t| {
                t.kind == TokenKind::Word
                    && (t.capitalised || self.patterns.describing.iter().any(|d| d == self.word(i)))
            });
            if !describing || self.harm(i).is_some() {
                let named = i > at && self.text.tokens[i - 1].capitalised;
                return (named && self.bare_end(i)).then_some((i, CasualtyGroup::People));
            }
        }
        None
    }

    /// A qualifier that ends right before token `number`, and where it starts.
    fn qualifier(&self, number: usize) -> Option<(usize, Figure)> {
        self.patterns.qualifiers.iter().find_map(|(words, figure)| {
            let start = number.checked_sub(words.len())?;
            (start >= self.first && self.text.phrase_at(start, words) == Some(number))
                .then_some((start, *figure))
        })
    }

    /// How a figure is stated: its qualifier, or "at least" for a plural amount.
    fn figure(qualifier: Option<Figure>, number: &Number) -> Figure {
        match qualifier {
            Some(f) => f,
            None if number.vague => Figure::AtLeast,
            None => Figure::Exact,
        }
    }

    fn casualty(
        &self,
        harm: Harm,
        count: u32,
        figure: Figure,
        who: CasualtyGroup,
        span: (usize, usize),
    ) -> Casualty {
        let tokens = &self.text.tokens;
        let (start, end) = (tokens[span.0].start, tokens[span.1 - 1].end);
        Casualty {
            harm,
            count,
            figure,
            who,
            text: self.text.text[start..end].to_string(),
            start,
            end,
        }
    }

    /// `killing [qualifier] NUMBER [group]` starting at `i`: a leading word of harm, and
    /// the figures joined to its own by "and" ("killing nine civilians and three
    /// soldiers") unless a harm of their own follows them ("and three were wounded").
    fn harm_leads(&self, i: usize) -> Option<(usize, Vec<Found>)> {
        let (after, harm, leads) = self.harm(i)?;
        if !leads || self.either(after, harm) {
            return None;
        }
        let (end, first) = self.counted(after, (i, i), harm, true)?;
        let mut out = vec![first];
        let mut end = end;
        while self.word(end) == "and" && self.figure_leads(end + 1).is_none() {
            match self.counted(end + 1, (end + 1, i), harm, false) {
                Some((next, found)) => {
                    out.push(found);
                    end = next;
                }
                None => break,
            }
        }
        Some((end, out))
    }

    /// `[qualifier] NUMBER [group]` at `at`, counting `harm`, its words shown from `from`,
    /// led by the word of harm at `lead`. A figure without a group may end at a word that
    /// follows figures, when `bare` allows.
    fn counted(
        &self,
        at: usize,
        (from, lead): (usize, usize),
        harm: Harm,
        bare: bool,
    ) -> Option<(usize, Found)> {
        let (at, qualifier) = match self.phrase(at, &self.patterns.qualifiers) {
            Some((next, f)) => (next, Some(f)),
            None => (at, None),
        };
        let number = self.number(at)?;
        let (end, who) = match self.group(number.end) {
            Some((end, who)) => (end, who),
            // a bare figure ends its phrase: "killing 30 in Idlib", not "killing 5 km"
            None if bare && self.bare_end(number.end) => (number.end, CasualtyGroup::People),
            None => return None,
        };
        let figure = Self::figure(qualifier, &number);
        let casualty = self.casualty(harm, number.value, figure, who, (from, end));
        Some((
            end,
            Found {
                number: at,
                lead: Some(lead),
                casualty,
            },
        ))
    }

    /// `[qualifier] NUMBER [group] [links] died` with the number at `i`.
    fn figure_leads(&self, i: usize) -> Option<(usize, Found)> {
        let number = self.number(i)?;
        let (mut at, who) = self
            .group(number.end)
            .unwrap_or((number.end, CasualtyGroup::People));
        while let Some(next) = self
            .patterns
            .links
            .iter()
            .find_map(|l| self.text.phrase_at(at, l).filter(|&e| e <= self.end))
        {
            at = next;
        }
        let (end, harm, _) = self.harm(at)?;
        if self.either(end, harm) {
            return None;
        }
        let (start, qualifier) = match self.qualifier(i) {
            Some((start, f)) => (start, Some(f)),
            None => (i, None),
        };
        let figure = Self::figure(qualifier, &number);
        let casualty = self.casualty(harm, number.value, figure, who, (start, end));
        Some((
            end,
            Found {
                number: i,
                lead: None,
                casualty,
            },
        ))
    }

    /// Whether a figure without a group may end at token `i`: at punctuation, the end of
    /// the window or a word the file lists as following a figure ("and", "in").
    fn bare_end(&self, i: usize) -> bool {
        i >= self.end
            || self
                .text
                .tokens
                .get(i)
                .is_none_or(|t| t.kind != TokenKind::Word)
            || self.patterns.after_figure.iter().any(|w| w == self.word(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sentence: &str) -> Vec<(Harm, u32, Figure, CasualtyGroup)> {
        let k = truce_knowledge::Knowledge::bundled().unwrap();
        let text = Text::new(sentence, &k.lexicon);
        figures(&text, 0, text.tokens.len(), &k.casualties)
            .into_iter()
            .map(|f| {
                (
                    f.casualty.harm,
                    f.casualty.count,
                    f.casualty.figure,
                    f.casualty.who,
                )
            })
            .collect()
    }

    use CasualtyGroup::{Civilians, Fighters, People, Soldiers};
    use Figure::{About, AtLeast, Exact, UpTo};
    use Harm::{Injured, Killed};

    #[test]
    fn a_leading_word_of_harm_takes_the_figure_after_it() {
        assert_eq!(
            read("Shelling hit the town of Kafr Tala, killing at least seven civilians."),
            [(Killed, 7, AtLeast, Civilians)]
        );
        assert_eq!(
            read("The raid killed 14 people and wounded twenty-three others."),
            [(Killed, 14, Exact, People), (Injured, 23, Exact, People)]
        );
    }

    #[test]
    fn a_figure_before_its_harm_is_read_through_the_verb_between() {
        assert_eq!(
            read("Two Ukrainian servicemen were wounded near the line overnight."),
            [(Injured, 2, Exact, Soldiers)]
        );
        assert_eq!(
            read("Nearly 40 fighters have been killed since Monday."),
            [(Killed, 40, About, Fighters)]
        );
        assert_eq!(read("It left 1,200 dead."), [(Killed, 1200, Exact, People)]);
    }

    #[test]
    fn plural_amounts_are_the_least_they_mean() {
        assert_eq!(
            read("Dozens of villagers died in the bombardment."),
            [(Killed, 12, AtLeast, Civilians)]
        );
        assert_eq!(
            read("The blast injured up to 50 people."),
            [(Injured, 50, UpTo, People)]
        );
    }

    #[test]
    fn numbers_that_count_no_one_are_not_figures() {
        assert!(read("Troops killed in 2019 were honoured.").is_empty());
        assert!(read("The convoy came within 5 km of the post, witnesses said.").is_empty());
        assert!(read("One of the officers said the talks would resume.").is_empty());
        assert!(read("Three people were killed or wounded in the attack.").is_empty());
    }

    #[test]
    fn a_people_named_by_origin_and_a_single_person_are_counted() {
        assert_eq!(
            read("The shelling killed 16 Armenians, officials said."),
            [(Killed, 16, Exact, People)]
        );
        assert_eq!(
            read("A Turkish soldier was killed by a mine."),
            [(Killed, 1, Exact, Soldiers)]
        );
        assert!(read("A Turkish delegation was killed off in the press.").is_empty());
    }

    #[test]
    fn each_number_is_read_once() {
        assert_eq!(
            read("The strike killed nine and wounded 12 in the market."),
            [(Killed, 9, Exact, People), (Injured, 12, Exact, People)]
        );
    }

    #[test]
    fn a_toll_is_the_people_or_the_sum_of_groups() {
        let found = |s: &str| {
            let k = truce_knowledge::Knowledge::bundled().unwrap();
            let text = Text::new(s, &k.lexicon);
            figures(&text, 0, text.tokens.len(), &k.casualties)
                .into_iter()
                .map(|f| f.casualty)
                .collect::<Vec<_>>()
        };
        let both = found("The strike killed nine civilians and three soldiers.");
        assert_eq!(Casualty::toll(&both, Killed), Some(12));
        assert_eq!(Casualty::toll(&both, Injured), None);
        let including = found("The blast killed 12 people, including five children.");
        // "five children" is a group inside the twelve, read as its own figure only
        // when a word of harm goes with it; the toll is twelve either way
        assert_eq!(Casualty::toll(&including, Killed), Some(12));
    }
}
