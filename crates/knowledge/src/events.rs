//! Event patterns (data/knowledge/patterns/events.toml): verb phrases and nominal
//! triggers mapped to PLOVER types, the cues of modality, and the words that cut
//! sentences into clauses. Loaded as data and compiled into an index by first word.
//!
//! A pattern is a sequence of elements separated by spaces:
//! - `word` matches that word (without case); `a|b` matches either;
//! - `word+` matches the word and its inflections ("agree+" = agree, agrees, agreed,
//!   agreeing), with irregular forms from the `[irregular]` table;
//! - `{R}` is the recipient slot: up to a dozen words that must name an actor ("called
//!   on {R} to" in "called on all armed groups in Idlib to");
//! - `*` skips a few words ("launch+ * offensive"; the event reader's `GAP_WORDS`, six).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;

use truce_model::EventType;

use crate::merge::Merge;
use crate::KnowledgeError;

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// Any of these lower-case word forms.
    Word(Vec<String>),
    /// The recipient slot: words that must include an actor mention.
    Recipient,
    /// A few words of anything (the event reader's `GAP_WORDS`).
    Gap,
    /// A word ending in "'s" that names an actor (proposal cues: "at {A}'s suggestion").
    Possessive,
}

/// A pattern element as readers match it: [`Element`] with its word forms numbered in
/// the patterns' vocabulary ([`EventPatterns::word_id`]), sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Word(Box<[u32]>),
    Recipient,
    Gap,
    Possessive,
}

/// The number of a word no pattern names.
pub const NO_WORD: u32 = u32::MAX;

/// A set of word numbers folded into 256 bits: two sets that share no bit share no word,
/// so one AND rules out most of the patterns a sentence cannot match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordSet([u64; 4]);

impl WordSet {
    pub fn of(words: impl IntoIterator<Item = u32>) -> WordSet {
        let mut set = WordSet::default();
        words.into_iter().for_each(|w| set.insert(w));
        set
    }

