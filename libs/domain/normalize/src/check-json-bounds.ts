/** Bounds on the shape of a JSON body, checked on its text before it is parsed. */
export type JsonBounds = {
  /**
   * Objects and arrays nested inside one another, the outermost counting as level 1. MongoDB
   * refuses documents nested deeper than 100 levels, and a body never travels alone: a log keeps
   * it at `request.body` (+2 with the log itself), the event-type catalog at `sample`, an action
   * log holds parts of it at `actions.<id>.resolved.<param>` (+4), a mapping literal sits at
   * `actions.<id>.configured.<param>.literal` (+5), and whatever wraps a log or a message for
   * operators (a dead letter's envelope and payload) adds a few more. 32 leaves more than half the
   * store's limit for those wrappers, keeps every recursive walk (BSON encoding, zod, JSON.stringify)
   * shallow, and is still far deeper than webhook payloads are in practice (a handful of levels).
   */
  maxDepth: number;
  /**
   * Keys in one object. The body limit alone would allow ~150,000 keys in a 1 MiB object; every
   * stage that walks the body (BSON encoding, the catalog sample, the api's answer) pays for each.
   */
  maxKeysPerObject: number;
  /** Items in one array: 10,000 is far above a legacy batch's 1,000 events. */
  maxItemsPerArray: number;
  /**
   * Characters in one key. Keys become field names in the store, and paths and messages name
   * them. String values have no limit of their own beyond the body's size: where a string's
   * length matters (event type, idempotency key) it is checked where it is used.
   */
  maxKeyLength: number;
};

/** The limits every JSON body Inlet accepts keeps to, at the gateway and the api alike. */
export const JSON_BOUNDS: JsonBounds = { maxDepth: 32, maxKeysPerObject: 1_000, maxItemsPerArray: 10_000, maxKeyLength: 1_024 };

export type BoundsCheck = { ok: true } | { ok: false; problem: string; path: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** One open object or array: where the scan is inside it. */
type Frame = { object: boolean; index: number; expectKey: boolean; keyStart: number; keyEnd: number };

/**
 * Checks JSON text against `bounds` in one iterative pass over its characters, before anything
 * parses or walks it recursively: a 1 MiB body of `[[[[...` costs one scan and no stack. The scan
 * assumes valid JSON; on invalid text it may pass something JSON.parse then refuses, and never
 * throws. Two kinds of key are refused too, because the body could never be stored in its log as
 * sent: one holding a NUL character (BSON, MongoDB's format, cannot encode it), and `__proto__`,
 * `constructor` and `prototype` (see REFUSED_KEYS).
 */
export function checkJsonBounds(text: string, bounds: JsonBounds = JSON_BOUNDS): BoundsCheck {
  const stack: Frame[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      while (end < length) {
        const d = text.charCodeAt(end);
        if (d === QUOTE) break;
        if (d === BACKSLASH) {
          escaped = true;
          end += 2;
        } else end += 1;
      }
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        top.expectKey = false;
        top.keyStart = i + 1;
        top.keyEnd = end;
        const problem = keyProblem(text, top, escaped, bounds);
        if (problem) return { ok: false, problem, path: pathOf(text, stack, stack.length - 1) };
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= bounds.maxDepth) return { ok: false, problem: `is nested deeper than ${bounds.maxDepth} levels`, path: pathOf(text, stack, stack.length) };
      stack.push({ object: c === OPEN_OBJECT, index: 0, expectKey: c === OPEN_OBJECT, keyStart: 0, keyEnd: 0 });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top) {
        top.index += 1;
        top.expectKey = top.object;
        const [limit, what] = top.object ? [bounds.maxKeysPerObject, 'keys in one object'] : [bounds.maxItemsPerArray, 'items in one array'];
        if (top.index >= limit) return { ok: false, problem: `has more than ${limit} ${what}`, path: pathOf(text, stack, stack.length - 1) };
      }
    }
    i += 1;
  }
  return { ok: true };
}

/**
 * Keys refused by name. JSON.parse makes them own keys, harmless in themselves, but mongoose (the
 * store's object mapper) drops exactly these three whenever it copies an object, which depends on
 * the keys beside them (`$` or dotted keys, a `valueOf`), so a log could not keep such a body as
 * sent; `__proto__` is also the classic prototype-pollution vector. Real senders do not use them.
 */
const REFUSED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const REFUSED_LENGTHS = new Set([...REFUSED_KEYS].map((key) => key.length));

function keyProblem(text: string, frame: Frame, escaped: boolean, bounds: JsonBounds): string | undefined {
  const raw = frame.keyEnd - frame.keyStart;
  // An escape is longer than the character it stands for, and a NUL can only arrive escaped (a
  // raw control character is invalid JSON): unescaped keys short enough need no decoding.
  if (!escaped && raw <= bounds.maxKeyLength) return REFUSED_LENGTHS.has(raw) ? refusedName(text.slice(frame.keyStart, frame.keyEnd)) : undefined;
  const key = escaped ? decodeKey(text, frame) : text.slice(frame.keyStart, frame.keyEnd);
  if (key.length > bounds.maxKeyLength) return `has a key longer than ${bounds.maxKeyLength} characters`;
  if (key.includes('\u0000')) return 'has a key with a NUL character (\\u0000)';
  return refusedName(key);
}

function refusedName(key: string): string | undefined {
  return REFUSED_KEYS.has(key) ? `has a key named "${key}"` : undefined;
}

function decodeKey(text: string, frame: Frame): string {
  const raw = text.slice(frame.keyStart, frame.keyEnd);
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

const SHOWN_KEY_LENGTH = 40;
const PLAIN_SEGMENT = /^[A-Za-z0-9_$@-]+$/;

/** Where the first `frames` open containers lead, as a dot path (`data.items.3`); odd keys quoted and cut. */
function pathOf(text: string, stack: Frame[], frames: number): string {
  if (frames === 0) return 'the top level';
  return stack
    .slice(0, frames)
    .map((frame) => {
      if (!frame.object) return String(frame.index);
      const key = decodeKey(text, frame);
      const shown = key.length > SHOWN_KEY_LENGTH ? `${key.slice(0, SHOWN_KEY_LENGTH)}…` : key;
      return PLAIN_SEGMENT.test(shown) ? shown : JSON.stringify(shown);
    })
    .join('.');
}

/**
 * Where the bytes stop being UTF-8: the offset of the first byte that starts no valid sequence
 * (overlong forms, surrogates and code points past U+10FFFF included), or -1 if they are valid.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
