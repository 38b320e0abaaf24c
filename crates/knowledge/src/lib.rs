//! What truce knows about the world, loaded from data files and compiled into matchers.
//!
//! Knowledge is data, not code (DESIGN.md): actors, offices, the gazetteer and the word
//! lists analysis reads all live under `data/knowledge/`. The bundled files are embedded
//! in the binary; users add their own with [`Knowledge::load`] (TOML actor files, TSV
//! region files, Phoenix `.actors.txt` dictionaries).
//!
//! Matching works on folded text ([`fold`]): actor names and office titles through one
//! Aho-Corasick automaton (a DFA, so a document is scanned once), and place names by exact
//! lookups of candidate spans in the gazetteer (never by scanning for 900,000 names, which
//! finds "of" and "said" as places). Every closed vocabulary a file names (PLOVER types,
//! actor kinds) is checked as it loads.

mod actors;
pub mod cameo;
mod casualties;
mod error;
pub mod events;
pub mod fold;
mod gazetteer;
mod lexicon;
mod merge;
mod patterns;
mod phoenix;

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::NaiveDate;
use truce_model::ActorCategory;

pub use actors::{ActorDef, Office, RoleDef};
pub use casualties::CasualtyPatterns;
pub use error::KnowledgeError;
pub use events::{Element, EventPattern, EventPatterns, Step, WordSet, NO_WORD};
pub use gazetteer::{Gazetteer, PlaceIdx, PlaceInfo, PlaceKind, Region, Sense};
pub use lexicon::{LexWord, Lexicon};
pub use patterns::{
    AgreementPatterns, DatePatterns, Designators, Grammar, Phrase, PhraseIndex, PlacePatterns,
    RelativeShift, SpeechPatterns, TextPatterns, Topic,
};
pub use phoenix::parse_phoenix;

/// One match of the actor and title automaton: a byte span of folded text.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pattern: u32,
}

/// How an alias names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasKind {
    /// A name ("Russia", "Putin", "UN Security Council").
    Name,
    /// An adjective or nationals ("Russian", "Russians").
    Demonym,
    /// A capital that may stand for its state ("Ankara said").
    Capital,
}

/// How an alias's letter case must agree with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Lower-case alias: any case ("rebels", "Rebels").
    Any,
    /// Words written with a capital must be capitalised in the text ("Putin").
    Capitals,
    /// An acronym matches only as written ("UN", not "un").
    Exact,
}

/// One way of naming one actor.
#[derive(Debug, Clone)]
pub struct Alias {
    pub actor: usize,
    pub kind: AliasKind,
    pub case: CaseRule,
    pub written: String,
}

/// Everything truce knows, compiled for matching.
pub struct Knowledge {
    /// The word lists asked of every token, folded into one table.
    pub lexicon: Lexicon,
    pub actors: Vec<ActorDef>,
    ids: HashMap<String, usize>,
    pub roles: Vec<RoleDef>,
    pub gazetteer: Gazetteer,
    pub text: TextPatterns,
    pub places: PlacePatterns,
    pub dates: DatePatterns,
    pub speech: SpeechPatterns,
    pub events: EventPatterns,
    pub agreements: AgreementPatterns,
    /// Words for reading casualty figures.
    pub casualties: CasualtyPatterns,
    matcher: AhoCorasick,
    aliases: Vec<Vec<Alias>>,
    title_roles: Vec<Vec<usize>>,
    /// Where each file came from, for `truce knowledge`.
    pub sources: Vec<String>,
    /// Problems in user files that did not stop loading (a malformed date in a
    /// dictionary), for the user to see.
    pub warnings: Vec<String>,
    /// (office, whose office) → the actors who ever held it: office phrases are resolved
    /// on the hot path, and imported dictionaries bring tens of thousands of actors.
    office_holders: HashMap<(String, String), Vec<usize>>,
    /// ISO alpha-3 → the country's place.
    countries: HashMap<String, PlaceIdx>,
    /// A renamed group → its successor and the day from which it goes by that name.
    successors: HashMap<usize, (usize, NaiveDate)>,
}