    pub fn insert(&mut self, word: u32) {
        if word != NO_WORD {
            let bit = (word % 256) as usize;
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// Whether the two sets may share a word.
    pub fn meets(&self, other: &WordSet) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
}

/// One event pattern with the example sentence that tests it.
#[derive(Debug, Clone)]
pub struct EventPattern {
    /// PLOVER type.
    pub kind: EventType,
    pub mode: Option<String>,
    pub context: Option<String>,
    /// CAMEO root code when it differs from the type's (appeals: "02").
    pub cameo: Option<String>,
    /// As written in the file.
    pub text: String,
    /// A sentence the pattern must code as `kind` (tests read it).
    pub example: String,
    /// The subject of the clause undergoes the act instead of doing it ("the convoy came
    /// under fire"): it is the recipient, and the actor is only an agent named after the
    /// act ([`ClauseWords::undergoer_agents`]: "from Y", "by Y").
    pub undergoer: bool,
    /// The pattern names the act by a noun wherever it stands ("joint patrols"), so its
    /// modality is read as a noun's.
    pub noun: bool,
    /// The type the act takes when several parties do it together: exercises one army
    /// holds are a show of force (MOBILIZE), exercises two hold are cooperation (PLOVER
    /// manual 3.14.1).
    pub jointly: Option<EventType>,
    pub elements: Vec<Element>,
    /// Where the pattern came from (a file name).
    pub source: String,
    /// The act is care of casualties ("the wounded were evacuated"): with nobody named
    /// doing it and casualties named in its clause it is the toll of an attack told on,
    /// not aid given.
    pub care: bool,
    /// The recipient slot must name a party, not a thing: hoping that "the truce will
    /// hold" asks nobody anything ([`ClauseWords::things`]).
    pub party: bool,
    /// Imported from a CAMEO verb dictionary: used where truce's own patterns find
    /// nothing in a sentence.
    pub imported: bool,
    /// Imported, and its verb's dictionary block codes other types, or nothing, with
    /// other words after it: the verb alone codes only with a recipient.
    pub context_dependent: bool,
}

/// Cues that take an act out of the asserted record. A user's file may give any of its
/// lists (the rest default to empty); the bundled file gives them all.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModalityCues {
    pub negation: HashSet<String>,
    /// Verbs that deny the act of their complement ("denied that its aircraft ...").
    pub denial: HashSet<String>,
    pub hypothetical: HashSet<String>,
    /// Words that open a condition ("if", "unless"): everything after them in the
    /// clause is hypothetical.
    pub conditional: HashSet<String>,
    /// Of those, the ones whose condition is a demand ("unless", "lest"): an act
    /// announced on such a condition is a threat, as is one announced on a condition
    /// that something not happen ("if the talks fail", "if they do not withdraw"); an act
    /// announced on any other condition is an offer ("would meet him if he ...").
    #[serde(default)]
    pub demanding: HashSet<String>,
    pub future: HashSet<String>,
    /// Verbs whose "to"-complement is a plan, not a deed ("plans to", "is expected to").
    pub intention: HashSet<String>,
    /// Two-word phrases of purpose after which an act is aimed at, not done ("a trip
    /// aimed at pushing for", "in a bid to end"), each written "first second".
    #[serde(default)]
    pub purpose: HashSet<String>,
    /// Verbs whose object is an act that is stopped or prevented, not reported ("ending
    /// the fighting", "averting an offensive"): the act is hypothetical.
    #[serde(default)]
    pub cessation: HashSet<String>,
    /// Verbs whose object is a term of what their subject sets ("the deal includes the
    /// withdrawal of heavy weapons"): the act is planned, not done.
    #[serde(default)]
    pub provision: HashSet<String>,
    /// Nouns of the terms of a text: an act a form of "be" makes one of them ("the second
    /// point is the withdrawal of heavy weapons") is planned, not done.
    #[serde(default)]
    pub terms: HashSet<String>,
    /// Participles that, in the passive, say what something is for ("the truce was
    /// intended to allow aid in"): nobody's commitment. A schedule ("is scheduled to
    /// attend") is not among them: it is the actor's.
    #[serde(default)]
    pub purposive: HashSet<String>,
    /// Verbs whose object is an act told as the background of another ("fled the
    /// fighting"): the act is background.
    #[serde(default)]
    pub escape: HashSet<String>,
    /// Of those, the ones by which an actor offers or commits to its act ("willing to",
    /// "pledged to"): PLOVER codes the offer as AGREE whatever the act.
    #[serde(default)]
    pub willingness: HashSet<String>,
    /// Of those, the ones by which an armed actor readies a hostile act ("was preparing
    /// to launch an offensive"): a show of readiness, PLOVER's MOBILIZE, unless the actor
    /// announces it itself (a threat).
    #[serde(default)]
    pub readiness: HashSet<String>,
    pub historical: HashSet<String>,
    /// Two-word phrases that begin with a historical cue but repeat an act now ("once
    /// again"): the cue does not count there.
    #[serde(default)]
    pub not_historical: HashSet<String>,
    /// Auxiliaries of the future and conditional ("will", "would"): a negation right after
    /// one says an act is not going to happen, a refusal.
    #[serde(default)]
    pub future_auxiliaries: HashSet<String>,
    /// The forms reported speech moves "will" back to ("said they would meet"): after
    /// a speaker, a plan told as the speaker's, not a hypothesis.
    #[serde(default)]
    pub backshifted: HashSet<String>,
    /// Auxiliaries of capability ("could"): a hostile act a speaker says it could do is
    /// held over the other side, a threat ("said its missiles could strike").
    #[serde(default)]
    pub capability: HashSet<String>,
    /// Negations that carry their auxiliary ("won't", "wouldn't").
    #[serde(default)]
    pub future_negations: HashSet<String>,
    /// Prepositions after which a nominal trigger refers to an act already known ("after
    /// the talks") instead of reporting one.
    pub background: HashSet<String>,
    /// Background words that put what they lead before or after the act ("a week after
    /// the summit in Sochi"): the date and place inside that phrase are its own, not the
    /// act's. Words of the same time ("during", "amid") are not among them.
    #[serde(default)]
    pub sequence: HashSet<String>,
    /// Forms of "be" and "get" that make a participle passive.
    pub passive: HashSet<String>,
    /// Present-simple verbs of a lasting relation ("supports", "recognizes"): outside a
    /// title they tell where an actor stands, background, not an act of the day.
    #[serde(default)]
    pub standing: HashSet<String>,
    /// Nouns of a whole conflict: an act whose subject is one ("the war has killed
    /// 380,000 people") is the conflict's toll, background, not an act of the day.
    #[serde(default)]
    pub conflicts: HashSet<String>,
    /// Past participles of those verbs: right after what they describe, without "be" or
    /// "have" ("rebels backed by Turkey"), they name a lasting relation, not an act.
    #[serde(default)]
    pub standing_participles: HashSet<String>,
    /// Participles of verbs that put forces somewhere: after a noun inside a
    /// prepositional phrase ("the location of Turkish troops deployed in Idlib") they say
    /// where the forces are, not that they moved.
    #[serde(default)]
    pub positional_participles: HashSet<String>,
}

/// Words that cut sentences into clauses and mark grammatical roles. A user's file may
/// give any of its lists (the rest default to empty); the bundled file gives them all.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClauseWords {
    /// Words that open a subordinate or complement clause ("that", "which"): a clause
    /// that carries an act starts after the last of them before its trigger.
    pub openers: HashSet<String>,
    /// Words that, after a comma, end the clause of an act before them (", which").
    pub breaks: HashSet<String>,
    /// Words between the names of a compound actor ("Russia, Turkey and Iran").
    pub coordinators: HashSet<String>,
    /// Conjunctions that join two nouns under one governing word ("in the wake of an
    /// air campaign and a ground offensive").
    pub conjunctions: HashSet<String>,
    /// Prepositions: a name after one is not the subject of the clause.
    pub prepositions: HashSet<String>,
    /// Pronouns of the speaker of a quotation ("we", "us").
    pub first_person: HashSet<String>,
    /// Words before a noun that make it a noun ("a", "the", "its").
    pub determiners: HashSet<String>,
    /// The preposition of the agent in a passive ("by").
    pub agent: String,
    /// Nouns a one-word trigger may modify ("rescue workers", "aid convoy"): then it
    /// is not an act.
    pub modified: HashSet<String>,
    /// Nouns that make a one-word trigger right after them part of a compound naming no
    /// act ("press release", "news conference").
    #[serde(default)]
    pub compound_heads: HashSet<String>,
    /// Words after a participle that make "civilians killed in ..." passive.
    pub reduced_passive: HashSet<String>,
    /// Auxiliaries of the perfect ("has", "had"): a participle after one is active
    /// ("Turkey has retaliated in kind"), never a reduced passive.
    #[serde(default)]
    pub perfect: HashSet<String>,
    /// Prepositions by which a noun trigger takes its recipient ("the shelling of").
    pub noun_objects: HashSet<String>,
    /// Words that introduce the content of an act ("asked them to", "warned that").
    pub complements: HashSet<String>,
    /// Determiners of a noun trigger that refers back to an act told before.
    pub anaphoric: HashSet<String>,
    /// Possessive determiners: what follows one after a verb is the actor's own ("withdraw
    /// their peacekeeping force from Chad"), not the recipient.
    #[serde(default)]
    pub possessives: HashSet<String>,
    /// Prepositions that may stand inside a capitalised title or name ("Minister for
    /// Interior", "Government of Syria"): between two capitalised words they open no phrase.
    #[serde(default)]
    pub name_linkers: HashSet<String>,
    /// Prepositions that also open clauses ("after protesters blocked the road"): a name
    /// after one, right before the verb, is the verb's subject.
    #[serde(default)]
    pub subordinators: HashSet<String>,
    /// Words after an act the subject undergoes that name who did it ("came under fire
    /// from Y", "by Y").
    #[serde(default)]
    pub undergoer_agents: HashSet<String>,
    /// Nouns of things, not parties: a recipient slot that must name a party
    /// ([`EventPattern::party`]) does not end in one ("hoped that the ceasefire would
    /// hold").
    #[serde(default)]
    pub things: HashSet<String>,
    /// Words before a preposition by which the subject takes part in the act the phrase
    /// names ("took part in the attack", "engaged in fighting").
    #[serde(default)]
    pub participation: HashSet<String>,
    /// Words that set a date after a spoken act's trigger in what the act is about
    /// ("agreed on a ceasefire from 6 March", "to withdraw by 10 October"): the date of
    /// the ceasefire or the withdrawal, not of the agreement.
    #[serde(default)]
    pub schedule: HashSet<String>,
}

