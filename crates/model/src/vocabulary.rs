//! Fixed vocabularies: the closed lists of words truce codes with (PLOVER event types,
//! modalities, precisions, sources). Each is an enum written once with the word it is
//! stored, exported and served as; everything else (the store's columns, the API's
//! enums, the command line's choices, the page's lists) is derived from it.
//!
//! Invariant: a vocabulary's word is its only spelling. Parsing is exact (case and all)
//! except where a vocabulary says otherwise ([`EventType::parse_loose`]), and every
//! vocabulary's [`ALL`](EventType::ALL) lists its values in the order users see them.

use std::fmt;

/// A word that is not in a vocabulary: says which vocabulary and what it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTerm {
    /// The vocabulary, as a user would name it ("event type").
    pub vocabulary: &'static str,
    pub given: String,
    pub allowed: &'static [&'static str],
}

impl fmt::Display for UnknownTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a known {}: use one of {}",
            self.given,
            self.vocabulary,
            self.allowed.join(", ")
        )
    }
}

impl std::error::Error for UnknownTerm {}

/// A vocabulary as data: its name and words, for lists that are served rather than
/// compiled in (`/api/vocabulary`).
pub trait Vocabulary: Copy + Sized + 'static {
    /// What a user calls it ("event type").
    const NAME: &'static str;
    /// Every value, in the order users see them.
    const ALL: &'static [Self];
    /// Every word, in the same order.
    const WORDS: &'static [&'static str];
    fn as_str(self) -> &'static str;
}

/// Declares a vocabulary: an enum whose variants each stand for one word, with `ALL`,
/// `WORDS`, `as_str`, `Display`, `FromStr` (exact; the error names the allowed words),
/// serde as the word, and the SQLite conversions when the `sql` feature is on.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order users see them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every word, in the same order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word this value is stored, exported and served as.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }
        }

        impl $crate::vocabulary::Vocabulary for $name {
            const NAME: &'static str = $what;
            const ALL: &'static [$name] = $name::ALL;
            const WORDS: &'static [&'static str] = $name::WORDS;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownTerm;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($word => Ok($name::$variant),)+
                    _ => Err($crate::vocabulary::UnknownTerm {
                        vocabulary: $what,
                        given: s.to_string(),
                        allowed: $name::WORDS,
                    }),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                word.parse().map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "sql")]
        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        #[cfg(feature = "sql")]
        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

vocabulary! {
    /// The 16 event types of PLOVER, in the manual's order (cooperation first, force last).
    pub enum EventType ("PLOVER event type") {
        Agree = "AGREE",
        Consult = "CONSULT",
        Support = "SUPPORT",
        Concede = "CONCEDE",
        Cooperate = "COOPERATE",
        Aid = "AID",
        Retreat = "RETREAT",
        Request = "REQUEST",
        Accuse = "ACCUSE",
        Reject = "REJECT",
        Threaten = "THREATEN",
        Protest = "PROTEST",
        Sanction = "SANCTION",
        Mobilize = "MOBILIZE",
        Coerce = "COERCE",
        Assault = "ASSAULT",
    }
}

impl EventType {
    /// A type as people type it: any case ("assault" is ASSAULT).
    pub fn parse_loose(s: &str) -> Result<EventType, UnknownTerm> {
        s.trim().to_uppercase().parse()
    }
}

vocabulary! {
    /// Whether an act happened as the report tells it. Only asserted events count in
    /// monitoring; the others are kept and shown.
    pub enum Modality ("modality") {
        Asserted = "asserted",
        /// "denied that its aircraft had been involved", "did not withdraw".
        Negated = "negated",
        /// "would not be the wisest move", "if the convoy came under fire".
        Hypothetical = "hypothetical",
        /// "will begin joint patrols on March 15", "plans to attack".
        Future = "future",
        /// Background: an act the report recalls, not one it reports.
        Historical = "historical",
    }
}

vocabulary! {
    /// How finely a place is known, as ACLED and UCDP grade it.
    pub enum PlacePrecision ("place precision") {
        Exact = "exact",
        District = "district",
        Region = "region",
        Country = "country",
        Continent = "continent",
    }
}

impl PlacePrecision {
    /// Too coarse to say whether an act lies inside a zone: a region, country or
    /// continent covers zones and their surroundings alike.
    pub fn is_coarse(self) -> bool {
        matches!(
            self,
            PlacePrecision::Region | PlacePrecision::Country | PlacePrecision::Continent
        )
    }
}

