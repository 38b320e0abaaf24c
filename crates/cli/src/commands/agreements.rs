//! `truce agreements`: the agreements reports describe, as analysis proposed them, and
//! analysts' decisions on them (accept, edit, reject). Every decision is kept; the latest
//! one is the agreement's status.

use crate::default_db;
use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{Mode, Store, StoredAgreement};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    /// Only agreements with this status: proposed, accepted, edited or rejected
    #[arg(long, value_parser = truce_store::AGREEMENT_STATUSES)]
    pub status: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct Decision {
    /// The agreement's number (`truce agreements` lists them)
    pub id: i64,
    /// Who decides
    #[arg(long)]
    pub analyst: String,
    /// Why
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// The proposal is right as it stands
    Accept(Decision),
    /// The report describes no such agreement
    Reject(Decision),
    /// Correct fields of the proposal (the proposal itself is kept)
    Edit {
        #[command(flatten)]
        decision: Decision,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_parser = super::filter::iso_date)]
        date: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// Actor ids, comma-separated (RUS,TUR,IRN)
        #[arg(long, value_delimiter = ',')]
        parties: Option<Vec<String>>,
        /// Any of the fields as a JSON object, e.g. to give the provisions:
        /// '{"provisions": [{"topic": "ceasefire", "text": "..."}]}'
        #[arg(long, value_name = "JSON")]
        fields: Option<String>,
    },
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let path = db.unwrap_or_else(|| default_db("truce.db"));
    let Some(action) = args.action else {
        let store = Store::open(&path, Mode::Read)?;
        let list = store.agreements(args.status.as_deref())?;
        if args.json {
            super::print_json(&list)?;
        } else {
            print_list(&list);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let (decision, verdict, edit) = match action {
        Action::Accept(d) => (d, "accepted", None),
        Action::Reject(d) => (d, "rejected", None),
        Action::Edit {
            decision,
            name,
            kind,
            date,
            place,
            parties,
            fields,
        } => {
            let mut edit = match fields {
                Some(f) => match serde_json::from_str::<Value>(&f)
                    .with_context(|| format!("--fields {f:?} is not JSON"))?
                {
                    Value::Object(o) => o,
                    _ => bail!("--fields must be a JSON object of the fields to change"),
                },
                None => Map::new(),
            };
            for (k, v) in [
                ("name", name),
                ("kind", kind),
                ("date", date),
                ("place", place),
            ] {
                if let Some(v) = v {
                    edit.insert(k.into(), json!(v));
                }
            }
            if let Some(p) = parties {
                edit.insert("parties".into(), json!(p));
            }
            let edit = Value::Object(edit);
            if let Err((field, why)) = truce_store::check_agreement_edit(&edit) {
                bail!("{field}: {why}");
            }
            (decision, "edited", Some(edit))
        }
    };
    let mut store = Store::open(&path, Mode::Write)?;
    let mut batch = store.batch()?;
    batch.decide_agreement(
        decision.id,
        verdict,
        edit.as_ref(),
        &decision.analyst,
        decision.note.as_deref(),
    )?;
    batch.commit()?;
    drop(store);
    let store = Store::open(&path, Mode::Read)?;
    let now = store
        .agreements(None)?
        .into_iter()
        .find(|a| a.id == decision.id)
        .context("the agreement just decided is gone")?;
    print_list(std::slice::from_ref(&now));
    Ok(ExitCode::SUCCESS)
}

fn print_list(list: &[StoredAgreement]) {
    if list.is_empty() {
        println!("no agreements");
    }
    for s in list {
        let a = &s.agreement;
        println!(
            "#{:<4} {:<9} {} ({}), {} {}  parties {}  report {}",
            s.id,
            a.status,
            a.name,
            a.kind,
            a.date.as_deref().unwrap_or("undated"),
            a.place.as_deref().unwrap_or(""),
            a.parties.join(","),
            &s.document[..12.min(s.document.len())]
        );
        for p in &a.provisions {
            println!(
                "        - {}: {}",
                p.topic,
                p.text.chars().take(100).collect::<String>()
            );
        }
        if let Some(d) = &s.decision {
            println!(
                "        decided by {} at {}{}",
                d.analyst,
                d.decided_at,
                d.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            );
        }
    }
}
