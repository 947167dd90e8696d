import { trace, type Attributes } from '@opentelemetry/api';

// Explicit messaging spans. The kafkajs auto-instrumentation is disabled in the services: it ties
// a send to the context active when kafkajs runs it, which a coalescing producer and a batch
// consumer break (one send carries many traces, one batch holds many traces).

export const tracer = trace.getTracer('@inlet/platform/kafka');

export function producerAttributes(topic: string, key: string | null, eventId: string | undefined): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'publish',
    'messaging.destination.name': topic,
    ...(key === null ? {} : { 'messaging.kafka.message.key': key }),
    ...(eventId === undefined ? {} : { 'inlet.event_id': eventId }),
  };
}

export function consumerAttributes(m: {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  group: string;
  eventId?: string;
  messageId?: string;
  tombstone: boolean;
}): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': m.topic,
    'messaging.destination.partition.id': String(m.partition),
    'messaging.kafka.offset': Number(m.offset),
    'messaging.consumer.group.name': m.group,
    ...(m.key === null ? {} : { 'messaging.kafka.message.key': m.key }),
    ...(m.tombstone ? { 'messaging.kafka.message.tombstone': true } : {}),
    ...(m.messageId === undefined ? {} : { 'messaging.message.id': m.messageId }),
    ...(m.eventId === undefined ? {} : { 'inlet.event_id': m.eventId }),
  };
}
