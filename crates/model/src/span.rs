use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open byte range `[start, end)` into a document's clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Why a span does not fit a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanError {
    Reversed { start: usize, end: usize },
    OutOfBounds { end: usize, len: usize },
    NotCharBoundary { offset: usize },
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpanError::Reversed { start, end } => {
                write!(f, "span starts at {start} after its end {end}")
            }
            SpanError::OutOfBounds { end, len } => {
                write!(f, "span ends at {end} past the text's {len} bytes")
            }
            SpanError::NotCharBoundary { offset } => {
                write!(f, "span offset {offset} is inside a UTF-8 character")
            }
        }
    }
}

impl std::error::Error for SpanError {}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks that the span can slice `text`.
    pub fn check(&self, text: &str) -> Result<(), SpanError> {
        if self.start > self.end {
            return Err(SpanError::Reversed {
                start: self.start,
                end: self.end,
            });
        }
        if self.end > text.len() {
            return Err(SpanError::OutOfBounds {
                end: self.end,
                len: text.len(),
            });
        }
        for offset in [self.start, self.end] {
            if !text.is_char_boundary(offset) {
                return Err(SpanError::NotCharBoundary { offset });
            }
        }
        Ok(())
    }

    /// The text the span covers, or `None` if it does not fit `text`.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.check(text).ok().map(|_| &text[self.start..self.end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_on_char_boundaries_only() {
        let text = "Ḥamā city";
        assert_eq!(Span::new(0, 3).slice(text), Some("Ḥ"));
        assert!(matches!(
            Span::new(1, 3).check(text),
            Err(SpanError::NotCharBoundary { offset: 1 })
        ));
        assert!(matches!(
            Span::new(0, 99).check(text),
            Err(SpanError::OutOfBounds { .. })
        ));
        assert!(matches!(
            Span::new(4, 2).check(text),
            Err(SpanError::Reversed { .. })
        ));
    }
}
