//! The filter over acts that `truce events` and `truce export` share, as the API's
//! `/api/events` takes it.

use anyhow::{bail, Result};
use std::path::PathBuf;
use truce_model::{EventType, Modality};
use truce_store::EventFilter;

#[derive(clap::Args)]
pub struct ActFilter {
    /// Only acts of this PLOVER type (any case)
    #[arg(long = "type", value_name = "TYPE", ignore_case = true, value_parser = type_choice())]
    pub kind: Option<EventType>,
    /// Only acts with this actor or recipient: an id (RUS, putin) or words of a name
    #[arg(long)]
    pub actor: Option<String>,
    /// Only acts done to this recipient: an id or words of a name
    #[arg(long)]
    pub recipient: Option<String>,
    /// Only acts at this place: an id (SY-ID) or words of its name
    #[arg(long)]
    pub place: Option<String>,
    /// Only acts placed inside this zone of a regime (a town or finer within its shape;
    /// `truce regime list` names the zones)
    #[arg(long)]
    pub zone: Option<String>,
    /// A regime directory (regime.toml and zone.geojson) whose zones --zone may name,
    /// besides the bundled ones
    #[arg(long)]
    pub regime_dir: Vec<PathBuf>,
    /// Only acts with this verdict: confirmed, corrected, rejected, verified (confirmed
    /// or corrected) or unverified
    #[arg(long, value_parser = truce_store::VERDICT_FILTERS)]
    pub status: Option<String>,
    /// Show the acts analysts rejected too (left out by default, marked when shown)
    #[arg(long)]
    pub with_rejected: bool,
    /// Only acts on or after this date (YYYY-MM-DD)
    #[arg(long, value_parser = iso_date)]
    pub from: Option<String>,
    /// Only acts on or before this date (YYYY-MM-DD)
    #[arg(long, value_parser = iso_date)]
    pub to: Option<String>,
    /// asserted (what monitoring counts), negated, hypothetical, future, historical, or any
    #[arg(long, default_value = "asserted", value_parser = modality_choice())]
    pub modality: ModalityChoice,
}

impl ActFilter {
    /// The store's filter; a zone no regime has is an error naming the zones there are.
    pub fn into_filter(self) -> Result<EventFilter> {
        let (area, within) = match &self.zone {
            None => (None, None),
            Some(id) => {
                let regimes = super::regime::regimes(&self.regime_dir)?;
                match truce_monitor::zone_filter(&regimes, id) {
                    Some((area, within)) => (Some(area), Some(within)),
                    None => {
                        let ids: Vec<&str> = regimes
                            .iter()
                            .flat_map(|l| l.regime.zones.iter().map(String::as_str))
                            .collect();
                        bail!("no zone {id:?}; the zones are {}", ids.join(", "))
                    }
                }
            }
        };
        Ok(EventFilter {
            kind: self.kind,
            actor: self.actor,
            recipient: self.recipient,
            place: self.place,
            from: self.from,
            to: self.to,
            modality: self.modality.0,
            status: self.status,
            with_rejected: self.with_rejected,
            area,
            within,
        })
    }
}

/// The words `--type` takes: the vocabulary's; `--help` lists them.
fn type_choice() -> impl clap::builder::TypedValueParser<Value = EventType> {
    use clap::builder::TypedValueParser as _;
    // clap accepts the word in any case (`ignore_case`) and gives it back as typed
    clap::builder::PossibleValuesParser::new(EventType::WORDS)
        .try_map(|w| EventType::parse_loose(&w))
}

/// The word `--modality` takes for every modality.
const ANY: &str = "any";

/// `--modality`: one modality, or every one (`None`, written `any`).
#[derive(Debug, Clone, Copy)]
pub struct ModalityChoice(pub Option<Modality>);

/// The words `--modality` takes: the vocabulary's, and `any`; `--help` lists them.
fn modality_choice() -> impl clap::builder::TypedValueParser<Value = ModalityChoice> {
    use clap::builder::TypedValueParser as _;
    let words = Modality::WORDS.iter().copied().chain([ANY]);
    clap::builder::PossibleValuesParser::new(words).try_map(|w| match w.as_str() {
        ANY => Ok(ModalityChoice(None)),
        one => one.parse().map(|m| ModalityChoice(Some(m))),
    })
}

pub fn iso_date(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("{s:?} is not a date; write YYYY-MM-DD"))
}
