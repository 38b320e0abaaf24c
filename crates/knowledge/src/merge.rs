//! How a user's knowledge file adds to the bundled one.

/// A section of a knowledge file that a user's file of the same shape adds to.
///
/// Implementations destructure `more` field by field (`let Self { a, b, .. } = more`
/// is not allowed: no `..`), so a field added to a section later cannot be left out of
/// its merge without the compiler saying so: a user's file never loses a field silently.
pub(crate) trait Merge {
    fn merge(&mut self, more: Self);
}

impl<T: Merge> Merge for Option<T> {
    /// A section only the user's file has is taken whole.
    fn merge(&mut self, more: Self) {
        match (self.as_mut(), more) {
            (Some(known), Some(more)) => known.merge(more),
            (None, more) => *self = more,
            (Some(_), None) => {}
        }
    }
}
