/**
 * Pure helpers of the Workflows and Test event screens: text the user types, as the api takes it,
 * and back. No React, no fetch: unit-tested beside.
 */

export type TriggerMapping = { recipients?: string; actor?: string; tenant?: string; data?: Record<string, string> };

/** What the pipeline uses when a trigger's mapping leaves a field out (`triggerParams` in libs/domain/mapping). */
export const TRIGGER_DEFAULTS = { recipients: 'userId', data: 'all of properties' } as const;

/** `data` as lines of `field = path`, one per line, in the order stored. */
export function dataLines(data: Record<string, string> | undefined): string {
  return Object.entries(data ?? {})
    .map(([field, path]) => `${field} = ${path}`)
    .join('\n');
}

/**
 * Lines of `field = path` into the trigger's `data`; blank lines are ignored, and no line at all
 * means the default (every property). A line without `=` is named by its number.
 */
export function parseDataLines(text: string): { data?: Record<string, string>; error?: string } {
  const data: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf('=');
    const field = at < 0 ? '' : line.slice(0, at).trim();
    const path = at < 0 ? '' : line.slice(at + 1).trim();
    if (!field || !path) return { error: `line ${index + 1}: write it as field = path, e.g. plan = properties.plan` };
    data[field] = path;
  }
  return Object.keys(data).length ? { data } : {};
}

/** The mapping a trigger form sends: empty fields left out, so the pipeline's defaults apply. */
export function triggerMappingFrom(form: { recipients: string; actor: string; tenant: string; data?: Record<string, string> }): TriggerMapping {
  const mapping: TriggerMapping = {};
  for (const field of ['recipients', 'actor', 'tenant'] as const) {
    const value = form[field].trim();
    if (value) mapping[field] = value;
  }
  if (form.data) mapping.data = form.data;
  return mapping;
}

/** Request headers typed as `Name: value` lines, as a test event takes them. */
export function parseHeaderLines(text: string): { headers: Record<string, string>; error?: string } {
  const headers: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(':');
    const name = at < 0 ? '' : line.slice(0, at).trim();
    if (!/^[A-Za-z0-9-]{1,100}$/.test(name)) return { headers, error: `line ${index + 1}: write it as Name: value (letters, digits and “-” in the name)` };
    headers[name] = line.slice(at + 1).trim();
  }
  return { headers };
}

/** Headers back as `Name: value` lines. */
export function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** A JSON body typed by hand; the parser's own message when it is not JSON. */
export function parseBody(text: string): { body?: unknown; error?: string } {
  if (!text.trim()) return { error: 'required: write the JSON body the sender would post' };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
}

/** A log is final once it left `pending` and none of its actions waits for an outcome. */
export function isSettled(log: { status: string; actions: { status: string }[] }): boolean {
  return log.status !== 'pending' && log.actions.every((a) => a.status !== 'pending');
}

/** The run ids a `trigger_workflow` action's result lists, for links to the directory. */
export function runIdsOf(result: Record<string, unknown> | null): string[] {
  const ids = result?.workflow_run_ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
