//! `truce bench zones`: placing events in the Idlib zone.

use super::*;

#[derive(Serialize)]
struct ZonesReport {
    machine: Machine,
    events: u64,
    baseline_generate_points: f64,
    assign_zones: f64,
    assign_zones_runs_seconds: Vec<f64>,
    events_per_s: f64,
    inside: u64,
}

/// Places `--docs` events, spread over Syria and its neighbours, in the zones of the
/// bundled Idlib regime through the R-tree and point-in-polygon, one core; beside a
/// baseline that only generates the points.
pub(super) fn zones(args: Args) -> Result<ExitCode> {
    let regime = truce_regime::bundled()?.remove(0);
    let n = args.docs;
    // xorshift: the same points every run, no dependency
    let points = |mut seed: u64| {
        (0..n).map(move |_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let a = (seed >> 11) as f64 / (1u64 << 53) as f64;
            let b = (seed & 0xffff_ffff) as f64 / 4_294_967_296.0;
            (35.0 + a * 7.0, 32.0 + b * 5.5)
        })
    };
    let mut base = Vec::new();
    let mut runs = Vec::new();
    let mut inside = 0;
    for _ in 0..args.runs {
        let t = std::time::Instant::now();
        let mut sum = 0.0;
        for (lon, lat) in points(0x9e37_79b9_7f4a_7c15) {
            sum += lon + lat;
        }
        std::hint::black_box(sum);
        base.push(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        inside = 0;
        for (lon, lat) in points(0x9e37_79b9_7f4a_7c15) {
            inside += regime.zones.containing(lon, lat).len() as u64;
        }
        runs.push(t.elapsed().as_secs_f64());
    }
    let report = ZonesReport {
        machine: machine(),
        events: n,
        baseline_generate_points: median(base),
        assign_zones: median(runs.clone()),
        assign_zones_runs_seconds: runs.clone(),
        events_per_s: n as f64 / median(runs),
        inside,
    };
    if args.json {
        crate::commands::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&report.machine);
    println!(
        "{n} events over Syria and its neighbours, median of {} runs, one core",
        args.runs
    );
    println!(
        "baseline: generate points          {:>8.3} s",
        report.baseline_generate_points
    );
    println!(
        "assign to zones (R-tree + polygon)  {:>8.3} s {:>12.0} events/s ({} inside)",
        report.assign_zones, report.events_per_s, report.inside
    );
    Ok(ExitCode::SUCCESS)
}
