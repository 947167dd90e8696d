/** What the api answers on failure: `{"error": {"code", "message"}}`, a 400 naming its fields. */
export type ApiErrorBody = { error: { code: string; message: string } };

/** Errors of a form: the api's own words, under the field they name, or `form` for the rest. */
export type FieldErrors = Record<string, string>;

/** Codes whose message names no field by a `field:` prefix, and the field they are about. */
const FIELD_OF_CODE: Record<string, string> = {
  source_exists: 'key',
  environment_exists: 'name',
  workflow_exists: 'key',
};

/**
 * Splits an api error into messages per field. A 400 reads `name: expected string; key: expected
 * 1-63 lower-case letters...`: each part goes next to its field when the form has one.
 */
export function fieldErrors(body: unknown, fields: readonly string[]): FieldErrors {
  const error = (body as Partial<ApiErrorBody> | undefined)?.error;
  if (!error || typeof error.message !== 'string') return { form: 'The api could not be reached. Try again.' };
  const byCode = FIELD_OF_CODE[error.code];
  if (byCode && fields.includes(byCode)) return { [byCode]: error.message };
  const out: FieldErrors = {};
  for (const part of error.message.split('; ')) {
    const match = /^([A-Za-z0-9_.]+): (.+)$/s.exec(part);
    const field = match && fields.find((f) => match[1] === f || match[1].startsWith(`${f}.`));
    if (match && field) out[field] = out[field] ? `${out[field]}; ${match[2]}` : match[2];
    else out.form = out.form ? `${out.form}; ${part}` : part;
  }
  return out;
}

export function errorMessage(body: unknown): string {
  const error = (body as Partial<ApiErrorBody> | undefined)?.error;
  return error?.message ?? 'The api could not be reached. Try again.';
}
