//! `truce events`: real-world events across the store (each a cluster of reports'
//! events), filtered; `truce events split|join` for an analyst's corrections.

use crate::default_db;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use truce_model::Verdict;
use truce_store::{Decision, Mode, Store, VerdictRequest};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[command(flatten)]
    pub filter: super::filter::ActFilter,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Take one report's event out of its cluster: it is an act of its own
    Split(Target),
    /// Record a verdict on an act (the # number `truce events` prints); a correction
    /// of any field makes it `corrected`
    Verify {
        cluster: i64,
        /// confirmed or rejected; corrected when a field is corrected
        #[arg(long, value_parser = ["confirmed", "corrected", "rejected"])]
        status: Option<String>,
        // boxed: the fields a verdict corrects would make every command as large
        #[command(flatten)]
        correction: Box<CorrectionArgs>,
        /// The act's version you decided on (`truce events show` prints it): refused if
        /// the act has changed since
        #[arg(long)]
        version: Option<i64>,
        /// Who decides
        #[arg(long, env = "USER", default_value = "analyst")]
        analyst: String,
        /// Why
        #[arg(long)]
        note: Option<String>,
    },
    /// One act as it stands, with the machine's values of corrected fields and every
    /// verdict on it
    Show {
        cluster: i64,
        /// Print the act as JSON
        #[arg(long)]
        json: bool,
    },
    /// Put one report's event into another cluster
    Join {
        #[command(flatten)]
        target: Target,
        /// The cluster (the # number `truce events` prints) it belongs to
        #[arg(long)]
        into: i64,
    },
}

/// The fields a verdict corrects, as `truce events verify` takes them.
#[derive(clap::Args)]
pub struct CorrectionArgs {
    /// The act's PLOVER type
    #[arg(long = "type", value_name = "TYPE")]
    kind: Option<String>,
    /// asserted, negated, hypothetical, future or historical
    #[arg(long)]
    modality: Option<String>,
    /// Actor ids, comma-separated (empty for none)
    #[arg(long)]
    actors: Option<String>,
    /// Recipient ids, comma-separated (empty for none)
    #[arg(long)]
    recipients: Option<String>,
    /// A place id the store's reports name (`none` for no known place)
    #[arg(long)]
    place: Option<String>,
    /// YYYY-MM-DD, YYYY-MM or YYYY (`none` for undated)
    #[arg(long)]
    date: Option<String>,
    /// How many were killed (`none` where the reports' figure is wrong and none is known)
    #[arg(long)]
    killed: Option<String>,
    /// How many were injured (`none` likewise)
    #[arg(long)]
    injured: Option<String>,
}

impl CorrectionArgs {
    /// The correction as the API would send it, read by the store's one reader of
    /// corrections; `None` when no field is named.
    fn correction(&self) -> Result<Option<truce_store::Correction>> {
        use serde_json::{json, Map, Value};
        let ids = |list: &str| -> Value {
            json!(list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>())
        };
        let none_or = |v: &str| if v == "none" { Value::Null } else { json!(v) };
        // a toll is a number to the store's reader; anything else goes through as text,
        // so that the reader's one message names what it takes
        let toll = |v: &str| match v.trim().parse::<u64>() {
            Ok(n) => json!(n),
            Err(_) => none_or(v),
        };
        let mut o = Map::new();
        let named = [
            ("type", self.kind.as_deref().map(|v| json!(v))),
            ("modality", self.modality.as_deref().map(|v| json!(v))),
            ("actors", self.actors.as_deref().map(ids)),
            ("recipients", self.recipients.as_deref().map(ids)),
            ("place", self.place.as_deref().map(none_or)),
            ("date", self.date.as_deref().map(none_or)),
            ("killed", self.killed.as_deref().map(toll)),
            ("injured", self.injured.as_deref().map(toll)),
        ];
        for (field, value) in named {
            if let Some(v) = value {
                o.insert(field.to_string(), v);
            }
        }
        if o.is_empty() {
            return Ok(None);
        }
        let c = truce_store::Correction::from_json(&Value::Object(o))
            .map_err(|e| anyhow::anyhow!("--{}: {}", e.field, e.why))?;
        Ok(Some(c))
    }
}

#[derive(clap::Args)]
pub struct Target {
    /// The report: its document id or a unique prefix
    pub document: String,
    /// The event's id inside the report (e1, e2, ...; see `truce events --json`)
    pub event: String,
    /// Who decides (recorded with the decision)
    #[arg(long, env = "USER", default_value = "analyst")]
    pub analyst: String,
    /// Why
    #[arg(long)]
    pub note: Option<String>,
}