macro_rules! bundled {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!("../../../data/knowledge/", $path)),
        )
    };
}

/// The bundled agreement patterns alone, for readers of agreements that need no other
/// knowledge (the server's evidence suggestions), without loading the gazetteer.
pub fn bundled_agreement_patterns() -> Result<AgreementPatterns, KnowledgeError> {
    let (src, text) = bundled!("patterns/agreements.toml");
    patterns::parse(src, text)
}

const BUNDLED_ACTORS: &[(&str, &str)] = &[
    bundled!("actors/organisations.toml"),
    bundled!("actors/people.toml"),
    bundled!("actors/armed-groups.toml"),
    bundled!("actors/collectives.toml"),
];

/// What a user's knowledge folders add, read file by file in the order found.
#[derive(Default)]
struct UserFiles {
    actors: Vec<ActorDef>,
    roles: Vec<actors::RoleDef>,
    /// `*.places.tsv` files: (name, text), added to the gazetteer after the bundled regions.
    regions: Vec<(String, String)>,
    speech: Vec<SpeechPatterns>,
    /// `*.events.toml` files: (name, text), merged into the bundled event patterns.
    events: Vec<(String, String)>,
    /// PETRARCH verb dictionaries: (name, text).
    cameo_verbs: Vec<(String, String)>,
    agreements: Vec<patterns::MoreAgreementPatterns>,
    /// "user: <file>" for every file that added something.
    sources: Vec<String>,
    warnings: Vec<String>,
}

impl UserFiles {
    fn read(dirs: &[&Path]) -> Result<UserFiles, KnowledgeError> {
        let mut user = UserFiles::default();
        for dir in dirs {
            for file in user_files(dir)? {
                let name = file.display().to_string();
                let text =
                    std::fs::read_to_string(&file).map_err(|source| KnowledgeError::Read {
                        path: file.clone(),
                        source,
                    })?;
                let fname = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if fname.ends_with(".actors.txt") {
                    let (imported, problems) = parse_phoenix(&name, &text)?;
                    user.actors.extend(imported);
                    user.warnings.extend(problems);
                } else if fname.ends_with(".speech.toml") {
                    user.speech.push(patterns::parse(&name, &text)?);
                } else if is_cameo_verbs(fname) {
                    user.cameo_verbs.push((name.clone(), text));
                } else if fname.ends_with(".agreements.toml") {
                    user.agreements.push(patterns::parse(&name, &text)?);
                } else if fname.ends_with(".events.toml") {
                    user.events.push((name.clone(), text));
                } else if fname.ends_with(".roles.toml") {
                    user.roles.extend(actors::parse_role_toml(&name, &text)?);
                } else if fname.ends_with(".places.tsv") {
                    user.regions.push((name.clone(), text));
                } else if fname.ends_with(".toml") {
                    user.actors.extend(actors::parse_actor_toml(&name, &text)?);
                } else {
                    continue;
                }
                user.sources.push(format!("user: {name}"));
            }
        }
        Ok(user)
    }
}

/// The actors with one definition per id, a later definition replacing an earlier one in
/// its place, and each id's index.
fn last_definition_wins(actors: Vec<ActorDef>) -> (Vec<ActorDef>, HashMap<String, usize>) {
    let mut ids = HashMap::default();
    let mut unique: Vec<ActorDef> = Vec::with_capacity(actors.len());
    for a in actors {
        match ids.get(&a.id) {
            Some(&i) => unique[i] = a,
            None => {
                ids.insert(a.id.clone(), unique.len());
                unique.push(a);
            }
        }
    }
    (unique, ids)
}