/// Content words that count as the same when two reports of one act are compared
/// ("arms" and "weapons").
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Merging {
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Words too common to show that two acts are one.
    #[serde(default)]
    pub ignore: HashSet<String>,
    /// Words right before an act's noun or verb that tell it apart from one told before
    /// ("another strike", "a second attack"): such an act is never merged into it.
    #[serde(default)]
    pub distinct: HashSet<String>,
    /// Groups of types ("TYPE", or "TYPE:mode" for one mode of it) that tell one act
    /// in different words: a deal "signed" (SUPPORT, mode sign) is the deal "reached"
    /// (AGREE).
    #[serde(default)]
    pub kindred: Vec<Vec<String>>,
    /// `kindred` read into types and modes once the files are merged (a comparison of
    /// two acts is made for every pair a report's merging looks at).
    #[serde(skip)]
    kindred_types: Vec<Vec<(EventType, Option<String>)>>,
}

impl Merging {
    /// Whether acts of these types and modes can be one act told two ways: one type, or
    /// types listed together in `kindred`. Gives the type the one act is coded as: the
    /// common type, else the first type of their group.
    pub fn kindred(
        &self,
        a: (EventType, Option<&str>),
        b: (EventType, Option<&str>),
    ) -> Option<EventType> {
        if a.0 == b.0 {
            return Some(a.0);
        }
        self.kindred_types.iter().find_map(|group| {
            let holds = |(kind, mode): (EventType, Option<&str>)| {
                group
                    .iter()
                    .any(|(k, m)| *k == kind && (m.is_none() || m.as_deref() == mode))
            };
            if holds(a) && holds(b) {
                group.first().map(|(k, _)| *k)
            } else {
                None
            }
        })
    }

    /// Reads `kindred` into types (names checked by [`check_kindred`] as each file loads).
    fn compile_kindred(&mut self) {
        self.kindred_types = self
            .kindred
            .iter()
            .filter(|g| !g.is_empty())
            .map(|group| group.iter().filter_map(|g| kindred_name(g)).collect())
            .collect();
    }
}

