import { Schema, type Connection, type Model } from 'mongoose';
import {
  LogStatusSchema,
  type ActionLogStatus,
  type Idempotency,
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
  idempotency?: Idempotency;
  request?: { contentType: string | null; headers: Record<string, string>; body?: unknown; bodyText?: string; bodyOmitted?: string };
  rejection?: { reason: RejectionReason; message: string; field?: string };
  plan?: { planned: number; skipped: SkipReason[] };
  /** Keyed by mapping id: one action per mapping per event. */
  actions: Record<string, ActionLog>;
  /**
   * Keyed by stage (`received`, `normalized`, ...; `action_executed:<mapping id>` for actions): a
   * stage that is redelivered or re-produced by a retried batch overwrites its entry, never adds one.
   */
  timeline: Record<string, TimelineEntry>;
  /** Bumped by every stage write: the event-log re-derives a status written from an older version. */
  version: number;
  /** When the event-log last wrote this log: received → projected is the pipeline's latency. */
  projectedAt?: Date;
};

const schema = new Schema<SourceLog>(
  {
    _id: { type: String },
    sourceEnvironmentId: { type: String, required: true },
    sourceKey: { type: String, required: true },
    environment: { type: String, required: true },
    eventType: String,
    status: { type: String, enum: LogStatusSchema.options, required: true },
    receivedAt: { type: Date, required: true },
    eventTime: Date,
    timeSource: String,
    timestampIssue: String,
    verification: String,
    edgeVerification: String,
    idempotency: { type: Schema.Types.Mixed },
    request: { type: Schema.Types.Mixed },
    rejection: { type: Schema.Types.Mixed },
    plan: { type: Schema.Types.Mixed },
    actions: { type: Schema.Types.Mixed, default: {} },
    timeline: { type: Schema.Types.Mixed },
    version: { type: Number, default: 0 },
    projectedAt: Date,
  },
  { collection: 'source_logs', versionKey: false, minimize: false },
);

// Source logs page: one environment's logs, newest first, cursor on (receivedAt, _id).
schema.index({ sourceEnvironmentId: 1, receivedAt: -1, _id: -1 });
// Logs filtered by status within an environment, newest first.
schema.index({ sourceEnvironmentId: 1, status: 1, receivedAt: -1 });
// Logs filtered by event type within an environment, newest first.
schema.index({ sourceEnvironmentId: 1, eventType: 1, receivedAt: -1 });

export function sourceLogModel(connection: Connection): Model<SourceLog> {
  return connection.models.SourceLog ?? connection.model<SourceLog>('SourceLog', schema);
}