/// (office, whose office) → the actors who ever held it, in the order of the actors.
fn office_holders(actors: &[ActorDef]) -> HashMap<(String, String), Vec<usize>> {
    let mut holders: HashMap<(String, String), Vec<usize>> = HashMap::default();
    for (i, a) in actors.iter().enumerate() {
        for o in &a.roles {
            let of_office = holders.entry((o.role.clone(), o.of.clone())).or_default();
            if of_office.last() != Some(&i) {
                of_office.push(i);
            }
        }
    }
    holders
}

impl Knowledge {
    /// The knowledge shipped with truce.
    pub fn bundled() -> Result<Knowledge, KnowledgeError> {
        Knowledge::load(&[])
    }

    /// The bundled knowledge plus every file in `dirs` (searched recursively): `*.toml`
    /// actor files (`[[actor]]` tables, as under data/knowledge/actors), `*.roles.toml`,
    /// `*.speech.toml`, `*.events.toml` and `*.agreements.toml` pattern files,
    /// `*.places.tsv` region files, Phoenix `*.actors.txt` dictionaries and CAMEO verb
    /// dictionaries (`CAMEO*.txt`, `*.verbs.txt`, PETRARCH format). A user's actor
    /// with the id of a bundled one replaces it.
    pub fn load(dirs: &[&Path]) -> Result<Knowledge, KnowledgeError> {
        let (src, states) = bundled!("actors/states.tsv");
        let mut actors = actors::parse_states(src, states)?;
        for (src, text) in BUNDLED_ACTORS {
            actors.extend(actors::parse_actor_toml(src, text)?);
        }
        let (src, roles) = bundled!("actors/roles.toml");
        let mut roles = actors::parse_role_toml(src, roles)?;
        let (src, regions) = bundled!("places/regions.tsv");
        let mut gazetteer = Gazetteer::new(src, regions)?;
        let (src, macro_regions) = bundled!("places/macro-regions.tsv");
        gazetteer.add_regions(src, macro_regions)?;
        let mut sources: Vec<String> = [
            "actors/states.tsv",
            "actors/roles.toml",
            "places/regions.tsv",
            "places/cities.tsv.gz (compiled)",
        ]
        .iter()
        .chain(BUNDLED_ACTORS.iter().map(|(s, _)| s))
        .map(|s| format!("bundled: data/knowledge/{s}"))
        .collect();

        let user = UserFiles::read(dirs)?;
        actors.extend(user.actors);
        roles.extend(user.roles);
        for (name, text) in &user.regions {
            gazetteer.add_regions(name, text)?;
        }
        sources.extend(user.sources);
        let mut warnings = user.warnings;
        let (mut actors, ids) = last_definition_wins(actors);
        let (src, text) = bundled!("patterns/text.toml");
        let mut text: TextPatterns = patterns::parse(src, text)?;
        text.compile();
        let (src, places) = bundled!("patterns/places.toml");
        let places: PlacePatterns = patterns::parse(src, places)?;
        link_states_to_countries(&mut actors, &mut gazetteer);
        abbreviate_admin1(&mut gazetteer, &places.admin1_abbreviations_in);
        check_refs(&actors, &ids)?;

        let (src, casualties) = bundled!("patterns/casualties.toml");
        let casualties = CasualtyPatterns::parse(src, casualties)?;
        let (src, dates) = bundled!("patterns/dates.toml");
        let mut dates: DatePatterns = patterns::parse(src, dates)?;
        dates.compile();
        let (src, speech) = bundled!("patterns/speech.toml");
        let mut speech: SpeechPatterns = patterns::parse(src, speech)?;
        for more in user.speech {
            speech.verbs.extend(more.verbs);
            speech.according_to.extend(more.according_to);
            speech.documents.extend(more.documents);
            speech.joint.extend(more.joint);
            speech.issuing.extend(more.issuing);
            speech.authored_by.extend(more.authored_by);
            speech.naming.extend(more.naming);
            speech.quoting.extend(more.quoting);
            speech.quoting_link.extend(more.quoting_link);
            speech.answered_acts.extend(more.answered_acts);
            speech.addressed.extend(more.addressed);
            speech.scene.extend(more.scene);
        }
        // documents that record agreements speak for their parties too ("the memorandum
        // said"), so they are documents of speech as well
        let mut agreements = bundled_agreement_patterns()?;
        for more in user.agreements {
            agreements.extend(more);
        }
        for d in &agreements.documents {
            if !speech.documents.iter().any(|x| x.eq_ignore_ascii_case(d)) {
                speech.documents.push(d.clone());
            }
        }
        speech.compile();
        let (events, notes) = EventPatterns::load(
            bundled!("patterns/events.toml"),
            bundled!("patterns/CAMEO.2.0.txt"),
            &user.events,
            &user.cameo_verbs,
        )?;
        warnings.extend(notes);

        let (matcher, aliases, title_roles) = compile_matcher(&actors, &roles);
        let countries = gazetteer
            .regions()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == PlaceKind::Country && !r.iso3.is_empty())
            .map(|(i, r)| (r.iso3.clone(), PlaceIdx::Region(i as u32)))
            .collect();
        let office_holders = office_holders(&actors);
        let successors = successors(&actors, &ids);
        let lexicon = Lexicon::build(&dates, &speech, &text, &events);
        Ok(Knowledge {
            lexicon,
            office_holders,
            successors,
            speech,
            events,
            agreements,
            casualties,
            countries,
            warnings,
            actors,
            ids,
            roles,
            gazetteer,
            text,
            places,
            dates,
            matcher,
            aliases,
            title_roles,
            sources,
        })
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&ActorDef> {
        self.ids.get(id).map(|&i| &self.actors[i])
    }

    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// The actor a group goes by on `day`: its successor once renamed or merged into it
    /// (`successor_of` and `successor_since`), else itself.
    pub fn current_name(&self, actor: usize, day: NaiveDate) -> usize {
        match self.successors.get(&actor) {
            Some(&(successor, since)) if day >= since => successor,
            _ => actor,
        }
    }

