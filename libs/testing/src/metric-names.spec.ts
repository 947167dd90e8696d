import { asPromQl, exposedMetricNames, metricNamesOf, sampleValue } from './metric-names';

describe('metricNamesOf', () => {
  it.each([
    ['a selector with matchers', 'inlet_service_ready{instance="a"} == 0', ['inlet_service_ready']],
    ['a quantile over buckets', 'histogram_quantile(0.99, sum by (le) (rate(inlet_x_seconds_bucket[10m]))) > 60', ['inlet_x_seconds_bucket']],
    ['two operands', 'sum(rate(a_total[5m])) / sum(rate(b_total[5m]))', ['a_total', 'b_total']],
  ])('finds the metrics of %s', (_name, expr, names) => {
    expect(metricNamesOf(expr)).toEqual(names);
  });

  it('refuses an expression that is not PromQL, saying where', () => {
    expect(() => metricNamesOf('sum(rate(inlet_x_total[5m])')).toThrow(/not valid PromQL at character/);
  });

  it("parses a Grafana query once its variables are replaced", () => {
    expect(metricNamesOf(asPromQl('sum by (source) (rate(inlet_x_total{source=~"$source"}[$__rate_interval]))'))).toEqual(['inlet_x_total']);
  });
});

describe('exposedMetricNames and sampleValue', () => {
  const exposition = [
    '# HELP inlet_requests_total Requests.',
    '# TYPE inlet_requests_total counter',
    'inlet_requests_total{source="shop",outcome="accepted"} 2',
    'inlet_requests_total{source="shop",outcome="invalid_json"} 1',
    '# HELP inlet_dead_total Never incremented.',
    '# TYPE inlet_dead_total counter',
    '# TYPE inlet_time_seconds histogram',
    '',
  ].join('\n');

  it('offers the samples and what each declared metric will be queried as', () => {
    expect([...exposedMetricNames(exposition)].sort()).toEqual(['inlet_dead_total', 'inlet_requests_total', 'inlet_time_seconds_bucket', 'inlet_time_seconds_count', 'inlet_time_seconds_sum']);
  });

  it('reads the value of the sample with the given labels', () => {
    expect(sampleValue(exposition, 'inlet_requests_total', { outcome: 'invalid_json' })).toBe(1);
    expect(sampleValue(exposition, 'inlet_requests_total', { source: 'shop', outcome: 'accepted' })).toBe(2);
    expect(sampleValue(exposition, 'inlet_requests_total', { source: 'other' })).toBeUndefined();
  });
});
