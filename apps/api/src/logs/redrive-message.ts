import { randomUUID } from 'node:crypto';
import { VerificationStatusSchema, type LogStatus, type MessageOf } from '@inlet/contracts';
import type { SourceLog } from '@inlet/store/source-logs';

/** Statuses an event can be re-driven from: it ended without every action succeeding. */
export const REDRIVABLE_STATUSES = ['failed', 'partially_failed'] as const satisfies readonly LogStatus[];

export type RedriveRefusal = { code: 'not_redrivable' | 'body_not_kept'; message: string };

/**
 * The intake message that sends a logged event through the pipeline again, built from what its log
 * kept: same event id (so executed actions are not executed again and its own idempotency claim
 * holds), the request as received, the edge's verdict, and the re-drive (attempt, when, who, and
 * the actions whose outcome the new attempt decides). Or why it cannot be re-driven.
 */
export function redriveMessage(log: SourceLog, requestedBy: string, now: Date): { ok: true; value: MessageOf<'intakeReceived'> } | { ok: false; refusal: RedriveRefusal } {
  if (!(REDRIVABLE_STATUSES as readonly string[]).includes(log.status)) {
    return { ok: false, refusal: { code: 'not_redrivable', message: `log "${log._id}" is ${log.status}: only ${REDRIVABLE_STATUSES.join(' and ')} events can be re-driven` } };
  }
  const request = log.request;
  if (!request || request.body === undefined) {
    const why = !request ? 'no request was logged' : (request.bodyOmitted ?? 'the body was kept only as text');
    return { ok: false, refusal: { code: 'body_not_kept', message: `log "${log._id}" did not keep the request body (${why}), so it cannot be sent again` } };
  }
  const attempt = (log.redrive?.attempt ?? 0) + 1;
  const verification = VerificationStatusSchema.safeParse(log.edgeVerification);
  return {
    ok: true,
    value: {
      messageId: randomUUID(),
      eventId: log._id,
      sourceEnvironmentId: log.sourceEnvironmentId,
      sourceKey: log.sourceKey,
      environment: log.environment,
      producedAt: now.toISOString(),
      payload: {
        receivedAt: new Date(log.receivedAt).toISOString(),
        contentType: request.contentType,
        headers: request.headers,
        bodyBase64: Buffer.from(JSON.stringify(request.body)).toString('base64'),
        verification: verification.success ? verification.data : 'none',
        ...(log.verifiedKeyId ? { verifiedKeyId: log.verifiedKeyId } : {}),
        // The log holds them redacted already; named again so nothing downstream shows them either.
        sensitiveHeaders: Object.entries(request.headers)
          .filter(([, value]) => value === '[redacted]')
          .map(([name]) => name),
        redrive: {
          attempt,
          requestedAt: now.toISOString(),
          requestedBy,
          retryActions: Object.values(log.actions ?? {})
            .filter((a) => a.status !== 'success')
            .map((a) => a.mappingId),
        },
      },
    },
  };
}