    /// Every occurrence of an actor alias or office title in folded text, overlapping
    /// ones included, in one pass. Callers check word boundaries and case.
    pub fn scan(&self, folded: &str) -> Vec<Hit> {
        self.matcher
            .find_overlapping_iter(folded)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize() as u32,
            })
            .collect()
    }

    /// The aliases spelled as a hit (empty for a title that names no actor).
    pub fn hit_aliases(&self, hit: &Hit) -> &[Alias] {
        &self.aliases[hit.pattern as usize]
    }

    /// The offices a hit is a title of (empty for names).
    pub fn hit_roles(&self, hit: &Hit) -> &[usize] {
        &self.title_roles[hit.pattern as usize]
    }

    /// Who held office `role` of actor `of` on `date` (for envoys, optionally `for`).
    pub fn holder(
        &self,
        role: &str,
        of: &str,
        for_: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Vec<usize> {
        let Some(candidates) = self.office_holders.get(&(role.to_string(), of.to_string())) else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&i| {
                self.actors[i].roles.iter().any(|o| {
                    o.role == role
                        && o.of == of
                        && (for_.is_none() || o.for_.as_deref() == for_)
                        && o.held_on(date)
                })
            })
            .collect()
    }

    /// The office a person held on `date`, preferring the first listed.
    pub fn office_on<'a>(
        &'a self,
        actor: &'a ActorDef,
        date: Option<NaiveDate>,
    ) -> Option<&'a Office> {
        // without a date, the latest office describes the person best
        if date.is_none() {
            return actor.roles.last();
        }
        actor.roles.iter().find(|o| o.held_on(date))
    }

    /// "President of Russia" for an office.
    pub fn describe_office(&self, office: &Office) -> String {
        let label = self
            .roles
            .iter()
            .find(|r| r.id == office.role)
            .map(|r| r.label.as_str())
            .unwrap_or(office.role.as_str());
        let of = self
            .actor(&office.of)
            .map(|a| a.name.as_str())
            .unwrap_or(office.of.as_str());
        match office.for_.as_deref().and_then(|f| self.actor(f)) {
            Some(f) => format!("{label} of the {of} for {}", f.name),
            None if self
                .actor(&office.of)
                .is_some_and(|a| !a.kind.is_one(ActorCategory::State)) =>
            {
                format!("{label} of the {of}")
            }
            None => format!("{label} of {of}"),
        }
    }

    /// The country place of a state actor (by ISO alpha-3 id).
    pub fn country_of_state(&self, iso3: &str) -> Option<PlaceIdx> {
        self.countries.get(iso3).copied()
    }
}