pub fn run(db: Option<PathBuf>, knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let path = db.unwrap_or_else(|| default_db("truce.db"));
    if let Some(Action::Show { cluster, json }) = args.action {
        return show(&path, cluster, json || args.json);
    }
    if let Some(action) = args.action {
        let mut store = Store::open(&path, Mode::Write)?;
        let mut batch = store.batch()?;
        let (t, decision) = match action {
            Action::Split(t) => (t, Decision::Split),
            Action::Join { target, into } => (target, Decision::Join(into)),
            Action::Verify {
                cluster,
                status,
                correction,
                version,
                analyst,
                note,
            } => {
                let mut correction = correction.correction()?;
                if let Some(c) = correction.as_mut() {
                    if let Some(kind) = c.kind {
                        // the CAMEO root the corrected type is exported with is knowledge
                        let k = super::load_knowledge(knowledge)?;
                        c.cameo_root = k.events.cameo_roots.get(&kind).cloned();
                    }
                }
                let verdict: Verdict = match (status.as_deref(), &correction) {
                    (Some(s), _) => s.parse()?,
                    (None, Some(_)) => Verdict::Corrected,
                    (None, None) => bail!(
                        "say the verdict (--status confirmed or rejected) or correct a field (--type, --actors, --place, --date, ...)"
                    ),
                };
                let request = VerdictRequest {
                    verdict,
                    correction: correction.as_ref(),
                    analyst: &analyst,
                    note: note.as_deref(),
                    version,
                };
                let record = batch.verify_event(cluster, &request)?;
                batch.commit()?;
                println!(
                    "act #{cluster} {verdict} by {analyst} (now version {})",
                    record.version.unwrap_or_default()
                );
                for c in &record.changes {
                    println!("  {}: {} -> {}", c.field, c.before, c.after);
                }
                return Ok(ExitCode::SUCCESS);
            }
            Action::Show { .. } => unreachable!("shown above, without the writer"),
        };
        let cluster = batch.decide(
            &t.document,
            &t.event,
            decision,
            &t.analyst,
            t.note.as_deref(),
        )?;
        batch.commit()?;
        println!(
            "event {} of {} is now in cluster #{cluster}",
            t.event, t.document
        );
        return Ok(ExitCode::SUCCESS);
    }
    list(&path, args)
}

/// `truce events`: the acts the filters select, each with its reports' evidence.
fn list(path: &Path, args: Args) -> Result<ExitCode> {
    let store = Store::open(path, Mode::Read)?;
    let filter = args.filter.into_filter()?;
    let clusters = store.acts(&filter, args.limit)?;
    if args.json {
        super::print_json(&clusters)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (events, reports) = store.event_counts(true)?;
    println!(
        "{events} asserted events in the store, from {reports} reports' events; showing {}",
        clusters.len()
    );
    for c in &clusters {
        let parties = |ids: &[String]| {
            if ids.is_empty() {
                "?".to_string()
            } else {
                ids.join(", ")
            }
        };
        let verdict = c
            .verification
            .as_ref()
            .map(|v| format!("  [{}]", v.status))
            .unwrap_or_default();
        let toll = match (c.killed, c.injured) {
            (None, None) => String::new(),
            (k, i) => format!(
                "  {} killed, {} injured",
                k.map_or("?".into(), |n| n.to_string()),
                i.map_or("?".into(), |n| n.to_string())
            ),
        };
        println!(
            "#{:<6} {:<10} {:<9} {:<12} {} -> {}  at {}  ({} report{}){toll}{verdict}",
            c.cluster,
            c.date.as_deref().unwrap_or("undated"),
            c.kind,
            c.modality,
            parties(&c.actors),
            parties(&c.recipients),
            c.place_name.as_deref().unwrap_or("?"),
            c.reports,
            if c.reports == 1 { "" } else { "s" }
        );
        for e in &c.events {
            for ev in &e.evidence {
                println!(
                    "        {} {}  {:?}",
                    &e.document[..12.min(e.document.len())],
                    e.local,
                    ev.text.chars().take(100).collect::<String>()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `truce events show N`: the act as it stands (corrections applied), what the machine
/// read where a correction changed it, and every verdict with its changes.
fn show(path: &Path, cluster: i64, as_json: bool) -> Result<ExitCode> {
    let store = Store::open(path, Mode::Read)?;
    let Some(act) = store.act(cluster)? else {
        bail!("no act #{cluster}; `truce events` lists the acts with their numbers");
    };
    let zones = truce_monitor::findings(&super::regime::regimes(&[])?, &act);
    if as_json {
        let mut shown = serde_json::to_value(&act)?;
        shown["zones"] = serde_json::to_value(&zones)?;
        super::print_json(&shown)?;
        return Ok(ExitCode::SUCCESS);
    }
    let status = act
        .verification
        .as_ref()
        .map_or("unverified", |v| v.status.as_str());
    println!(
        "#{} {} {} {} by {} on {} at {}  [{status}, version {}]",
        act.cluster,
        act.date.as_deref().unwrap_or("undated"),
        act.kind,
        act.modality,
        if act.actors.is_empty() {
            "?".to_string()
        } else {
            act.actors.join(", ")
        },
        if act.recipients.is_empty() {
            "?".to_string()
        } else {
            act.recipients.join(", ")
        },
        act.place_name.as_deref().unwrap_or("?"),
        act.version
    );
    if act.killed.is_some() || act.injured.is_some() {
        let toll = |n: Option<u32>| n.map_or("?".to_string(), |n| n.to_string());
        println!(
            "  killed {}, injured {} (the lowest figure its reports give, unless corrected)",
            toll(act.killed),
            toll(act.injured)
        );
    }
    for d in &act.disputes {
        let claims: Vec<String> = d
            .claims
            .iter()
            .map(|c| format!("{} in {}", c.value, &c.document[..12.min(c.document.len())]))
            .collect();
        println!(
            "  reports disagree on {}: {}{}",
            d.field,
            claims.join("; "),
            if d.settled {
                " (settled by an analyst)"
            } else {
                ""
            }
        );
    }
    for z in &zones {
        println!("  {} zone {}: {}", z.regime, z.zone, z.why);
    }
    for (field, value) in &act.machine {
        println!("  machine's {field}: {value}");
    }
    for v in &act.history {
        println!(
            "  {} {} by {}{}",
            v.decided_at,
            v.status,
            v.analyst,
            v.note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
        for c in &v.changes {
            println!("    {}: {} -> {}", c.field, c.before, c.after);
        }
    }
    Ok(ExitCode::SUCCESS)
}
