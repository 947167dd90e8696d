import { z } from 'zod';

/** Fields that response schemas of several resources share, and the conversions presenters use for them. */

/** Every error answer: `{"error": {"code", "message"}}`; a 400's message names the field at fault. */
export const ApiErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error', description: 'An error answer: a stable `code` and a message that names the field at fault.' });

/** A time on the wire: ISO 8601 in UTC, as `Date.prototype.toISOString` writes it. */
export const IsoDateTime = z.iso.datetime();
export const iso = (at: Date | string): string => new Date(at).toISOString();
export const isoOrNull = (at: Date | string | null | undefined): string | null => (at == null ? null : iso(at));

/** The stored version of a configuration resource: one more on each change; a PATCH may name it. */
export const Version = z
  .number()
  .int()
  .min(1)
  .meta({ description: 'One more on each change. Send it back in a PATCH to be refused with 409 `conflict` if the resource changed since.' });

/** A JSON object whose fields are not fixed here (payloads, custom properties). */
export const AnyObject = z.record(z.string(), z.unknown());

export const entriesOf = <T extends z.ZodType>(item: T) => z.object({ entries: z.array(item) });

export const PageInfoSchema = z.object({
  next_cursor: z.string().nullable().meta({ description: 'Pass it as `cursor` for the next page; null on the last.' }),
});
