//! The generator's `News` density carries as many acts and quotations per KB as truce
//! finds in real reports (1.8 events and 2.2 quotations per KB in the article bodies of
//! the extraction benchmark, 2.0 and 3.4 in GeoVirus's WikiNews texts), and `Dense` the
//! several times more that makes it the stress case. Scale benchmarks rely on both.

use truce_corpus::{Density, Generator};
use truce_knowledge::Knowledge;

/// Events and quotations per KB over `n` reports of one density.
fn per_kb(k: &Knowledge, density: Density, n: usize) -> (f64, f64) {
    let (mut bytes, mut events, mut quotes) = (0usize, 0usize, 0usize);
    for report in Generator::new(3).density(density).take(n) {
        let published = chrono::NaiveDate::parse_from_str(&report.published, "%Y-%m-%d").ok();
        let a = truce_analyse::analyse_text(&report.text, None, published, k);
        bytes += report.text.len();
        events += a.mentions.events.len();
        quotes += a.mentions.quotes.len();
    }
    let kb = bytes as f64 / 1024.0;
    (events as f64 / kb, quotes as f64 / kb)
}

#[test]
fn news_density_is_that_of_real_reports_and_dense_is_several_times_it() {
    let k = Knowledge::bundled().expect("bundled knowledge loads");
    let (news_events, news_quotes) = per_kb(&k, Density::News, 150);
    let (dense_events, dense_quotes) = per_kb(&k, Density::Dense, 150);
    assert!(
        (1.4..=2.4).contains(&news_events),
        "news: {news_events:.2} events per KB"
    );
    assert!(
        (1.2..=3.6).contains(&news_quotes),
        "news: {news_quotes:.2} quotations per KB"
    );
    assert!(
        dense_events > 3.0 * news_events && dense_quotes > 3.0 * news_quotes,
        "dense {dense_events:.2} / {dense_quotes:.2} against news {news_events:.2} / {news_quotes:.2}"
    );
}
