import { z } from 'zod';
import { LogFailureReasonSchema } from '@inlet/contracts';
import { REDRIVABLE_STATUSES } from './redrive-message';

/** Which logs of an environment a bulk re-drive sends again, oldest first. */
export const RedriveFilterBody = z
  .object({
    /** Default: both. */
    status: z.array(z.enum(REDRIVABLE_STATUSES)).min(1).optional(),
    /** Only logs ended by a dead letter or by the stall sweeper. */
    reason: LogFailureReasonSchema.optional(),
    event_type: z.string().min(1).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type RedriveFilter = z.infer<typeof RedriveFilterBody>;

/* Responses. */

export const RedriveOneResponse = z.object({ id: z.string(), attempt: z.number().int().min(1), status: z.literal('pending') });
export type RedriveOne = z.infer<typeof RedriveOneResponse>;

export const RedriveManyResponse = z.object({
  redriven: z.array(z.object({ id: z.string(), attempt: z.number().int().min(1) })),
  skipped: z.array(z.object({ id: z.string(), code: z.string(), message: z.string() })).meta({ description: 'Logs that cannot be re-driven, with the reason.' }),
});
export type RedriveMany = z.infer<typeof RedriveManyResponse>;
