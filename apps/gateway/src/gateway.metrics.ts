import type { SourceEnvironmentConfig } from '@inlet/contracts';
import { counter, histogram, LATENCY_BUCKETS, secondsSince } from '@inlet/platform/metrics';
import type { IntakeAnswer } from './intake-edge';

const requests = counter('inlet_gateway_requests_total', 'Ingestion requests answered, by outcome (accepted, or the refusal reason) and HTTP status.', ['source', 'environment', 'outcome', 'status']);
const bodyBytes = histogram('inlet_gateway_request_body_bytes', 'Size of the request bodies read whole.', [256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304], ['source', 'environment']);
const ackSeconds = histogram('inlet_gateway_kafka_ack_seconds', 'Time from handing accepted requests to the publisher to their acknowledgement by Kafka (or the 503).', LATENCY_BUCKETS, ['result']);

/** A request whose endpoint token matched no environment has no source: one shared label value. */
const NO_SOURCE = { sourceKey: 'unknown', environment: 'unknown' };

type Source = Pick<SourceEnvironmentConfig, 'sourceKey' | 'environment'>;

/** The gateway's own series, recorded where the request is answered, read and stored. */
export const gatewayMetrics = {
  answered(env: Source | undefined, answer: IntakeAnswer): void {
    const { sourceKey, environment } = env ?? NO_SOURCE;
    requests.labels(sourceKey, environment, answer.refusal ?? 'accepted', String(answer.status)).inc();
  },
  bodyRead(env: Source, bytes: number): void {
    bodyBytes.labels(env.sourceKey, env.environment).observe(bytes);
  },
  /** Call when the publish starts; call the result with whether Kafka acknowledged. */
  storing(): (result: 'acknowledged' | 'unavailable') => void {
    const start = process.hrtime.bigint();
    return (result) => ackSeconds.labels(result).observe(secondsSince(start));
  },
};
