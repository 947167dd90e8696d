import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectProcessMetrics, metricsRegistry } from '@inlet/platform/metrics';
// Each module registers its metrics when imported, as it does in its service.
import '../../apps/gateway/src/gateway.metrics';
import '../../apps/verifier/src/verifier.metrics';
import '../../apps/mapping-engine/src/mapping-engine.metrics';
import '../../apps/action-executor/src/action-executor.metrics';
import '../../apps/event-log/src/event-log.metrics';
import '../../libs/platform/kafka/src/kafka-metrics';
import '../../libs/platform/service/src/health.controller';
import { alertRules, dashboard, exposedMetricNames, metricNamesOf, SCRAPE_SERIES, usedExpressions } from '../../libs/testing/src/metric-names';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const operations = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

describe('deploy/prometheus/alerts.yml', () => {
  const { groups } = alertRules();
  const rules = groups.flatMap((g) => g.rules);

  it('is a list of named groups of alerting rules, each parsed as PromQL, with a severity and what to do', () => {
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.name).toMatch(/\S/);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^Inlet[A-Z]\w+$/);
      expect(() => metricNamesOf(rule.expr)).not.toThrow();
      if (rule.for !== undefined) expect(rule.for).toMatch(DURATION);
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toMatch(/\S/);
      expect(rule.annotations?.description?.length).toBeGreaterThan(40);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('alerts on what the issue asks: lag, dead letters, refusals per source, 503s, slow p99, a service not ready or down', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['InletConsumerLagGrowing', 'InletDeadLetters', 'InletRefusalSpike', 'InletGatewayUnavailable', 'InletReceiptToFinalSlow', 'InletServiceNotReady', 'InletServiceDown']),
    );
    expect(rules.find((r) => r.alert === 'InletRefusalSpike')?.expr).toMatch(/by \(source, environment\)/);
  });

  it('is explained alert by alert in the README', () => {
    for (const rule of rules) expect(readme).toContain(`\`${rule.alert}\``);
  });

  it('is explained alert by alert on the operations page, each with its severity, and names no alert the file lacks', () => {
    for (const rule of rules) expect(operations).toContain(`| \`${rule.alert}\` | ${rule.labels?.severity} |`);
    const named = [...operations.matchAll(/^\| `(Inlet\w+)` \|/gm)].map((m) => m[1]);
    expect(named.sort()).toEqual(rules.map((r) => r.alert).sort());
  });
});

describe('deploy/grafana/inlet.json', () => {
  const board = dashboard();
  const datasource = readFileSync(join(__dirname, '..', 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8');

  it('is a dashboard of query panels on the provisioned Prometheus data source, laid out on the 24-column grid', () => {
    expect(board).toMatchObject({ uid: expect.stringMatching(/^[\w-]{1,40}$/), title: expect.any(String), schemaVersion: expect.any(Number) });
    expect(new Set(board.panels.map((p) => p.id)).size).toBe(board.panels.length);
    for (const panel of board.panels) {
      expect(panel.title).toMatch(/\S/);
      expect(panel.datasource?.type).toBe('prometheus');
      expect(datasource).toContain(`uid: ${panel.datasource?.uid}`);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.targets.length).toBeGreaterThan(0);
      expect(new Set(panel.targets.map((t) => t.refId)).size).toBe(panel.targets.length);
    }
  });

  it('shows what the issue asks: intake by outcome per source, lag per group, receipt-to-final p50/p99, dead letters, executor actions', () => {
    const exprs = board.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    expect(exprs).toMatch(/sum by \(source, outcome\) \(rate\(inlet_gateway_requests_total/);
    expect(exprs).toMatch(/sum by \(group\) \(inlet_kafka_consumer_lag\)/);
    expect(exprs).toMatch(/histogram_quantile\(0\.5, .*inlet_event_log_receipt_to_final_seconds_bucket/);
    expect(exprs).toMatch(/histogram_quantile\(0\.99, .*inlet_event_log_receipt_to_final_seconds_bucket/);
    expect(exprs).toContain('inlet_kafka_dead_lettered_total');
    expect(exprs).toContain('inlet_executor_actions_total');
  });
});

describe('the metrics the rules and the dashboard use', () => {
  it('are each declared by the code that records them (a running service exports them: see metrics.e2e-spec.ts)', async () => {
    collectProcessMetrics();
    const declared = exposedMetricNames(await metricsRegistry.metrics());
    const missing = usedExpressions().flatMap(({ where, expr }) => metricNamesOf(expr).filter((n) => !declared.has(n) && !SCRAPE_SERIES.has(n)).map((n) => `${where}: ${n}`));
    expect(missing).toEqual([]);
  });

  it('follow the Prometheus conventions: inlet_ prefix, counters in _total, times in _seconds, sizes in _bytes', async () => {
    for (const metric of await metricsRegistry.getMetricsAsJSON()) {
      expect(metric.name).toMatch(/^inlet_[a-z0-9_]+$/);
      if (String(metric.type) === 'counter') expect(metric.name).toMatch(/_total$/);
      if (/_(ms|milliseconds|kb|mb)$/.test(metric.name)) throw new Error(`${metric.name}: use base units`);
    }
  });
});