/// Everything events.toml holds, compiled.
#[derive(Debug, Clone)]
pub struct EventPatterns {
    pub patterns: Vec<EventPattern>,
    /// Types whose acts are spoken (a request, a rejection): a place named in what they
    /// are about is not where they happened.
    pub verbal: HashSet<EventType>,
    /// Types of gatherings: named by a noun in a phrase that opens a sentence ("At talks
    /// in the Kremlin, Putin and Erdogan agreed"), they are held by the sentence's subject.
    pub gathering: HashSet<EventType>,
    /// Types whose announced future acts are threats ("will attack"); the announced acts
    /// of other types are agreements ("will visit").
    pub threatening: HashSet<EventType>,
    /// Types whose acts, said not to be going to happen ("will not accept refugees",
    /// "would not withdraw"), are refusals: PLOVER's REJECT ("all rejections and
    /// refusals").
    pub refusable: HashSet<EventType>,
    /// What an act reported in the future tense is in PLOVER, by its type: promised
    /// cooperation is AGREE, an announced retreat is CONCEDE. Types not listed stay as
    /// they are (a future concession is a concession).
    pub promised: HashMap<EventType, EventType>,
    /// Collectives (actor ids) whose acts of violence or obstruction are their protest
    /// turned violent, and those acts, by "TYPE:mode" or "TYPE", with the PROTEST mode
    /// they become ("protesters torched cars": a riot, manual 3.12).
    pub crowds: HashSet<String>,
    pub crowd_acts: HashMap<String, String>,
    /// What an act an actor is told to be readying ("was preparing to launch an
    /// offensive", a `readiness` cue) is in PLOVER, by its type: readying an attack is a
    /// show of readiness, MOBILIZE (manual 3.14).
    pub readied: HashMap<EventType, EventType>,
    /// PLOVER quad category of each type (1-4) and conflict-cooperation scores by type
    /// and by "TYPE:mode", for exports in the shape of GDELT.
    pub quad: HashMap<EventType, u8>,
    scores: HashMap<String, f64>,
    pub modality: ModalityCues,
    pub clauses: ClauseWords,
    pub merging: Merging,
    /// Proposal cues ("at {A}'s suggestion"): a bare "agreed" agrees with the proposer.
    pub proposals: Vec<Vec<Element>>,
    /// PLOVER contexts, and for each word that shows one, which (indices into it).
    pub contexts: Vec<String>,
    context_of: HashMap<String, Vec<u8>>,
    /// CAMEO root code of each PLOVER type, for exports.
    pub cameo_roots: HashMap<EventType, String>,
    /// CAMEO code prefix → PLOVER type, for importers and comparisons.
    cameo_to_plover: HashMap<String, EventType>,
    /// Every word form the patterns and proposal cues name, numbered: a reader looks up
    /// each token once and then compares numbers, not strings.
    vocabulary: HashMap<String, u32>,
    /// Each pattern's elements, then each proposal cue's, with word forms as numbers.
    steps: Vec<Vec<Step>>,
    /// By word number: the patterns that start with that word, truce's own and imported.
    starts: Vec<[Vec<u32>; 2]>,
    /// Each pattern's words after its first, as [`WordSet`]s of their forms: a sentence
    /// that lacks every form of one of them cannot match it ([`EventPatterns::may_match`]).
    sieves: Vec<Vec<WordSet>>,
    /// Word → canonical word for merging.
    synonym_of: HashMap<String, String>,
    /// Irregular past participles ("blown", "held"), for telling passives.
    participles: HashSet<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum PatternEntry {
    Example(String),
    Full {
        example: String,
        #[serde(default)]
        mode: Option<String>,
        #[serde(default)]
        context: Option<String>,
        #[serde(default)]
        cameo: Option<String>,
        #[serde(default)]
        undergoer: bool,
        #[serde(default)]
        noun: bool,
        #[serde(default)]
        jointly: Option<EventType>,
        #[serde(default)]
        care: bool,
        #[serde(default)]
        party: bool,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    #[serde(default)]
    verbal: Vec<EventType>,
    #[serde(default)]
    gathering: Vec<EventType>,
    #[serde(default)]
    threatening: Vec<EventType>,
    #[serde(default)]
    refusable: Vec<EventType>,
    #[serde(default)]
    promised: HashMap<EventType, EventType>,
    #[serde(default)]
    crowds: Vec<String>,
    #[serde(default)]
    crowd_acts: HashMap<String, String>,
    #[serde(default)]
    readied: HashMap<EventType, EventType>,
    #[serde(default)]
    quad: HashMap<EventType, u8>,
    #[serde(default)]
    scores: HashMap<String, f64>,
    modality: Option<ModalityCues>,
    clauses: Option<ClauseWords>,
    #[serde(default)]
    merging: Option<Merging>,
    #[serde(default)]
    proposals: Vec<String>,
    #[serde(default)]
    contexts: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    cameo_roots: HashMap<EventType, String>,
    #[serde(default)]
    cameo_to_plover: HashMap<String, EventType>,
    #[serde(default)]
    cameo_skip_verbs: Vec<String>,
    #[serde(default)]
    irregular: HashMap<String, Vec<String>>,
    #[serde(default)]
    types: std::collections::BTreeMap<String, std::collections::BTreeMap<String, PatternEntry>>,
}

impl Merge for ModalityCues {
    fn merge(&mut self, more: Self) {
        let ModalityCues {
            negation,
            denial,
            hypothetical,
            conditional,
            demanding,
            future,
            intention,
            purpose,
            cessation,
            provision,
            terms,
            purposive,
            escape,
            willingness,
            readiness,
            historical,
            not_historical,
            future_auxiliaries,
            backshifted,
            capability,
            future_negations,
            background,
            sequence,
            passive,
            standing,
            conflicts,
            standing_participles,
            positional_participles,
        } = more;
        self.negation.extend(negation);
        self.denial.extend(denial);
        self.hypothetical.extend(hypothetical);
        self.conditional.extend(conditional);
        self.demanding.extend(demanding);
        self.future.extend(future);
        self.intention.extend(intention);
        self.purpose.extend(purpose);
        self.cessation.extend(cessation);
        self.provision.extend(provision);
        self.terms.extend(terms);
        self.purposive.extend(purposive);
        self.escape.extend(escape);
        self.willingness.extend(willingness);
        self.readiness.extend(readiness);
        self.historical.extend(historical);
        self.not_historical.extend(not_historical);
        self.future_auxiliaries.extend(future_auxiliaries);
        self.backshifted.extend(backshifted);
        self.capability.extend(capability);
        self.future_negations.extend(future_negations);
        self.background.extend(background);
        self.sequence.extend(sequence);
        self.passive.extend(passive);
        self.standing.extend(standing);
        self.conflicts.extend(conflicts);
        self.standing_participles.extend(standing_participles);
        self.positional_participles.extend(positional_participles);
    }
}

impl Merge for ClauseWords {
    fn merge(&mut self, more: Self) {
        let ClauseWords {
            openers,
            breaks,
            coordinators,
            conjunctions,
            prepositions,
            first_person,
            determiners,
            agent,
            modified,
            compound_heads,
            reduced_passive,
            perfect,
            noun_objects,
            complements,
            anaphoric,
            possessives,
            name_linkers,
            subordinators,
            undergoer_agents,
            things,
            participation,
            schedule,
        } = more;
        self.openers.extend(openers);
        self.breaks.extend(breaks);
        self.coordinators.extend(coordinators);
        self.conjunctions.extend(conjunctions);
        self.prepositions.extend(prepositions);
        self.first_person.extend(first_person);
        self.determiners.extend(determiners);
        // one word, not a list: a user's file that names one replaces the bundled one
        if !agent.is_empty() {
            self.agent = agent;
        }
        self.modified.extend(modified);
        self.compound_heads.extend(compound_heads);
        self.reduced_passive.extend(reduced_passive);
        self.perfect.extend(perfect);
        self.noun_objects.extend(noun_objects);
        self.complements.extend(complements);
        self.anaphoric.extend(anaphoric);
        self.possessives.extend(possessives);
        self.name_linkers.extend(name_linkers);
        self.subordinators.extend(subordinators);
        self.things.extend(things);
        self.schedule.extend(schedule);
        self.undergoer_agents.extend(undergoer_agents);
        self.participation.extend(participation);
    }
}

impl Merge for Merging {
    fn merge(&mut self, more: Self) {
        let Merging {
            synonyms,
            ignore,
            distinct,
            kindred,
            kindred_types: _,
        } = more;
        self.synonyms.extend(synonyms);
        self.ignore.extend(ignore);
        self.distinct.extend(distinct);
        self.kindred.extend(kindred);
    }
}

impl Merge for EventsFile {
    /// Every list and table of a user's file adds to the bundled file's; its patterns
    /// (`types`) are taken out before, with the file's name ([`EventsFile::take_patterns`]).
    fn merge(&mut self, more: Self) {
        let EventsFile {
            verbal,
            gathering,
            threatening,
            refusable,
            promised,
            crowds,
            crowd_acts,
            readied,
            quad,
            scores,
            modality,
            clauses,
            merging,
            proposals,
            contexts,
            cameo_roots,
            cameo_to_plover,
            cameo_skip_verbs,
            irregular,
            types,
        } = more;
        self.verbal.extend(verbal);
        self.gathering.extend(gathering);
        self.threatening.extend(threatening);
        self.refusable.extend(refusable);
        self.promised.extend(promised);
        self.crowds.extend(crowds);
        self.crowd_acts.extend(crowd_acts);
        self.readied.extend(readied);
        self.quad.extend(quad);
        self.scores.extend(scores);
        self.modality.merge(modality);
        self.clauses.merge(clauses);
        self.merging.merge(merging);
        self.proposals.extend(proposals);
        for (c, words) in contexts {
            self.contexts.entry(c).or_default().extend(words);
        }
        self.cameo_roots.extend(cameo_roots);
        self.cameo_to_plover.extend(cameo_to_plover);
        self.cameo_skip_verbs.extend(cameo_skip_verbs);
        self.irregular.extend(irregular);
        self.types.extend(types);
    }
}

/// A pattern as a file gives it: the file, its PLOVER type, its text and its entry.
type RawPattern = (String, String, String, PatternEntry);

impl EventsFile {
    /// The file's patterns, each with the name of the file it came from (for errors).
    fn take_patterns(&mut self, source: &str) -> Vec<RawPattern> {
        let mut raw = Vec::new();
        for (kind, list) in std::mem::take(&mut self.types) {
            for (pattern, entry) in list {
                raw.push((source.to_string(), kind.clone(), pattern, entry));
            }
        }
        raw
    }
}

impl EventPatterns {
    /// Parses the bundled file and any user files (`*.events.toml`, same shape; their
    /// patterns and irregular forms are added, their word lists extend the bundled ones),
    /// then imports CAMEO verb dictionaries (`cameo`: file name and text) after them, so
    /// that on a tie truce's own patterns win: the bundled dictionary (`bundled_cameo`)
    /// first, then the user's. Returns the patterns and the importer's notes for the user
    /// (none for the bundled dictionary unless it has lines it cannot read).
    pub fn load(
        bundled: (&str, &str),
        bundled_cameo: (&str, &str),
        user: &[(String, String)],
        cameo: &[(String, String)],
    ) -> Result<(Self, Vec<String>), KnowledgeError> {
        let (src, text) = bundled;
        let mut base: EventsFile = crate::patterns::parse(src, text)?;
        for (table, present) in [
            ("modality", base.modality.is_some()),
            ("clauses", base.clauses.is_some()),
        ] {
            if !present {
                return Err(KnowledgeError::Parse {
                    file: src.to_string(),
                    problem: format!("the bundled event patterns lack the [{table}] table"),
                });
            }
        }
        check_kindred(src, base.merging.as_ref())?;
        let mut raw = base.take_patterns(src);
        for (name, text) in user {
            let mut more: EventsFile = crate::patterns::parse(name, text)?;
            check_kindred(name, more.merging.as_ref())?;
            raw.extend(more.take_patterns(name));
            base.merge(more);
        }
        let participles = participles(&base.irregular);
        let inflect = Inflector {
            irregular: std::mem::take(&mut base.irregular),
        };
        let mut patterns = raw
            .into_iter()
            .map(|(source, kind, text, entry)| compile_pattern(source, kind, text, entry, &inflect))
            .collect::<Result<Vec<_>, _>>()?;
        let cameo_skip: HashSet<String> = base.cameo_skip_verbs.iter().cloned().collect();
        let notes = import_dictionaries(
            bundled_cameo,
            cameo,
            &base.cameo_to_plover,
            &inflect,
            &cameo_skip,
            &mut patterns,
        );
        let proposals = base
            .proposals
            .iter()
            .map(|p| {
                compile_with_actor(p, &inflect).map_err(|problem| KnowledgeError::Parse {
                    file: src.to_string(),
                    problem: format!("proposal {p:?}: {problem}"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let index = PatternIndex::build(&patterns, &proposals);
        let mut merging = base.merging.unwrap_or_default();
        merging.compile_kindred();
        let mut synonym_of = HashMap::default();
        for set in &merging.synonyms {
            if let Some(first) = set.first() {
                for w in set {
                    synonym_of.insert(w.to_lowercase(), first.to_lowercase());
                }
            }
        }
        let mut context_of: HashMap<String, Vec<u8>> = HashMap::default();
        for (i, words) in base.contexts.values().enumerate() {
            for w in words {
                let list = context_of.entry(w.to_lowercase()).or_default();
                if !list.contains(&(i as u8)) {
                    list.push(i as u8);
                }
            }
        }
        let loaded = EventPatterns {
            patterns,
            verbal: base.verbal.into_iter().collect(),
            gathering: base.gathering.into_iter().collect(),
            threatening: base.threatening.into_iter().collect(),
            refusable: base.refusable.into_iter().collect(),
            promised: base.promised,
            crowds: base.crowds.into_iter().collect(),
            crowd_acts: base.crowd_acts,
            readied: base.readied,
            quad: base.quad,
            scores: base.scores,
            modality: base.modality.expect("checked above"),
            clauses: base.clauses.expect("checked above"),
            merging,
            proposals,
            contexts: base.contexts.keys().cloned().collect(),
            context_of,
            cameo_roots: base.cameo_roots,
            cameo_to_plover: base.cameo_to_plover,
            vocabulary: index.vocabulary,
            steps: index.steps,
            starts: index.starts,
            sieves: index.sieves,
            synonym_of,
            participles,
        };
        Ok((loaded, notes))
    }

    /// PLOVER's conflict-cooperation score of an act: its mode's, else its type's.
    pub fn score(&self, kind: EventType, mode: Option<&str>) -> Option<f64> {
        mode.and_then(|m| self.scores.get(&format!("{kind}:{}", m.to_lowercase())))
            .or_else(|| self.scores.get(kind.as_str()))
            .copied()
    }

    /// CAMEO code prefixes and the PLOVER types they map to (see [`crate::cameo::plover_of`]).
    pub fn cameo_table(&self) -> &HashMap<String, EventType> {
        &self.cameo_to_plover
    }

    /// The patterns whose first word is `word` ([`EventPatterns::word_id`]): truce's own, or those imported from a
    /// CAMEO verb dictionary (asked only of sentences truce's own patterns find nothing
    /// in, so a large dictionary costs little where they do).
    pub fn starting_with(&self, word: u32, imported: bool) -> &[u32] {
        (self.starts.get(word as usize)).map_or(&[], |s| s[usize::from(imported)].as_slice())
    }

    /// Whether pattern `p` could match a sentence whose words are `sentence`: each of
    /// its words after the first has a form there (or shares its bit with one).
    pub fn may_match(&self, p: usize, sentence: &WordSet) -> bool {
        self.sieves[p].iter().all(|w| w.meets(sentence))
    }

    /// The number of a lower-case word form in the patterns' vocabulary, or [`NO_WORD`].
    pub fn word_id(&self, lower: &str) -> u32 {
        self.vocabulary.get(lower).copied().unwrap_or(NO_WORD)
    }

    /// The vocabulary: every word form the patterns name, with its number.
    pub(crate) fn vocabulary(&self) -> impl Iterator<Item = (&str, u32)> {
        self.vocabulary.iter().map(|(w, &i)| (w.as_str(), i))
    }

    /// Pattern `p`'s elements as numbered steps.
    pub fn steps(&self, p: usize) -> &[Step] {
        &self.steps[p]
    }

    /// The proposal cues as numbered steps, in the order of [`EventPatterns::proposals`].
    pub fn proposal_steps(&self) -> &[Vec<Step>] {
        &self.steps[self.patterns.len()..]
    }

    /// The contexts a lower-case word shows, as indices into [`EventPatterns::contexts`].
    pub fn contexts_of(&self, lower: &str) -> &[u8] {
        self.context_of.get(lower).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The words that show a context, for the lexicon.
    pub(crate) fn context_words(&self) -> impl Iterator<Item = &str> {
        self.context_of.keys().map(String::as_str)
    }

    /// The words with a canonical synonym other than themselves, for the lexicon.
    pub(crate) fn synonym_words(&self) -> impl Iterator<Item = &str> {
        (self.synonym_of.iter())
            .filter(|(w, c)| w != c)
            .map(|(w, _)| w.as_str())
    }

    /// Whether a lower-case word can be a past participle ("attacked", "blown").
    pub fn is_participle(&self, lower: &str) -> bool {
        lower.ends_with("ed") || self.participles.contains(lower)
    }

    /// The word two reports would share for `lower` ("weapons" → "arms").
    pub fn canonical<'a>(&'a self, lower: &'a str) -> &'a str {
        self.synonym_of
            .get(lower)
            .map(String::as_str)
            .unwrap_or(lower)
    }
}

/// One name of a `kindred` group: a PLOVER type, with a mode after ':' if it has one.
fn kindred_name(name: &str) -> Option<(EventType, Option<String>)> {
    let (kind, mode) = match name.split_once(':') {
        Some((k, m)) => (k, Some(m.to_string())),
        None => (name, None),
    };
    Some((kind.parse::<EventType>().ok()?, mode))
}

/// That every name in a file's `[merging] kindred` groups is a PLOVER type (with a
/// mode after ':').
fn check_kindred(file: &str, merging: Option<&Merging>) -> Result<(), KnowledgeError> {
    let Some(merging) = merging else {
        return Ok(());
    };
    for name in merging.kindred.iter().flatten() {
        if kindred_name(name).is_none() {
            return Err(KnowledgeError::Parse {
                file: file.to_string(),
                problem: format!(
                    "[merging] kindred: {name:?} is not a known PLOVER event type; write \
                     one of {}, optionally with \":mode\"",
                    EventType::ALL
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// Proposal patterns name the proposer `{A}`, or `{A}'s` when it is a possessive.
fn compile_with_actor(text: &str, inflect: &Inflector) -> Result<Vec<Element>, String> {
    let mut out = Vec::new();
    for part in text.split_whitespace() {
        match part {
            "{A}'s" => out.push(Element::Possessive),
            // the proposer slot reuses the recipient element: one slot, one meaning here
            "{A}" => out.push(Element::Recipient),
            _ => out.extend(compile(part, inflect)?),
        }
    }
    Ok(out)
}

fn compile(text: &str, inflect: &Inflector) -> Result<Vec<Element>, String> {
    let mut out = Vec::new();
    for part in text.split_whitespace() {
        let element = match part {
            "{R}" => Element::Recipient,
            "*" => Element::Gap,
            _ if part.contains('{') || part.contains('}') => {
                return Err(format!("unknown slot {part:?}; the slots are {{R}} and *"))
            }
            _ => {
                let mut forms = Vec::new();
                for alt in part.split('|') {
                    let alt = alt.to_lowercase();
                    match alt.strip_suffix('+') {
                        Some(lemma) if !lemma.is_empty() => forms.extend(inflect.forms(lemma)),
                        _ if alt.is_empty() || alt == "+" => {
                            return Err(format!("empty word in {part:?}"))
                        }
                        _ => forms.push(alt),
                    }
                }
                forms.sort();
                forms.dedup();
                Element::Word(forms)
            }
        };
        out.push(element);
    }
    match out.first() {
        Some(Element::Word(_)) => Ok(out),
        Some(_) => Err("a pattern must start with a word, not a slot".into()),
        None => Err("empty pattern".into()),
    }
}

/// English inflection of verbs and nouns for `word+`: regular rules plus a table of
/// irregular forms.
pub struct Inflector {
    pub irregular: HashMap<String, Vec<String>>,
}

impl Inflector {
    /// The lemma and its forms: -s, -ed, -ing (and the irregular ones).
    pub fn forms(&self, lemma: &str) -> Vec<String> {
        let mut out = vec![lemma.to_string()];
        if let Some(extra) = self.irregular.get(lemma) {
            out.extend(extra.iter().map(|f| f.to_lowercase()));
        }
        let b = lemma.as_bytes();
        let n = b.len();
        if n == 0 || !lemma.is_ascii() {
            return out;
        }
        let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
        let last = b[n - 1];
        let before = if n >= 2 { b[n - 2] } else { b' ' };
        let consonant_y = last == b'y' && !vowel(before);
        // third person / plural
        out.push(
            if lemma.ends_with('s')
                || lemma.ends_with('x')
                || lemma.ends_with('z')
                || lemma.ends_with("ch")
                || lemma.ends_with("sh")
            {
                format!("{lemma}es")
            } else if consonant_y {
                format!("{}ies", &lemma[..n - 1])
            } else {
                format!("{lemma}s")
            },
        );
        // one syllable ending consonant-vowel-consonant doubles: ban → banned
        let syllables = b
            .iter()
            .enumerate()
            .filter(|&(i, &c)| vowel(c) && (i == 0 || !vowel(b[i - 1])))
            .count();
        let doubles = syllables == 1
            && n >= 3
            && !vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && vowel(before)
            && !vowel(b[n - 3]);
        // British spelling doubles a final l after one vowel: travelled, cancelled
        if !doubles && syllables > 1 && last == b'l' && vowel(before) && !vowel(b[n - 3]) {
            out.push(format!("{lemma}led"));
            out.push(format!("{lemma}ling"));
        }
        let stem = if doubles {
            format!("{lemma}{}", last as char)
        } else {
            lemma.to_string()
        };
        if last == b'e' {
            out.push(format!("{lemma}d"));
        } else if consonant_y {
            out.push(format!("{}ied", &lemma[..n - 1]));
        } else {
            out.push(format!("{stem}ed"));
        }
        if lemma.ends_with("ie") {
            out.push(format!("{}ying", &lemma[..n - 2]));
        } else if last == b'e' && !lemma.ends_with("ee") && !lemma.ends_with("ye") {
            out.push(format!("{}ing", &lemma[..n - 1]));
        } else {
            out.push(format!("{stem}ing"));
        }
        out
    }
}

/// Irregular past participles ("blown", "held"): the irregular forms that are neither
/// a gerund nor a third person.
fn participles(irregular: &HashMap<String, Vec<String>>) -> HashSet<String> {
    irregular
        .iter()
        .flat_map(|(lemma, forms)| {
            forms
                .iter()
                .filter(move |f| {
                    !f.ends_with("ing") && **f != format!("{lemma}s") && **f != format!("{lemma}es")
                })
                .map(|f| f.to_lowercase())
        })
        .collect()
}

/// One pattern of a file compiled, its type and options checked.
fn compile_pattern(
    source: String,
    kind: String,
    text: String,
    entry: PatternEntry,
    inflect: &Inflector,
) -> Result<EventPattern, KnowledgeError> {
    let kind = EventType::parse_loose(&kind).map_err(|unknown| KnowledgeError::Parse {
        file: source.clone(),
        problem: format!("[types.{kind}]: {unknown}"),
    })?;
    let elements = compile(&text, inflect).map_err(|problem| KnowledgeError::Parse {
        file: source.clone(),
        problem: format!("pattern {text:?} of {kind}: {problem}"),
    })?;
    let mut pattern = EventPattern {
        kind,
        mode: None,
        context: None,
        cameo: None,
        text,
        example: String::new(),
        undergoer: false,
        noun: false,
        jointly: None,
        care: false,
        party: false,
        elements,
        source,
        imported: false,
        context_dependent: false,
    };
    match entry {
        PatternEntry::Example(e) => pattern.example = e,
        PatternEntry::Full {
            example,
            mode,
            context,
            cameo,
            undergoer,
            noun,
            jointly,
            care,
            party,
        } => {
            pattern.example = example;
            pattern.mode = mode;
            pattern.context = context;
            pattern.cameo = cameo;
            pattern.undergoer = undergoer;
            pattern.noun = noun;
            pattern.jointly = jointly;
            pattern.care = care;
            pattern.party = party;
        }
    }
    Ok(pattern)
}

/// Imports the CAMEO verb dictionaries after truce's own patterns, so that on a tie
/// truce's win: the bundled dictionary first, then the user's. Returns the notes for
/// the user (none for the bundled dictionary unless it has lines it cannot read).
fn import_dictionaries(
    bundled_cameo: (&str, &str),
    cameo: &[(String, String)],
    cameo_to_plover: &HashMap<String, EventType>,
    inflect: &Inflector,
    cameo_skip: &HashSet<String>,
    patterns: &mut Vec<EventPattern>,
) -> Vec<String> {
    let mut notes = Vec::new();
    let dictionaries = std::iter::once((bundled_cameo.0, bundled_cameo.1, true))
        .chain(cameo.iter().map(|(n, t)| (n.as_str(), t.as_str(), false)));
    for (name, text, is_bundled) in dictionaries {
        // the bundled dictionary given again ("--knowledge CAMEO.2.0.txt") would only
        // double every pattern
        if !is_bundled && text == bundled_cameo.1 {
            notes.push(format!(
                "{name}: the CAMEO verb dictionary truce bundles already; not imported twice"
            ));
            continue;
        }
        let imported =
            crate::cameo::parse_cameo_verbs(name, text, cameo_to_plover, inflect, cameo_skip);
        notes.extend(imported.warnings);
        if !is_bundled {
            notes.push(format!(
                "{name}: imported {} CAMEO verb patterns; left out {} whose codes map to no PLOVER type, {} with words before the verb, {} verbs events.toml skips and {} transformation rules (truce reads reported speech through quotes)",
                imported.patterns.len(),
                imported.unmapped,
                imported.before_verb,
                imported.skipped,
                imported.transformations
            ));
        }
        let from = imported.patterns.into_iter();
        patterns.extend(from.map(|p| p.into_event_pattern(name)));
    }
    notes
}

/// The patterns as a reader compares them: word forms numbered, patterns by first word,
/// and each pattern's sieve.
struct PatternIndex {
    vocabulary: HashMap<String, u32>,
    steps: Vec<Vec<Step>>,
    starts: Vec<[Vec<u32>; 2]>,
    sieves: Vec<Vec<WordSet>>,
}

impl PatternIndex {
    fn build(patterns: &[EventPattern], proposals: &[Vec<Element>]) -> PatternIndex {
        let mut vocabulary: HashMap<String, u32> = HashMap::default();
        let mut number = |elements: &[Element]| -> Vec<Step> {
            (elements.iter())
                .map(|e| match e {
                    Element::Word(forms) => {
                        let mut ids: Vec<u32> = (forms.iter())
                            .map(|f| {
                                let next = vocabulary.len() as u32;
                                *vocabulary.entry(f.clone()).or_insert(next)
                            })
                            .collect();
                        ids.sort_unstable();
                        ids.dedup();
                        Step::Word(ids.into_boxed_slice())
                    }
                    Element::Recipient => Step::Recipient,
                    Element::Gap => Step::Gap,
                    Element::Possessive => Step::Possessive,
                })
                .collect()
        };
        let mut steps: Vec<Vec<Step>> = patterns.iter().map(|p| number(&p.elements)).collect();
        steps.extend(proposals.iter().map(|p| number(p)));
        let mut starts: Vec<[Vec<u32>; 2]> = vec![Default::default(); vocabulary.len()];
        for (i, p) in patterns.iter().enumerate() {
            if let Some(Step::Word(ids)) = steps[i].first() {
                for &id in ids.iter() {
                    starts[id as usize][usize::from(p.imported)].push(i as u32);
                }
            }
        }
        let sieves = (steps[..patterns.len()].iter())
            .map(|st| {
                (st.iter().skip(1))
                    .filter_map(|step| match step {
                        Step::Word(ids) => Some(WordSet::of(ids.iter().copied())),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        PatternIndex {
            vocabulary,
            steps,
            starts,
            sieves,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflector() -> Inflector {
        let mut irregular = HashMap::default();
        irregular.insert("meet".to_string(), vec!["met".to_string()]);
        Inflector { irregular }
    }

    #[test]
    fn numbered_steps_mirror_every_pattern_and_index_it_by_its_first_word() {
        let k = crate::Knowledge::bundled().unwrap();
        let ev = &k.events;
        assert_eq!(ev.word_id("no-such-word-anywhere"), NO_WORD);
        let all = ev.patterns.iter().map(|p| &p.elements).chain(&ev.proposals);
        let steps = (0..ev.patterns.len()).map(|p| ev.steps(p));
        for (elements, steps) in all.zip(steps.chain(ev.proposal_steps().iter().map(Vec::as_slice)))
        {
            assert_eq!(elements.len(), steps.len());
            for (e, s) in elements.iter().zip(steps) {
                match (e, s) {
                    (Element::Word(forms), Step::Word(ids)) => {
                        let mut want: Vec<u32> = forms.iter().map(|f| ev.word_id(f)).collect();
                        want.sort_unstable();
                        want.dedup();
                        assert!(!want.contains(&NO_WORD), "{forms:?}");
                        assert_eq!(ids.as_ref(), want.as_slice(), "{forms:?}");
                    }
                    (Element::Gap, Step::Gap)
                    | (Element::Recipient, Step::Recipient)
                    | (Element::Possessive, Step::Possessive) => {}
                    other => panic!("{other:?}"),
                }
            }
        }
        // every pattern is found from each form of its first word, and only from those
        for (p, pattern) in ev.patterns.iter().enumerate() {
            if let Some(Element::Word(forms)) = pattern.elements.first() {
                for f in forms {
                    assert!(ev
                        .starting_with(ev.word_id(f), pattern.imported)
                        .contains(&(p as u32)));
                    assert!(!ev
                        .starting_with(ev.word_id(f), !pattern.imported)
                        .contains(&(p as u32)));
                }
            }
        }
        assert!(ev.starting_with(NO_WORD, false).is_empty());
    }

    #[test]
    fn every_type_has_a_quad_class_and_a_score() {
        let k = crate::Knowledge::bundled().unwrap();
        let ev = &k.events;
        for &t in EventType::ALL {
            let quad = ev.quad.get(&t).copied().unwrap_or(0);
            let score = ev.score(t, None).unwrap();
            // cooperation scores at least 0 and conflict below it (REQUEST sits at 0)
            assert!((1..=4).contains(&quad), "{t}");
            assert_eq!(quad <= 2, score > 0.0, "{t} quad {quad} score {score}");
        }
        assert_eq!(ev.score(EventType::Assault, Some("Aerial")), Some(-9.5));
        assert_eq!(
            ev.score(EventType::Assault, Some("no-such-mode")),
            Some(-9.0)
        );
    }

    #[test]
    fn regular_and_irregular_forms() {
        let i = inflector();
        let has = |lemma: &str, form: &str| i.forms(lemma).iter().any(|f| f == form);
        assert!(has("agree", "agreed") && has("agree", "agreeing") && has("agree", "agrees"));
        assert!(has("ban", "banned") && has("ban", "banning"));
        assert!(has("deny", "denied") && has("deny", "denies"));
        assert!(has("attack", "attacked") && has("attack", "attacking"));
        assert!(has("welcome", "welcomed") && has("welcome", "welcoming"));
        assert!(has("meet", "met") && has("meet", "meeting"));
        assert!(has("reach", "reaches") && !has("reach", "reachs"));
        assert!(!has("shell", "shelll"));
        assert!(
            has("travel", "travelled") && has("travel", "traveled") && has("cancel", "cancelling")
        );
    }

    #[test]
    fn patterns_compile_and_reject_bad_slots() {
        let i = inflector();
        let p = compile("call+ on {R} to", &i).unwrap();
        assert_eq!(p.len(), 4);
        assert!(matches!(&p[0], Element::Word(f) if f.contains(&"called".to_string())));
        assert_eq!(p[2], Element::Recipient);
        assert!(compile("{R} attacked", &i).is_err());
        assert!(compile("attack+ {X}", &i).is_err());
        assert!(compile("", &i).is_err());
    }
}
