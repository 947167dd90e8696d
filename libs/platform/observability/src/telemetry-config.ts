/** What {@link startTelemetry} sets up, read from the standard OTEL_* variables. */
export type TelemetryConfig = {
  /** `service.name` resource attribute: OTEL_SERVICE_NAME when set, else the app's own name. */
  serviceName: string;
  /** Spans leave the process; when false they are still recorded so logs carry trace ids. */
  exportTraces: boolean;
  exportMetrics: boolean;
  exportLogs: boolean;
};

type Signal = 'TRACES' | 'METRICS' | 'LOGS';

/**
 * A signal is exported only when something says where or how: an OTLP endpoint (shared or per
 * signal) or an explicit OTEL_<SIGNAL>_EXPORTER. Otherwise the SDK would default to
 * http://localhost:4318 and a laptop without a collector would log connection errors forever.
 */
export function telemetryConfigFromEnv(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): TelemetryConfig {
  const isSet = (key: string) => Boolean(env[key]?.trim());
  const exports = (signal: Signal) =>
    isSet('OTEL_EXPORTER_OTLP_ENDPOINT') || isSet(`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`) || isSet(`OTEL_${signal}_EXPORTER`);

  return {
    serviceName: env.OTEL_SERVICE_NAME?.trim() || serviceName,
    exportTraces: exports('TRACES'),
    exportMetrics: exports('METRICS'),
    exportLogs: exports('LOGS'),
  };
}
