/**
 * Paths name a value in a received request: `data.assigned_to` (dot notation over the JSON body,
 * case-sensitive), `items.0.id` (array index), `headers.x-github-event` (a request header, names
 * lower-case), `body.headers.x` (explicit body path, to reach a body key named `headers`).
 */
export type PathRoot = {
  body: unknown;
  /** Request headers with lower-case names. */
  headers: Readonly<Record<string, string>>;
};

export type PathResult = { found: true; value: unknown } | { found: false };

const MAX_PATH_LENGTH = 512;
const MAX_SEGMENTS = 32;

export type PathCheck = { ok: true } | { ok: false; message: string };

/** Whether a path is well formed, with a sentence saying why not. */
export function checkPath(path: string): PathCheck {
  if (path.length === 0) return { ok: false, message: 'path is empty' };
  if (path.length > MAX_PATH_LENGTH) return { ok: false, message: `path is longer than ${MAX_PATH_LENGTH} characters` };
  const segments = path.split('.');
  if (segments.length > MAX_SEGMENTS) return { ok: false, message: `path has more than ${MAX_SEGMENTS} segments` };
  if (segments.some((s) => s.length === 0)) return { ok: false, message: `path "${path}" has an empty segment` };
  if ((segments[0] === 'headers' || segments[0] === 'body') && segments.length === 1) {
    return { ok: false, message: `path "${path}" needs a name after "${segments[0]}."` };
  }
  return { ok: true };
}

export function resolvePath(root: PathRoot, path: string): PathResult {
  if (!checkPath(path).ok) return { found: false };
  const [first, ...rest] = path.split('.');
  if (first === 'headers') {
    const name = rest.join('.').toLowerCase();
    return ownValue(root.headers, name);
  }
  if (first === 'body') return walk(root.body, rest);
  return walk(root.body, [first, ...rest]);
}

function walk(start: unknown, segments: string[]): PathResult {
  let current: unknown = start;
  for (const segment of segments) {
    const step = ownValue(current, segment);
    if (!step.found) return step;
    current = step.value;
  }
  return { found: true, value: current };
}

/**
 * Reads an own data property only: never a prototype member (`__proto__`, `constructor`,
 * `toString`), never a getter.
 */
function ownValue(container: unknown, segment: string): PathResult {
  if (container === null || typeof container !== 'object') return { found: false };
  if (Array.isArray(container) && !/^(0|[1-9]\d*)$/.test(segment)) return { found: false };
  const descriptor = Object.getOwnPropertyDescriptor(container, segment);
  if (!descriptor || !('value' in descriptor)) return { found: false };
  return { found: true, value: descriptor.value };
}
