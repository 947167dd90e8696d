export { collectProcessMetrics, counter, gauge, histogram, LATENCY_BUCKETS, metricsRegistry, renderMetrics, secondsSince } from './metrics-registry';
export { LabelCap, OTHER } from './label-cap';
export { lagAfter } from './consumer-lag';