vocabulary! {
    /// What a user of a shared server may do (docs/security.md has the table of each
    /// role's rights).
    pub enum Role ("role") {
        /// Manages users, tokens and settings; reads the audit trail.
        Admin = "admin",
        /// Verifies and corrects acts, records statuses, uploads reports.
        Analyst = "analyst",
        /// Keeps the working group's case files on persons.
        WorkingGroupMember = "working-group-member",
        /// Reads the working group's case files (UN, ICRC experts), changes nothing.
        WorkingGroupObserver = "working-group-observer",
        /// Reads what is published.
        Reader = "reader",
    }
}

vocabulary! {
    /// What a request to a shared server does, as the access matrix names it: each
    /// endpoint does one of these, and each role may do some (`truce_access::allowed`).
    pub enum Action ("action") {
        /// Anyone, signed in or not: signing in, the API's description, the vocabularies.
        Public = "public",
        /// A signed-in user's own session: signing out, changing one's password, one's
        /// own API tokens.
        OwnAccount = "own-account",
        /// The record as published: acts, the timeline, exports, regimes, agreements.
        ReadRecord = "read-record",
        /// The working material behind it: reports, quotations, actors and places,
        /// proposed matches and evidence, violations computed from unverified acts.
        ReadWorking = "read-working",
        /// Upload a report.
        Upload = "upload",
        /// Verdicts on acts, splits and joins.
        Verify = "verify",
        /// A provision's status in a regime.
        RecordStatus = "record-status",
        /// Accept, edit or reject an agreement a report describes.
        DecideAgreement = "decide-agreement",
        /// Users, everyone's API tokens and the server's settings.
        ManageUsers = "manage-users",
        /// Read the audit trail and check its chain.
        ReadAudit = "read-audit",
    }
}

vocabulary! {
    /// What readers see: everything analysts see, or only acts analysts verified (an
    /// admin's setting).
    pub enum ReadersSee ("readers' view") {
        All = "all",
        Verified = "verified",
    }
}

vocabulary! {
    /// How finely a date is known.
    pub enum DatePrecision ("date precision") {
        Day = "day",
        Week = "week",
        Month = "month",
        Year = "year",
    }
}

vocabulary! {
    /// Where an event's date was found: how close to the act.
    pub enum DateSource ("date source") {
        /// A date expression in the act's own clause.
        Clause = "clause",
        /// A date expression elsewhere in the act's sentence.
        Sentence = "sentence",
        /// No date in the sentence: the report's publication date stands in.
        Publication = "publication",
    }
}

vocabulary! {
    /// Whether a quotation gives the words themselves, reports them, or only borrows a word.
    pub enum QuoteKind ("quotation kind") {
        Direct = "direct",
        Indirect = "indirect",
        /// A scare quote of one or two words ("stabilisation"): not a statement.
        Partial = "partial",
    }
}

vocabulary! {
    /// What befell the people a casualty figure counts.
    pub enum Harm ("harm") {
        Killed = "killed",
        Injured = "injured",
    }
}

vocabulary! {
    /// How a report states a figure: the number itself, or a bound or estimate of it.
    pub enum Figure ("figure") {
        Exact = "exact",
        /// "at least nine", "more than 20", "dozens".
        AtLeast = "at least",
        /// "about 30", "nearly 40", "some 15".
        About = "about",
        /// "up to 50", "as many as 12".
        UpTo = "up to",
    }
}

vocabulary! {
    /// Whom a casualty figure counts.
    pub enum CasualtyGroup ("casualty group") {
        Civilians = "civilians",
        Fighters = "fighters",
        Soldiers = "soldiers",
        /// The report does not say (people, persons).
        People = "people",
    }
}

vocabulary! {
    /// An analyst's verdict on an act.
    pub enum Verdict ("verdict") {
        /// The act is as the machine read it (with any earlier corrections).
        Confirmed = "confirmed",
        /// Some of its fields are corrected; the correction says which.
        Corrected = "corrected",
        /// It is no act: it leaves every count, map and suggestion.
        Rejected = "rejected",
    }
}

impl Verdict {
    /// Whether the verdict verifies the act: it stands, as read or corrected. What the
    /// "verified" filter keeps, and all a reader sees when the admin so sets.
    pub fn verifies(self) -> bool {
        matches!(self, Verdict::Confirmed | Verdict::Corrected)
    }
}

vocabulary! {
    /// A field of an act an analyst can correct.
    pub enum ActField ("act field") {
        Type = "type",
        Modality = "modality",
        Actors = "actors",
        Recipients = "recipients",
        Place = "place",
        Date = "date",
        /// The toll of killed (ACLED's fatalities).
        Killed = "killed",
        Injured = "injured",
    }
}

