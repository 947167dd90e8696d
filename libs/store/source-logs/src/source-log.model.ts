import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import {
  LogStatusSchema,
  type ActionLogStatus,
  type Idempotency,
  type LogFailureReason,
  type LogStatus,
  type ParamSource,
  type RejectionReason,
  type SkipReason,
} from '@inlet/contracts';

/** One stage an event went through, written by the service that did it. */
export type TimelineEntry = { stage: string; at: Date; service: string; detail?: string };

export type ActionLog = {
  actionId: string;
  mappingId: string;
  actionType: string;
  /** The workflow trigger the action's mapping was made from, if any. */
  triggerId?: string;
  /** Place in the event's execution order; skipped actions sort after planned ones. */
  position: number;
  configured: Record<string, ParamSource>;
  /** The parameters as resolved from the payload. */
  resolved?: unknown;
  /** Absent until the action's outcome is known (pending). */
  status?: ActionLogStatus;
  reason?: string;
  field?: string;
  result?: Record<string, unknown>;
  at: Date;
};

export type LogFailure = {
  reason: LogFailureReason;
  /** The topic (with its suffix) and consumer group whose stage dead-lettered the message. */
  topic?: string;
  consumerGroup?: string;
  /** The stage's error code and message; `stalled` for a stall. */
  code: string;
  message: string;
  /** For a stall: the last stage reached and what the log waits for. */
  lastStage?: string;
  waitingFor?: string;
  at: Date;
};

/**
 * One document per received request, accepted or refused. The event-log service is its only
 * writer; stages arrive from several topics in any order, so every write is an upsert that commutes
 * with the others, and `status` is derived afterwards from what the document holds.
 */
export type SourceLog = {
  _id: string;
  sourceEnvironmentId: string;
  sourceKey: string;
  environment: string;
  /**
   * The W3C trace id of the event's trace (the gateway's request and every stage after it), from
   * the first stage's `traceparent`; a re-drive's stages do not replace it. Absent when no stage
   * carried a valid one, and on logs written before it was kept.
   */
  traceId?: string;
  eventType?: string;
  status: LogStatus;
  receivedAt: Date;
  eventTime?: Date;
  timeSource?: 'payload' | 'ingestion';
  timestampIssue?: string;
  /** The verifier's verdict on the signature (or the gateway's, for a request it refused). */
  verification?: string;
  /** The gateway's verdict on an accepted request, shown until the verifier's arrives. */
  edgeVerification?: string;
  /** The signing key that verified the request at the gateway, when one did. */
  verifiedKeyId?: string;
  idempotency?: Idempotency;
  request?: { contentType: string | null; headers: Record<string, string>; body?: unknown; bodyText?: string; bodyOmitted?: string };
  rejection?: { reason: RejectionReason; message: string; field?: string };
  plan?: { planned: number; skipped: SkipReason[] };
  /** Keyed by mapping id: one action per mapping per event. */
  actions: Record<string, ActionLog>;
  /**
   * Why the log was given `failed` although its stages did not reach a final status: a dead letter
   * (the stage's topic and consumer group, the error) or a stall (the last stage and what it waits
   * for). Never a copy of the message: it must be storable when the message was not.
   */
  failure?: LogFailure;
  /** The latest re-drive of the event; each one is also in the timeline. */
  redrive?: { attempt: number; requestedAt: Date; requestedBy: string };
  /**
   * Keyed by stage (`received`, `normalized`, ...; `action_executed:<mapping id>` for actions): a
   * stage that is redelivered or re-produced by a retried batch overwrites its entry, never adds one.
   */
  timeline: Record<string, TimelineEntry>;
  /** Bumped by every stage write: the event-log re-derives a status written from an older version. */
  version: number;
  /** When the event-log last wrote this log: received → projected is the pipeline's latency. */
  projectedAt?: Date;
  /**
   * When the status last left `pending` (a re-drive's end replaces it; a change from one final status
   * to another keeps it): receipt to final in the api's per-source summary. Absent on logs ended
   * before it was kept.
   */
  finalAt?: Date;
};

const schema = new Schema<SourceLog>(
  {
    _id: { type: String },
    sourceEnvironmentId: { type: String, required: true },
    sourceKey: { type: String, required: true },
    environment: { type: String, required: true },
    traceId: String,
    eventType: String,
    status: { type: String, enum: LogStatusSchema.options, required: true },
    receivedAt: { type: Date, required: true },
    eventTime: Date,
    timeSource: String,
    timestampIssue: String,
    verification: String,
    edgeVerification: String,
    verifiedKeyId: String,
    idempotency: { type: Schema.Types.Mixed },
    request: { type: Schema.Types.Mixed },
    rejection: { type: Schema.Types.Mixed },
    plan: { type: Schema.Types.Mixed },
    actions: { type: Schema.Types.Mixed, default: {} },
    failure: { type: Schema.Types.Mixed },
    redrive: { type: Schema.Types.Mixed },
    timeline: { type: Schema.Types.Mixed },
    version: { type: Number, default: 0 },
    projectedAt: Date,
    finalAt: Date,
  },
  { collection: 'source_logs', versionKey: false, minimize: false },
);

// Source logs page: one environment's logs, newest first, cursor on (receivedAt, _id).
schema.index({ sourceEnvironmentId: 1, receivedAt: -1, _id: -1 });
// Logs filtered by status within an environment, newest first.
schema.index({ sourceEnvironmentId: 1, status: 1, receivedAt: -1 });
// Logs filtered by event type within an environment, newest first.
schema.index({ sourceEnvironmentId: 1, eventType: 1, receivedAt: -1 });
// The event-log's sweeper: pending logs received before the stall threshold, across environments.
schema.index({ status: 1, receivedAt: 1 });

export function sourceLogModel(connection: Connection): Model<SourceLog> {
  return connection.models.SourceLog ?? connection.model<SourceLog>('SourceLog', schema);
}

/**
 * The same logs as the driver's collection, for the event-log's hot path, which skips mongoose's
 * casting: what it writes must already have the schema's types and insert defaults.
 */
export function sourceLogCollection(connection: Connection): mongo.Collection<SourceLog> {
  return sourceLogModel(connection).collection as unknown as mongo.Collection<SourceLog>;
}
