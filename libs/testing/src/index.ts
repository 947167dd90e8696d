export * from './namespace';
export * from './wait-for';
export * from './service-process';
export * from './otlp-receiver';
export { startPrivateKafka, startPrivateStore, type PrivateServer } from './infrastructure';
export * from './hostile-corpus';
export { alertRules, dashboard, exposedMetricNames, metricNamesOf, sampleValue, SCRAPE_SERIES, usedExpressions, type AlertRule, type Dashboard } from './metric-names';
