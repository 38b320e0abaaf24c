//! `/api/export`: the acts the filters select, as a file to download (CSV, CSV with HXL
//! hashtags, GeoJSON, JSON Lines, GDELT's columns): the workbench's Export menu. The file
//! is `truce export`'s, written by the same `truce-export` writer, and streamed: the
//! store is read on a blocking thread while the client takes the file chunk by chunk, so
//! a large export never sits in memory.

use super::events::{event_filter, EVENT_FILTERS};
use super::*;
use std::io::Write;
use std::time::Duration;
use truce_export::{write_acts, Format, FORMAT_NAMES};
use truce_store::ExportOptions;

/// Chunks written but not yet taken by the client (each up to the writer's 64 KiB).
const CHUNKS_WAITING: usize = 4;

/// Hands the export's bytes to the response body. A client that takes no chunk for the
/// server's client timeout is given up on, so a stalled download does not hold a store
/// connection for ever; a client that left stops the export at its next chunk.
struct ToClient {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    runtime: tokio::runtime::Handle,
    patience: Duration,
}

impl Write for ToClient {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let chunk = Ok(Bytes::copy_from_slice(buf));
        self.runtime
            .block_on(self.tx.send_timeout(chunk, self.patience))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(super) async fn export(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    let mut allowed = EVENT_FILTERS.to_vec();
    allowed.push("format");
    only(&p, &allowed)?;
    let filter = event_filter(&p)?;
    let name = p.get("format").map_or("csv", String::as_str).to_string();
    if !FORMAT_NAMES.contains(&name.as_str()) {
        return Err(ApiError::bad(
            "format",
            format!(
                "{name:?} is not an export format; use one of {}",
                FORMAT_NAMES.join(", ")
            ),
        ));
    }
    // GDELT's quad classes and scores are knowledge, loaded once for the server
    let knowledge = if name == "gdelt" {
        let st = state.clone();
        Some(
            tokio::task::spawn_blocking(move || st.knowledge())
                .await
                .map_err(ApiError::internal)??,
        )
    } else {
        None
    };
    let format = Format::named(&name, knowledge).expect("a name of FORMAT_NAMES, with knowledge");
    let (media_type, extension) = (format.media_type(), format.extension());
    let (tx, rx) = tokio::sync::mpsc::channel(CHUNKS_WAITING);
    let to_client = ToClient {
        tx: tx.clone(),
        runtime: tokio::runtime::Handle::current(),
        patience: state.limits.client_timeout,
    };
    tokio::task::spawn_blocking(move || {
        let options = ExportOptions { documents: true };
        let written = state.with(|store| write_acts(store, &filter, options, &format, to_client));
        if let Err(truce_export::Failure::Store(e)) = written {
            // the headers are sent: the client sees the download break off, the server's
            // log says why
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
            eprintln!("truce serve: an export stopped: {e}");
        }
    });
    let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let day = chrono::Utc::now().format("%Y-%m-%d");
    Ok((
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"truce-acts-{day}.{extension}\""),
            ),
        ],
        axum::body::Body::from_stream(chunks),
    )
        .into_response())
}
