// Date axes under the hand-drawn charts (the timeline, the regime's phases): ticks on
// round days, weeks, months, quarters or years, as few as keep the labels apart, written
// in HTML beside the SVG so that they stay readable text however the chart is stretched.

const DAY = 864e5;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// the steps tried, finest first: [days, months, years]
const STEPS = [[1, 0, 0], [2, 0, 0], [7, 0, 0], [14, 0, 0], [0, 1, 0], [0, 3, 0], [0, 6, 0], [0, 0, 1], [0, 0, 2], [0, 0, 5], [0, 0, 10]];

function utc(t) { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); }

// the ticks from t0 to t1 (ms, UTC days) at the finest step with at most `most` of them
export function dateTicks(t0, t1, most = 6) {
  const span = Math.max(DAY, t1 - t0);
  for (const [days, months, years] of STEPS) {
    const approx = days || months * 30.4 || years * 365.25;
    if (span / DAY / approx > most) continue;
    const ticks = [];
    let d = new Date(utc(t0));
    if (months || years) {
      // the first round month or year at or after t0
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (d.getUTCDate() > 1 ? 1 : 0), 1));
      if (years) d = new Date(Date.UTC(d.getUTCFullYear() + (d.getUTCMonth() > 0 ? 1 : 0), 0, 1));
      if (years > 1) d = new Date(Date.UTC(Math.ceil(d.getUTCFullYear() / years) * years, 0, 1));
      if (months > 1) d = new Date(Date.UTC(d.getUTCFullYear(), Math.ceil(d.getUTCMonth() / months) * months, 1));
    }
    for (let n = 0; d.getTime() <= t1 && n < 100; n++) {
      const label = years ? String(d.getUTCFullYear())
        : months ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
          : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${d.getUTCMonth() === 0 && d.getUTCDate() <= days ? " " + d.getUTCFullYear() : ""}`;
      ticks.push({ t: d.getTime(), label });
      d = days ? new Date(d.getTime() + days * DAY) : new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth() + months, 1));
    }
    return ticks;
  }
  return [];
}

// an axis as HTML: each tick at its share of the width, `at(t)` giving that share (0 to 1)
export function axisHtml(t0, t1, at, label) {
  const ticks = dateTicks(t0, t1);
  return `<div class="axis" aria-label="${label}">${ticks.map((k) => `<span style="left:${(100 * at(k.t)).toFixed(2)}%">${k.label}</span>`).join("")}</div>`;
}
