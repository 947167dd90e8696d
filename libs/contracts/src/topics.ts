import { z } from 'zod';
import {
  ActionCompletedEnvelopeSchema,
  ActionFailedEnvelopeSchema,
  ActionRequestedEnvelopeSchema,
  EventMappedEnvelopeSchema,
  WorkflowTriggeredEnvelopeSchema,
} from './action.schema';
import { ConfigRecordSchema } from './config.schema';
import { EventNormalizedEnvelopeSchema, EventRejectedEnvelopeSchema } from './event.schema';
import { IntakeReceivedEnvelopeSchema } from './intake.schema';
import { EventCompletedEnvelopeSchema } from './log.schema';

export type TopicSpec<S extends z.ZodType = z.ZodType> = {
  /** The wire name. Do not rename: a breaking change is a new `.vN` topic beside the old one. */
  readonly name: string;
  readonly schema: S;
  readonly partitions: number;
  /** Compacted topics keep the latest value per key (the config view). */
  readonly compacted: boolean;
};

function topic<S extends z.ZodType>(name: string, schema: S, partitions = 6, compacted = false): TopicSpec<S> {
  return { name, schema, partitions, compacted };
}

/**
 * Every topic of the pipeline. Keys: the event id on every stage topic, so one busy source
 * environment's events spread over every partition and every replica of each stage, while one
 * event's messages on a topic stay in order (its actions run in the plan's order); the recipient id
 * for workflow runs; `<kind>:<id>` for config. Events of one environment are not ordered among
 * themselves (see the README's "Ordering").
 */
export const Topics = {
  /** gateway → verifier, event-log: the raw accepted request. */
  intakeReceived: topic('inlet.intake.received.v1', IntakeReceivedEnvelopeSchema),
  /** verifier → mapping-engine, event-log. */
  eventNormalized: topic('inlet.event.normalized.v1', EventNormalizedEnvelopeSchema),
  /** gateway, verifier → event-log: refused at the edge (400/401/413) or stopped by the verifier. */
  eventRejected: topic('inlet.event.rejected.v1', EventRejectedEnvelopeSchema),
  /** mapping-engine → event-log: the actions planned and skipped for one event. */
  eventMapped: topic('inlet.event.mapped.v1', EventMappedEnvelopeSchema),
  /** mapping-engine → action-executor: one message per action (the plan already logged them). */
  actionRequested: topic('inlet.action.requested.v1', ActionRequestedEnvelopeSchema),
  /** action-executor → event-log. */
  actionCompleted: topic('inlet.action.completed.v1', ActionCompletedEnvelopeSchema),
  /** action-executor → event-log. */
  actionFailed: topic('inlet.action.failed.v1', ActionFailedEnvelopeSchema),
  /** action-executor → a team's own notification engine: one message per workflow run (key: recipient id). */
  workflowTriggered: topic('inlet.workflow.triggered.v1', WorkflowTriggeredEnvelopeSchema),
  /** event-log → verifier: the log of an event holding an idempotency key reached its final status. */
  eventCompleted: topic('inlet.event.completed.v1', EventCompletedEnvelopeSchema),
  /** api → every service: compacted configuration (sources, environments, mappings). */
  config: topic('inlet.config.v1', ConfigRecordSchema.nullable(), 1, true),
  /** consumer runner → operators: messages that could not be handled, with the failure in headers. */
  deadLetter: topic('inlet.dead-letter.v1', z.unknown(), 1),
} as const;

export type TopicKey = keyof typeof Topics;
export type MessageOf<K extends TopicKey> = z.infer<(typeof Topics)[K]['schema']>;
