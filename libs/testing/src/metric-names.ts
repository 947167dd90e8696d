/** Reads deploy/prometheus/alerts.yml and deploy/grafana/inlet.json, and the metric names they and a /metrics answer hold. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';

const deploy = join(__dirname, '..', '..', '..', 'deploy');

export type AlertRule = { alert: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
export type Dashboard = {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: { id: number; type: string; title: string; datasource?: { type: string; uid: string }; gridPos: { x: number; y: number; w: number; h: number }; targets: { refId: string; expr: string; datasource?: { uid: string } }[] }[];
  templating: { list: { name: string; type: string; query: { query: string } | string }[] };
};

export const alertRules = (): { groups: { name: string; rules: AlertRule[] }[] } => parseYaml(readFileSync(join(deploy, 'prometheus', 'alerts.yml'), 'utf8'));
export const dashboard = (): Dashboard => JSON.parse(readFileSync(join(deploy, 'grafana', 'inlet.json'), 'utf8'));

/** Series Prometheus makes itself for every target: no service exports them. */
export const SCRAPE_SERIES = new Set(['up']);

/**
 * The PromQL of a Grafana query with Grafana's variables replaced by values PromQL accepts
 * (`$__rate_interval` by a duration, `$source` by a regex), so that it can be parsed offline.
 */
export function asPromQl(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?(\w+)\}?/g, '.*');
}

/**
 * The metric names an expression selects, parsed with Prometheus' own grammar (lezer-promql, the
 * parser of Prometheus' web UI). Throws on a syntax error, naming where.
 */
export function metricNamesOf(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  const errors: number[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.push(expr.slice(node.from, node.to));
    },
  });
  if (errors.length > 0) throw new Error(`not valid PromQL at character ${errors[0]}: ${expr}`);
  return names;
}

/** Every expression the alert rules and the dashboard evaluate, with where it is, as PromQL. */
export function usedExpressions(): { where: string; expr: string }[] {
  const rules = alertRules().groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })));
  const board = dashboard();
  const panels = board.panels.flatMap((p) => p.targets.map((t) => ({ where: `panel "${p.title}" ${t.refId}`, expr: asPromQl(t.expr) })));
  // A variable's `label_values(metric, label)` is Grafana's, not PromQL: the metric is a selector.
  const variables = board.templating.list.flatMap((v) => {
    const query = typeof v.query === 'string' ? v.query : v.query.query;
    const metric = /^label_values\(\s*([^,]+),/.exec(query)?.[1];
    return metric ? [{ where: `variable $${v.name}`, expr: metric }] : [];
  });
  return [...rules, ...panels, ...variables];
}

/**
 * The series names a Prometheus text exposition offers: each sample's name, and for each declared
 * metric the names it will have once it has a sample (a labelled counter shows none before its
 * first increment; a histogram is queried by `_bucket`, `_sum`, `_count`).
 */
export function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const declared = /^# TYPE (\S+) (\w+)$/.exec(line);
    if (declared) {
      const [, name, type] = declared;
      const suffixes = type === 'histogram' ? ['_bucket', '_sum', '_count'] : type === 'summary' ? ['', '_sum', '_count'] : [''];
      suffixes.forEach((s) => names.add(name + s));
    } else if (!line.startsWith('#')) {
      const sample = /^([a-zA-Z_:][\w:]*)[{ ]/.exec(line);
      if (sample) names.add(sample[1]);
    }
  }
  return names;
}

/** The value of one sample in an exposition, by name and the labels it must have; undefined if none. */
export function sampleValue(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([^{\s]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(match[3]);
  }
  return undefined;
}
