/**
 * The mapping editor's pure logic: what its inputs hold, the params a mapping is saved with, and how
 * the api's check answer (`POST …/mappings/check`) becomes a ✓ or ✕ beside each input.
 */

/** Where an input's value comes from: a payload path (the default) or a literal typed as is. */
export type InputMode = 'path' | 'literal';

/** One input of the editor: a parameter of the action, or an extra field (`data.task_id`, a custom property). */
export type ParamInput = { name: string; mode: InputMode; text: string };

export type ParamSource = { path: string } | { literal: unknown };
/** A source as a stored mapping answers it (the OpenAPI document marks `literal` optional). */
type StoredSource = { path: string } | { literal?: unknown };

/**
 * A literal as typed: JSON when it parses (`true`, `3`, `["a"]`, `{"id": "x"}`), else the text
 * itself, so `task-assigned` needs no quotes.
 */
export function literalOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The text an input shows for a stored source: the path, or the literal (strings without quotes). */
export function inputOf(name: string, source: StoredSource): ParamInput {
  if ('path' in source) return { name, mode: 'path', text: source.path };
  const value = source.literal;
  return { name, mode: 'literal', text: typeof value === 'string' && literalOf(value) === value ? value : JSON.stringify(value) };
}

/** The params of a mapping from its inputs: empty inputs are left out (not mapped), paths trimmed. */
export function paramsOf(inputs: readonly ParamInput[]): Record<string, ParamSource> {
  const params: Record<string, ParamSource> = {};
  for (const input of inputs) {
    const name = input.name.trim();
    if (!name || input.text.trim() === '') continue;
    params[name] = input.mode === 'path' ? { path: input.text.trim() } : { literal: literalOf(input.text) };
  }
  return params;
}

/** What the check answer says of one parameter (the api's ParamCheck, the fields the editor reads). */
export type CheckedParam = { name: string; param: string | null; required: boolean; kind: string | null; status: 'resolved' | 'omitted' | 'unresolved'; value?: unknown; message?: string; field?: string; reason?: string };

/** What an input shows: ✓ and the resolved value, ✕ and the reason, or a quiet note for an optional one left out. */
export type InputVerdict = { mark: 'ok' | 'bad' | 'none'; text: string };

const MAX_VALUE_CHARS = 160;

/** A resolved value on one line, shortened: enough to see it is the right one. */
export function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

export function verdictOf(check: CheckedParam | undefined): InputVerdict | null {
  if (!check) return null;
  if (check.status === 'resolved') return { mark: 'ok', text: shortValue(check.value) };
  if (check.status === 'unresolved') return { mark: 'bad', text: check.message ?? check.reason ?? 'does not resolve' };
  return { mark: 'none', text: check.message ?? 'left out' };
}

/**
 * The inputs the editor shows for an action: every parameter the check answer lists as the action's
 * own (`param` equal to its name: in the action's order, mapped or not), each with what was typed so
 * far; then the extra fields typed (`data.task_id`, a custom property), which the answer lists after.
 */
export function inputsFor(checks: readonly CheckedParam[], typed: readonly ParamInput[]): { own: ParamInput[]; extra: ParamInput[] } {
  const own = checks.filter((c) => c.param === c.name).map((c) => typed.find((t) => t.name === c.name) ?? { name: c.name, mode: 'path' as const, text: '' });
  const extra = typed.filter((t) => !own.some((o) => o.name === t.name));
  return { own, extra };
}

/**
 * Splits an api refusal of a mapping (`params.recipients: …; event_type: …`) by field: the
 * parameter inputs are named `params.<name>`. Longer names first, so `params.data.title` is not
 * taken for `params.data`.
 */
export function mappingFields(inputs: readonly ParamInput[]): string[] {
  const names = inputs.map((i) => `params.${i.name.trim()}`).filter((n) => n !== 'params.');
  return ['event_type', 'action_type', ...names.sort((a, b) => b.length - a.length), 'params'];
}
