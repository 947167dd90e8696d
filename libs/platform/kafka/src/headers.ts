import type { IHeaders } from 'kafkajs';

/** Headers the consumer runner writes on a dead-lettered record, beside the original headers. */
export const DeadLetterHeader = {
  originalTopic: 'x-inlet-original-topic',
  originalPartition: 'x-inlet-original-partition',
  originalOffset: 'x-inlet-original-offset',
  errorCode: 'x-inlet-error-code',
  errorMessage: 'x-inlet-error-message',
  consumerGroup: 'x-inlet-consumer-group',
} as const;

/** Kafka caps a record's size, and an error message can embed a whole payload: keep the head. */
export const MAX_ERROR_MESSAGE_LENGTH = 2_000;

/**
 * kafkajs hands headers over as Buffers (an array when a name repeats). Values become UTF-8
 * strings; for a repeated name the last value wins, as it would in a map.
 */
export function headersToStrings(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined) continue;
    out[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return out;
}

export type DeadLetterInfo = {
  topic: string;
  partition: number;
  offset: string;
  errorCode: string;
  errorMessage: string;
  consumerGroup: string;
};

/** The original headers (trace context included) plus where the record came from and why it failed. */
export function deadLetterHeaders(original: Record<string, string>, info: DeadLetterInfo): Record<string, string> {
  const message =
    info.errorMessage.length > MAX_ERROR_MESSAGE_LENGTH
      ? `${info.errorMessage.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`
      : info.errorMessage;
  return {
    ...original,
    [DeadLetterHeader.originalTopic]: info.topic,
    [DeadLetterHeader.originalPartition]: String(info.partition),
    [DeadLetterHeader.originalOffset]: info.offset,
    [DeadLetterHeader.errorCode]: info.errorCode,
    [DeadLetterHeader.errorMessage]: message,
    [DeadLetterHeader.consumerGroup]: info.consumerGroup,
  };
}
