/** Which spans are recorded; ids are made and propagated either way, so logs carry trace ids. */
export type TraceSampling =
  /** Nothing exports traces: record nothing at all. */
  | { kind: 'off' }
  /** OTEL_TRACES_SAMPLER names a sampler: the SDK builds it, with the specification's meaning. */
  | { kind: 'env' }
  /** The default: parent-based trace-id ratio (a trace started elsewhere keeps its caller's decision). */
  | { kind: 'ratio'; ratio: number };

/** What {@link startTelemetry} sets up, read from the standard OTEL_* variables. */
export type TelemetryConfig = {
  /** `service.name` resource attribute: OTEL_SERVICE_NAME when set, else the app's own name. */
  serviceName: string;
  /** Spans leave the process; when false none is recorded, but trace ids still exist and propagate. */
  exportTraces: boolean;
  exportMetrics: boolean;
  exportLogs: boolean;
  sampling: TraceSampling;
};

type Signal = 'TRACES' | 'METRICS' | 'LOGS';

/**
 * The share of new traces recorded when traces are exported and OTEL_TRACES_SAMPLER is unset
 * (OTEL_TRACES_SAMPLER_ARG changes it). All of them: every source log links its trace (`trace_id`,
 * `trace_url`), and a link to a trace that was never recorded would lead nowhere. A deployment whose
 * span volume costs more than it is worth lowers it, and accepts that most links find no trace.
 */
export const DEFAULT_TRACE_RATIO = 1;

/**
 * A signal is exported only when something says where or how: an OTLP endpoint (shared or per
 * signal) or an explicit OTEL_<SIGNAL>_EXPORTER. Otherwise the SDK would default to
 * http://localhost:4318 and a laptop without a collector would log connection errors forever.
 * Throws when OTEL_TRACES_SAMPLER_ARG is not a ratio, so the service refuses to start on it.
 */
export function telemetryConfigFromEnv(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): TelemetryConfig {
  const isSet = (key: string) => Boolean(env[key]?.trim());
  const exports = (signal: Signal) =>
    isSet('OTEL_EXPORTER_OTLP_ENDPOINT') || isSet(`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`) || isSet(`OTEL_${signal}_EXPORTER`);
  const exportTraces = exports('TRACES');

  return {
    serviceName: env.OTEL_SERVICE_NAME?.trim() || serviceName,
    exportTraces,
    exportMetrics: exports('METRICS'),
    exportLogs: exports('LOGS'),
    // Recording spans nobody receives costs CPU on every request for nothing.
    sampling: !exportTraces ? { kind: 'off' } : isSet('OTEL_TRACES_SAMPLER') ? { kind: 'env' } : { kind: 'ratio', ratio: ratioOf(env.OTEL_TRACES_SAMPLER_ARG) },
  };
}

function ratioOf(arg: string | undefined): number {
  if (!arg?.trim()) return DEFAULT_TRACE_RATIO;
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`OTEL_TRACES_SAMPLER_ARG: expected a ratio from 0 to 1, got "${arg}"`);
  return ratio;
}