/// CAMEO verb dictionaries as PETRARCH names them ("CAMEO.2.0.txt"), or `*.verbs.txt`.
fn is_cameo_verbs(fname: &str) -> bool {
    (fname.to_ascii_uppercase().starts_with("CAMEO") && fname.ends_with(".txt"))
        || fname.ends_with(".verbs.txt")
}

fn user_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, KnowledgeError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let meta = std::fs::metadata(&d).map_err(|source| KnowledgeError::Read {
            path: d.clone(),
            source,
        })?;
        if meta.is_file() {
            out.push(d);
            continue;
        }
        let entries = std::fs::read_dir(&d).map_err(|source| KnowledgeError::Read {
            path: d.clone(),
            source,
        })?;
        for e in entries {
            let e = e.map_err(|source| KnowledgeError::Read {
                path: d.clone(),
                source,
            })?;
            stack.push(e.path());
        }
    }
    out.sort();
    Ok(out)
}

/// States get their capitals from the country rows, and countries get the states' names
/// (so "Türkiye" and "Syrian Arab Republic" are places too).
fn link_states_to_countries(actors: &mut [ActorDef], gazetteer: &mut Gazetteer) {
    let by_iso3: HashMap<String, (u32, String)> = gazetteer
        .regions()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == PlaceKind::Country)
        .map(|(i, r)| (r.iso3.clone(), (i as u32, r.capital.clone())))
        .collect();
    for a in actors
        .iter_mut()
        .filter(|a| a.kind.is_one(ActorCategory::State))
    {
        if let Some((idx, capital)) = by_iso3.get(&a.id) {
            if !capital.is_empty() && !a.capitals.contains(capital) {
                a.capitals.push(capital.clone());
            }
            for name in &a.aliases {
                // acronyms such as "US" or "UAE" match only as written
                if name.chars().all(|c| c.is_uppercase() || c == '.') {
                    gazetteer.acronym_region(*idx, name);
                } else {
                    gazetteer.name_region(*idx, name, true);
                }
            }
        }
    }
}

/// "NY", "NSW": subdivision codes of the listed countries as capital-letter names.
fn abbreviate_admin1(gazetteer: &mut Gazetteer, countries: &[String]) {
    let codes: Vec<(u32, String)> = gazetteer
        .regions()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == PlaceKind::Admin1 && countries.contains(&r.country))
        .filter_map(|(i, r)| {
            r.code
                .split_once('-')
                .map(|(_, c)| (i as u32, c.to_string()))
        })
        .filter(|(_, c)| c.len() >= 2 && c.chars().all(|x| x.is_ascii_uppercase()))
        .collect();
    for (i, c) in codes {
        gazetteer.acronym_region(i, &c);
    }
}

/// Each group a dated successor took over → (the successor, the day).
fn successors(
    actors: &[ActorDef],
    ids: &HashMap<String, usize>,
) -> HashMap<usize, (usize, NaiveDate)> {
    let mut out = HashMap::default();
    for (i, a) in actors.iter().enumerate() {
        let Some(since) = a.successor_since else {
            continue;
        };
        for old in &a.successor_of {
            if let Some(&o) = ids.get(old) {
                out.insert(o, (i, since));
            }
        }
    }
    out
}