vocabulary! {
    /// What an actor is: the first part of an actor's `kind` in the knowledge files.
    pub enum ActorCategory ("actor kind") {
        Person = "person",
        State = "state",
        StateForces = "state forces",
        ArmedGroup = "armed group",
        InternationalForces = "international forces",
        InternationalOrganisation = "international organisation",
        HumanitarianOrganisation = "humanitarian organisation",
        MonitoringOrganisation = "monitoring organisation",
        NewsOrganisation = "news organisation",
        PoliticalOrganisation = "political organisation",
        /// Political actors at large ("the opposition").
        Political = "political",
        Population = "population",
        /// An actor of an imported dictionary (Phoenix), of no known category.
        Imported = "imported actor",
    }
}

impl ActorCategory {
    /// How a generic actor of this category is written: "armed groups (generic)".
    fn plural(self) -> &'static str {
        match self {
            ActorCategory::ArmedGroup => "armed groups",
            ActorCategory::State => "states",
            other => other.as_str(),
        }
    }
}

/// An actor's kind as the knowledge files write it: a category, alone ("armed group": one
/// named group) or generic, standing for any of its kind ("armed groups (generic)": whoever
/// a report calls "rebels"); a generic actor may be designated ("armed groups (generic,
/// designated)": terrorist organisations as a class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActorKind {
    pub category: ActorCategory,
    pub generic: bool,
    pub designated: bool,
}

impl ActorKind {
    /// One named actor of a category.
    pub const fn one(category: ActorCategory) -> ActorKind {
        ActorKind {
            category,
            generic: false,
            designated: false,
        }
    }

    /// Whether this is one actor of `category` (not a generic class of them).
    pub fn is_one(self, category: ActorCategory) -> bool {
        !self.generic && self.category == category
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.generic, self.designated) {
            (false, _) => f.write_str(self.category.as_str()),
            (true, false) => write!(f, "{} (generic)", self.category.plural()),
            (true, true) => write!(f, "{} (generic, designated)", self.category.plural()),
        }
    }
}

impl std::str::FromStr for ActorKind {
    type Err = UnknownTerm;

    /// "armed group", "armed groups (generic)", "armed groups (generic, designated)".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownTerm {
            vocabulary: "actor kind",
            given: s.to_string(),
            allowed: ActorCategory::WORDS,
        };
        let (name, flags) = match s.split_once(" (") {
            Some((name, rest)) => (name, rest.strip_suffix(')').ok_or_else(unknown)?),
            None => return s.parse().map(ActorKind::one),
        };
        let designated = match flags {
            "generic" => false,
            "generic, designated" => true,
            _ => return Err(unknown()),
        };
        let category = ActorCategory::ALL
            .iter()
            .copied()
            .find(|c| c.plural() == name)
            .ok_or_else(unknown)?;
        Ok(ActorKind {
            category,
            generic: true,
            designated,
        })
    }
}

impl serde::Serialize for ActorKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ActorKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        word.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_round_trips_and_an_unknown_word_names_the_allowed_ones() {
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>(), Ok(*t));
            let json = serde_json::to_string(t).unwrap();
            assert_eq!(serde_json::from_str::<EventType>(&json).unwrap(), *t);
        }
        assert_eq!(EventType::WORDS.len(), 16);
        assert_eq!(EventType::parse_loose(" assault "), Ok(EventType::Assault));
        let err = "attack".parse::<EventType>().unwrap_err().to_string();
        assert!(
            err.contains("\"attack\" is not a known PLOVER event type"),
            "{err}"
        );
        assert!(err.contains("AGREE, CONSULT"), "{err}");
        assert!("Asserted".parse::<Modality>().is_err());
        assert!(serde_json::from_str::<Modality>("\"sure\"").is_err());
    }

    #[test]
    fn an_actor_kind_reads_and_writes_as_the_knowledge_files_write_it() {
        for written in [
            "state",
            "armed group",
            "armed groups (generic)",
            "armed groups (generic, designated)",
            "states (generic)",
            "state forces (generic)",
            "political (generic)",
            "imported actor",
        ] {
            let kind: ActorKind = written.parse().unwrap();
            assert_eq!(kind.to_string(), written);
        }
        let generic: ActorKind = "armed groups (generic)".parse().unwrap();
        assert!(generic.generic && !generic.is_one(ActorCategory::ArmedGroup));
        for wrong in [
            "warlord",
            "armed group (generic)",
            "states (designated)",
            "state (",
        ] {
            let err = wrong.parse::<ActorKind>().unwrap_err().to_string();
            assert!(err.contains("is not a known actor kind"), "{err}");
        }
    }

    #[test]
    fn only_regions_countries_and_continents_are_coarse() {
        let coarse: Vec<_> = PlacePrecision::ALL
            .iter()
            .filter(|p| p.is_coarse())
            .map(|p| p.as_str())
            .collect();
        assert_eq!(coarse, ["region", "country", "continent"]);
    }
}
