// @ts-check
// The bench's result as text: the summary, the cost table with the idle rates beside it, Kafka
// messages and store operations per event.
'use strict';

const f1 = (/** @type {number} */ n) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (/** @type {number} */ n) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const f3 = (/** @type {number} */ n) => (Number.isFinite(n) ? n.toFixed(3) : '-');

/** @param {string[][]} rows first row the header; right-aligned but the first column */
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

/** @param {any} r the result bench.js builds (also written as JSON) */
function formatReport(r) {
  const per = r.mode === 'gateway' ? 'accepted request' : 'event';
  const lines = [
    '',
    `commit ${r.commit}, ${r.date}, ${r.machine.cpus} × ${r.machine.model}`,
    `event ${r.options.event}, ${r.options.sources} source environment(s), ${r.options.concurrency} connections, ${r.options.bodyBytes}-byte signed bodies, ${r.options.warmup} warm-up requests`,
    '',
    `events sent                ${r.load.sent} (${Object.entries(r.load.statuses).map(([s, n]) => `${n} × ${s}`).join(', ')})`,
    r.options.rate ? `offered                    ${r.options.rate} events/s for ${r.options.duration} s (open loop)` : null,
    `accepted events/s          ${f1(r.load.acceptedPerS)}`,
    `gateway latency p50 / p99  ${f1(r.load.p50Ms)} ms / ${f1(r.load.p99Ms)} ms${r.options.rate ? ' (from each request\'s scheduled time)' : ''}`,
  ];
  if (r.pipeline) {
    lines.push(
      `final                      ${r.pipeline.final} of ${r.load.accepted}`,
      `pipeline events/s          ${f1(r.pipeline.eventsPerS)} (first received → last final)`,
      `end-to-end p50 / p99       ${f1(r.pipeline.p50Ms)} ms / ${f1(r.pipeline.p99Ms)} ms (received → final log status)`,
    );
  }
  if (r.backlog) lines.push(`backlog (messages)         first ${r.backlog.first}, middle ${r.backlog.middle}, last ${r.backlog.last}: ${r.backlog.grew ? 'GREW' : 'did not grow'}`);
  lines.push(
    '',
    `CPU per ${per} over ${f1(r.window.seconds)} s (${r.mode === 'gateway' ? 'the load alone: the pipeline rows are only what it did meanwhile' : 'the load and the drain to the last final status'}), each process's idle rate subtracted:`,
    table([
      ['process', `ms / ${per}`, 'window ms', 'idle ms/s'],
      ...r.cost.rows.filter((/** @type {any} */ x) => x.kind !== 'load' && x.kind !== 'supervisor').map(costLine),
      ['TOTAL (stack)', f3(r.cost.total.perEventMs), f1(r.cost.total.windowMs), f1(r.cost.total.idleMsPerS)],
      ...r.cost.rows.filter((/** @type {any} */ x) => x.kind === 'load' || x.kind === 'supervisor').map(costLine),
    ]),
  );
  if (r.cost.gone.length > 0) lines.push(`WARNING: exited during the run (restarted by the supervisor, not counted after): ${r.cost.gone.join(', ')}`);
  lines.push('', `Kafka messages produced per ${per}:`, counterLines(r.kafka.perEvent, (n) => n));
  lines.push('', `Store round trips per ${per} (commands):`, counterLines(r.store.perEvent, (n) => n.replace(/^commands\./, ''), 'commands.'));
  lines.push(`Store statements per ${per} (opcounters):`, counterLines(r.store.perEvent, (n) => n.replace(/^opcounters\./, ''), 'opcounters.'));
  lines.push(`Store documents written per ${per}: ${f2(r.store.documentsWritten)} (${['inserted', 'updated', 'deleted'].map((k) => `${k} ${f2(r.store.perEvent[`documents.${k}`] ?? 0)}`).join(', ')})`);
  return `${lines.filter((l) => l !== null).join('\n')}\n`;
}

/** @param {any} row */
function costLine(row) {
  return [row.name, f3(row.perEventMs), f1(row.windowMs), f1(row.idleMsPerS)];
}

/** @param {Record<string, number>} counters @param {(name: string) => string} label @param {string} [prefix] */
function counterLines(counters, label, prefix = '') {
  // Counters that round to nothing (a heartbeat in the window, less the idle rate) are left out.
  const entries = Object.entries(counters).filter(([n, v]) => n.startsWith(prefix) && Math.abs(v) >= 0.0005);
  if (entries.length === 0) return '  (none)';
  return entries.map(([n, v]) => `  ${label(n).padEnd(32)} ${f3(v)}`).join('\n');
}

module.exports = { formatReport };