fn check_refs(actors: &[ActorDef], ids: &HashMap<String, usize>) -> Result<(), KnowledgeError> {
    for a in actors {
        let refs = a
            .parent
            .iter()
            .map(|p| ("parent", p))
            .chain(a.affiliation.iter().map(|p| ("affiliation", p)))
            .chain(a.successor_of.iter().map(|p| ("successor_of", p)));
        for (field, target) in refs {
            if !ids.contains_key(target) && a.kind.category != ActorCategory::Imported {
                return Err(KnowledgeError::UnknownRef {
                    file: a.source.clone(),
                    id: a.id.clone(),
                    field,
                    target: target.clone(),
                });
            }
        }
    }
    Ok(())
}

fn case_rule(alias: &str) -> CaseRule {
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && !alias.contains(' ') {
        CaseRule::Exact
    } else if letters.iter().any(|c| c.is_uppercase()) {
        CaseRule::Capitals
    } else {
        CaseRule::Any
    }
}

/// One automaton for every actor alias and office title: a document is scanned once.
/// Pattern `p` names the aliases `aliases[p]` and the offices `roles[p]` (either may be
/// empty: "president" is only a title, "Putin" only an alias).
fn compile_matcher(
    actors: &[ActorDef],
    role_defs: &[RoleDef],
) -> (AhoCorasick, Vec<Vec<Alias>>, Vec<Vec<usize>>) {
    let mut index: HashMap<String, usize> = HashMap::default();
    let mut patterns: Vec<String> = Vec::new();
    let mut aliases: Vec<Vec<Alias>> = Vec::new();
    let mut roles: Vec<Vec<usize>> = Vec::new();
    let mut slot_of = |key: String,
                       patterns: &mut Vec<String>,
                       aliases: &mut Vec<Vec<Alias>>,
                       roles: &mut Vec<Vec<usize>>| {
        *index.entry(key.clone()).or_insert_with(|| {
            patterns.push(key);
            aliases.push(Vec::new());
            roles.push(Vec::new());
            patterns.len() - 1
        })
    };
    for (i, a) in actors.iter().enumerate() {
        let spelled = a
            .aliases
            .iter()
            .map(|s| (s, AliasKind::Name))
            .chain(a.demonyms.iter().map(|s| (s, AliasKind::Demonym)))
            .chain(a.capitals.iter().map(|s| (s, AliasKind::Capital)));
        for (written, kind) in spelled {
            let key = fold::fold_str(written.trim());
            if key.chars().count() < 2 {
                continue;
            }
            let slot = slot_of(key, &mut patterns, &mut aliases, &mut roles);
            // a spelling the bundled knowledge (or a user's TOML) already gives an actor
            // is not taken over by an imported dictionary entry
            let imported = a.kind.category == ActorCategory::Imported;
            if imported
                && aliases[slot]
                    .iter()
                    .any(|x| actors[x.actor].kind.category != ActorCategory::Imported)
            {
                continue;
            }
            if !aliases[slot].iter().any(|x| x.actor == i && x.kind == kind) {
                aliases[slot].push(Alias {
                    actor: i,
                    kind,
                    case: case_rule(written),
                    written: written.clone(),
                });
            }
        }
    }
    for (i, r) in role_defs.iter().enumerate() {
        for t in &r.titles {
            let slot = slot_of(fold::fold_str(t), &mut patterns, &mut aliases, &mut roles);
            roles[slot].push(i);
        }
    }
    // a DFA: a few thousand patterns make a table of some megabytes, scanned at memory speed
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&patterns)
        .expect("aliases and titles compile into an automaton");
    (ac, aliases, roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_knowledge_loads_and_links() {
        let k = Knowledge::bundled().unwrap();
        let states = k
            .actors
            .iter()
            .filter(|a| a.kind.is_one(ActorCategory::State))
            .count();
        assert_eq!(states, 249, "every ISO 3166-1 entry is a state actor");
        for s in k
            .actors
            .iter()
            .filter(|a| a.kind.is_one(ActorCategory::State))
        {
            assert!(
                !s.name.is_empty() && !s.demonyms.is_empty(),
                "{} lacks a name or demonym",
                s.id
            );
        }
        assert!(k
            .actor("TUR")
            .unwrap()
            .capitals
            .contains(&"Ankara".to_string()));
        let (cities, regions) = k.gazetteer.len();
        assert!(
            cities > 200_000 && regions > 5_000,
            "{cities} cities, {regions} regions"
        );
    }

    #[test]
    fn offices_are_bounded_in_time() {
        let k = Knowledge::bundled().unwrap();
        let on = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let who = |role: &str, of: &str, d: &str| -> Vec<String> {
            k.holder(role, of, None, on(d))
                .into_iter()
                .map(|i| k.actors[i].id.clone())
                .collect()
        };
        assert_eq!(who("president", "IRN", "2018-09-08"), ["rouhani"]);
        assert_eq!(who("president", "IRN", "2023-01-01"), ["raisi"]);
        assert_eq!(who("president", "RUS", "2010-01-01"), ["medvedev"]);
        assert_eq!(who("foreign-minister", "TUR", "2018-09-08"), ["cavusoglu"]);
        // the UN's envoys: one for Syria, one for Libya at once
        assert_eq!(who("envoy", "UN", "2018-09-08"), ["de-mistura", "salame"]);
        let for_syria: Vec<&str> = k
            .holder("envoy", "UN", Some("SYR"), on("2018-09-08"))
            .into_iter()
            .map(|i| k.actors[i].id.as_str())
            .collect();
        assert_eq!(for_syria, ["de-mistura"]);
        assert_eq!(who("president", "UKR", "2015-02-12"), ["poroshenko"]);
        assert_eq!(who("president", "UKR", "2020-10-10"), ["zelensky"]);
        assert_eq!(who("president", "SYR", "2025-06-01"), ["al-sharaa"]);
    }

    #[test]
    fn gazetteer_finds_transliterated_names() {
        let k = Knowledge::bundled().unwrap();
        let mut senses = Vec::new();
        k.gazetteer
            .lookup_key(&fold::translit_key("Maarat al-Numan"), &mut senses);
        assert!(
            senses
                .iter()
                .any(|s| k.gazetteer.info(s.place).country == "SY"),
            "{senses:?}"
        );
        senses.clear();
        k.gazetteer
            .lookup_key(&fold::translit_key("Idlib"), &mut senses);
        let kinds: Vec<PlaceKind> = senses
            .iter()
            .map(|s| k.gazetteer.info(s.place).kind)
            .collect();
        assert!(
            kinds.contains(&PlaceKind::City) && kinds.contains(&PlaceKind::Admin1),
            "{kinds:?}"
        );
        senses.clear();
        k.gazetteer
            .lookup_key(&fold::translit_key("Türkiye"), &mut senses);
        assert!(senses
            .iter()
            .any(|s| k.gazetteer.info(s.place).kind == PlaceKind::Country));
    }

    #[test]
    fn users_add_actors_and_places() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "[[actor]]\nid = \"ceasefire-monitors\"\nkind = \"monitoring organisation\"\nname = \"Joint Monitors\"\naliases = [\"Joint Monitors\"]\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("villages.places.tsv"),
            "city\tmy:1\tSY\tvillage\tKafr Example\t\t35.7\t36.6\t0\t\t\n",
        )
        .unwrap();
        let k = Knowledge::load(&[dir.path()]).unwrap();
        assert!(k.actor("ceasefire-monitors").is_some());
        let mut senses = Vec::new();
        k.gazetteer
            .lookup_key(&fold::translit_key("Kafr Example"), &mut senses);
        assert_eq!(senses.len(), 1);
        std::fs::write(dir.path().join("broken.toml"), "[[actor]]\nid = 3\n").unwrap();
        let err = Knowledge::load(&[dir.path()]).err().unwrap().to_string();
        assert!(err.contains("broken.toml"), "{err}");
    }

    #[test]
    fn a_users_actor_of_no_known_kind_is_refused_with_the_kinds_allowed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "[[actor]]\nid = \"x\"\nkind = \"warlord\"\nname = \"X\"\naliases = [\"X\"]\n",
        )
        .unwrap();
        let err = Knowledge::load(&[dir.path()])
            .err()
            .expect("refused")
            .to_string();
        assert!(err.contains("mine.toml"), "{err}");
        assert!(
            err.contains("\"warlord\" is not a known actor kind"),
            "{err}"
        );
        assert!(err.contains("armed group"), "{err}");
    }

    #[test]
    fn a_users_events_file_naming_no_plover_type_is_refused_with_the_types_allowed() {
        for body in [
            "[quad]\nSKIRMISH = 4\n",
            "[promised]\nCONSULT = \"AGRE\"\n",
            "[merging]\nkindred = [[\"AGREE\", \"SUPORT:sign\"]]\n",
            "[types.SKIRMISH]\n\"clash+ with {R}\" = \"Rebels clashed with the army.\"\n",
        ] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("mine.events.toml"), body).unwrap();
            let err = Knowledge::load(&[dir.path()])
                .err()
                .expect("refused")
                .to_string();
            assert!(err.contains("mine.events.toml"), "{body}: {err}");
            assert!(
                err.contains("is not a known PLOVER event type"),
                "{body}: {err}"
            );
            assert!(err.contains("AGREE, CONSULT"), "{body}: {err}");
        }
    }

    #[test]
    fn a_users_events_file_adds_to_every_section_it_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.events.toml"),
            "[modality]\nnegation = [\"nary\"]\n[clauses]\nanaphoric = [\"yon\"]\n\
             [quad]\nREQUEST = 4\n[cameo_roots]\nREQUEST = \"999\"\n",
        )
        .unwrap();
        let k = Knowledge::load(&[dir.path()]).unwrap();
        let bundled = Knowledge::bundled().unwrap();
        let ev = &k.events;
        // the user's words join the bundled ones; a list the user leaves out stays whole
        assert!(ev.modality.negation.contains("nary"));
        assert!(bundled
            .events
            .modality
            .negation
            .iter()
            .all(|w| ev.modality.negation.contains(w)));
        assert_eq!(ev.modality.passive, bundled.events.modality.passive);
        assert!(ev.clauses.anaphoric.contains("yon"));
        assert_eq!(ev.clauses.agent, bundled.events.clauses.agent);
        // tables the loader once read from the bundled file only
        assert_eq!(ev.quad.get(&truce_model::EventType::Request), Some(&4));
        assert_eq!(
            ev.cameo_roots
                .get(&truce_model::EventType::Request)
                .map(String::as_str),
            Some("999")
        );
    }

    #[test]
    fn the_bundled_cameo_dictionary_given_again_is_not_imported_twice() {
        let dir = tempfile::tempdir().unwrap();
        let (_, text) = bundled!("patterns/CAMEO.2.0.txt");
        std::fs::write(dir.path().join("CAMEO.2.0.txt"), text).unwrap();
        let again = Knowledge::load(&[dir.path()]).unwrap();
        let once = Knowledge::bundled().unwrap();
        assert_eq!(again.events.patterns.len(), once.events.patterns.len());
        assert!(
            again
                .warnings
                .iter()
                .any(|w| w.contains("not imported twice")),
            "{:?}",
            again.warnings
        );
    }
}
