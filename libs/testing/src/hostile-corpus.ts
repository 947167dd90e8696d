/**
 * Webhook bodies an attacker, or a careless sender, can send: deep nesting, huge and many keys,
 * invalid UTF-8, prototype member names, operator-like and dotted keys. Each case says where it goes, its
 * exact bytes and headers, and what Inlet must answer: a specific refusal, or acceptance with a log
 * that reaches a final status and keeps the body. Deterministic (no randomness, no clock) and about
 * 2.5 MB in all, so a test can send every case, restart the store, and read the accepted ones back.
 *
 * The input limits it probes are the documented ones (README, "Input limits"): 32 levels of
 * nesting, 1,000 keys per object, 10,000 items per array, keys of at most 1,024 characters with no
 * NUL and not named `__proto__`, `constructor` or `prototype`, UTF-8 only.
 */

/**
 * Where a case is sent. `custom`: a custom source's endpoint whose environment reads the event
 * type at `type` ({@link HOSTILE_CUSTOM_SETTINGS}); `legacy`: a legacy HTTP source's endpoint;
 * `legacy-batch`: that source's `.../batch` endpoint.
 */
export type HostileTarget = 'custom' | 'legacy' | 'legacy-batch';

export type HostileOutcome =
  /** Refused: this status and error code; the message contains `message`. */
  | { accepted: false; status: number; code: string; message: string }
  /**
   * Accepted with `status` (202 custom, 204 legacy, 200 batch); each accepted event's log reaches
   * `finalStatus` and keeps `body` as its request body (for a batch: each item's log keeps the item).
   */
  | { accepted: true; status: number; finalStatus: string; body: unknown };

export type HostileCase = { name: string; target: HostileTarget; bytes: Buffer; headers: Record<string, string>; expected: HostileOutcome };

/** The settings of the custom source environment the `custom` cases are sent to. */
export const HOSTILE_CUSTOM_SETTINGS = { event_type_path: 'type' } as const;

/** The documented input limits, as a sender reads them. */
export const DOCUMENTED_LIMITS = { maxDepth: 32, maxKeysPerObject: 1_000, maxItemsPerArray: 10_000, maxKeyLength: 1_024 } as const;

const JSON_HEADERS = { 'content-type': 'application/json' };
const MiB = 1024 * 1024;

/** `{"type": ..., "d": {"d": ... {}}}` with `levels` levels of objects in all. */
function nestedObjects(type: string, levels: number): string {
  return `{"type":${JSON.stringify(type)},"d":${'{"d":'.repeat(levels - 2)}{}${'}'.repeat(levels - 2)}}`;
}

/** `{"type": ..., "d": [[...[]]]}` with `levels` levels in all. */
function nestedArrays(type: string, levels: number): string {
  return `{"type":${JSON.stringify(type)},"d":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
}

/** A path of `d` segments, as the gateway names where the nesting limit was passed. */
const dPath = (levels: number) => Array(levels).fill('d').join('.');

const refused = (status: number, code: string, message: string): HostileOutcome => ({ accepted: false, status, code, message });
const invalidJson = (message: string) => refused(400, 'invalid_json', message);
const notUtf8 = invalidJson('body: not valid UTF-8');

function accepted(target: HostileTarget, text: string, finalStatus = 'no_mappings'): HostileOutcome {
  const status = target === 'custom' ? 202 : target === 'legacy' ? 204 : 200;
  return { accepted: true, status, finalStatus, body: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
}

function jsonCase(name: string, target: HostileTarget, text: string, expected?: HostileOutcome): HostileCase {
  return { name, target, bytes: Buffer.from(text, 'utf8'), headers: JSON_HEADERS, expected: expected ?? accepted(target, text) };
}

function bytesCase(name: string, target: HostileTarget, bytes: number[] | Buffer, expected: HostileOutcome): HostileCase {
  return { name, target, bytes: Buffer.from(bytes), headers: JSON_HEADERS, expected };
}

const track = (event: string, extra: Record<string, unknown> = {}) => ({ type: 'track', event, userId: 'hostile_user', ...extra });

/** Builds the corpus afresh (each case's bytes are its own, so a test may not share them by accident). */
export function hostileCorpus(): HostileCase[] {
  const { maxDepth, maxKeysPerObject, maxItemsPerArray, maxKeyLength } = DOCUMENTED_LIMITS;
  const manyKeys = (n: number) => JSON.stringify({ type: 'hostile.many_keys', keys: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) });
  const manyItems = (n: number) => JSON.stringify({ type: 'hostile.many_items', items: Array.from({ length: n }, (_, i) => i % 10) });
  const longKey = (n: number) => JSON.stringify({ type: 'hostile.long_key', data: { ['k'.repeat(n)]: 'v' } });
  const deepTrack = (levels: number) => `{"type":"track","event":"Deep","userId":"hostile_user","properties":${'{"d":'.repeat(levels - 2)}{}${'}'.repeat(levels - 2)}}`;

  return [
    // Nesting: at the limit it is stored; past it, refused before anything parses it.
    jsonCase('objects nested exactly 32 levels', 'custom', nestedObjects('hostile.deep_objects', maxDepth)),
    jsonCase('arrays nested exactly 32 levels', 'custom', nestedArrays('hostile.deep_arrays', maxDepth)),
    jsonCase('objects nested 33 levels', 'custom', nestedObjects('hostile.too_deep', maxDepth + 1), invalidJson(`body: nested deeper than 32 levels at ${dPath(32)}`)),
    jsonCase('arrays nested 33 levels', 'custom', nestedArrays('hostile.too_deep', maxDepth + 1), invalidJson(`body: nested deeper than 32 levels at d.${Array(31).fill('0').join('.')}`)),
    jsonCase('a 4 KB body nested 2,000 levels', 'custom', nestedObjects('hostile.deep_2000', 2_000), invalidJson('body: nested deeper than 32 levels at d.d.d')),
    jsonCase('arrays nested 100,000 levels', 'custom', nestedArrays('hostile.deep_100000', 100_000), invalidJson('body: nested deeper than 32 levels at d.0.0')),
    jsonCase('1 MiB of open brackets', 'custom', '['.repeat(MiB), invalidJson('body: nested deeper than 32 levels at 0.0.0')),

    // Width and key size.
    jsonCase('1,000 keys in one object', 'custom', manyKeys(maxKeysPerObject)),
    jsonCase('1,001 keys in one object', 'custom', manyKeys(maxKeysPerObject + 1), invalidJson('body: has more than 1000 keys in one object at keys')),
    jsonCase('10,000 items in one array', 'custom', manyItems(maxItemsPerArray)),
    jsonCase('10,001 items in one array', 'custom', manyItems(maxItemsPerArray + 1), invalidJson('body: has more than 10000 items in one array at items')),
    jsonCase('a key of 1,024 characters', 'custom', longKey(maxKeyLength)),
    jsonCase('a key of 100,000 characters', 'custom', longKey(100_000), invalidJson('body: has a key longer than 1024 characters at data')),
    jsonCase('a string value of 256 KiB', 'custom', JSON.stringify({ type: 'hostile.long_string', text: 'x'.repeat(256 * 1024) })),

    // Keys the store, a query language or JavaScript give meaning to: stored as sent.
    jsonCase('operator-like keys', 'custom', JSON.stringify({ type: 'hostile.operators', $where: 'sleep(1000)', $set: { status: 'processed' }, data: { $gt: '', $in: [1], $: 1, $ref: 'users', $id: 1, $db: 'admin' } })),
    jsonCase('dotted keys', 'custom', JSON.stringify({ type: 'hostile.dotted', 'a.b': 1, '.': 2, 'a..b': 3, '.lead': 4, 'trail.': 5, data: { 'status.final': 'x' } })),
    jsonCase('prototype member names as keys', 'custom', '{"type":"hostile.prototype","toString":"x","hasOwnProperty":"y","valueOf":{},"toJSON":"z","isPrototypeOf":1,"data":{"Constructor":1,"__proto":2}}'),
    // The store's object mapper drops keys with these three names when it copies an object, so no log could keep them: refused.
    jsonCase('a __proto__ key', 'custom', '{"type":"hostile.proto","data":{"__proto__":{"polluted":true}}}', invalidJson('body: has a key named "__proto__" at data')),
    jsonCase('a __proto__ key beside an operator-like key, escaped', 'custom', '{"type":"hostile.proto","$where":"1","\\u005f_proto__":{"polluted":true}}', invalidJson('body: has a key named "__proto__" at the top level')),
    jsonCase('a constructor key', 'custom', '{"type":"hostile.constructor","data":{"constructor":{"prototype":{"polluted":true}}}}', invalidJson('body: has a key named "constructor" at data')),
    jsonCase('a prototype key', 'custom', '{"type":"hostile.prototype_key","items":[{"prototype":1}]}', invalidJson('body: has a key named "prototype" at items.0')),
    jsonCase('an empty key', 'custom', JSON.stringify({ type: 'hostile.empty_key', '': 'empty', data: { '': { '': 1 } } })),
    jsonCase('a NUL in a value', 'custom', JSON.stringify({ type: 'hostile.nul_value', text: 'a\u0000b' })),
    jsonCase('a NUL in a key', 'custom', '{"type":"hostile.nul_key","data":{"a\\u0000b":1}}', invalidJson('body: has a key with a NUL character (\\u0000) at data')),
    jsonCase('non-ASCII keys and values', 'custom', JSON.stringify({ type: 'hostile.unicode', 'clé': 'café', 'ключ': 'значение', '🔑': '😀', 'مفتاح': 'قيمة' })),
    jsonCase('a byte order mark before the JSON', 'custom', `\uFEFF${JSON.stringify({ type: 'hostile.bom' })}`),
    jsonCase('a top-level array', 'custom', JSON.stringify([{ type: 'hostile.array' }]), accepted('custom', JSON.stringify([{ type: 'hostile.array' }]), 'invalid_path')),

    // Bytes that are not UTF-8.
    bytesCase('a lone 0xFF byte in a string', 'custom', [...Buffer.from('{"type":"hostile.utf8","v":"'), 0xff, ...Buffer.from('"}')], notUtf8),
    bytesCase('Latin-1 text', 'custom', [...Buffer.from('{"type":"hostile.latin1","v":"caf'), 0xe9, ...Buffer.from('"}')], notUtf8),
    bytesCase('an overlong encoding of "/"', 'custom', [...Buffer.from('{"type":"hostile.overlong","v":"'), 0xc0, 0xaf, ...Buffer.from('"}')], notUtf8),
    bytesCase('an encoded surrogate', 'custom', [...Buffer.from('{"type":"hostile.surrogate","v":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')], notUtf8),
    bytesCase('UTF-16 with a byte order mark', 'custom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"type":"hostile.utf16"}', 'utf16le')]), notUtf8),

    // The legacy HTTP source takes the same bounds, on single events and whole batches.
    jsonCase('a legacy track event nested 33 levels', 'legacy', deepTrack(maxDepth + 1), invalidJson('body: nested deeper than 32 levels at properties')),
    bytesCase('a legacy track event that is not UTF-8', 'legacy', [...Buffer.from('{"type":"track","event":"Caf'), 0xe9, ...Buffer.from('","userId":"u"}')], notUtf8),
    jsonCase('a legacy track event with hostile keys', 'legacy', JSON.stringify(track('Hostile Keys', { properties: { $where: 'x', 'a.b': 1, __proto: 1, toString: 'c', '': 'e' } }))),
    jsonCase('a legacy batch with one item nested past the limit', 'legacy-batch', `{"batch":[${JSON.stringify(track('Fine'))},${deepTrack(maxDepth + 1)}]}`, invalidJson('body: nested deeper than 32 levels at batch.1.properties')),
    jsonCase('a legacy batch of items with hostile keys', 'legacy-batch', JSON.stringify({ batch: [track('Batch Hostile', { properties: { $set: { a: 1 }, 'x.y': 2 } }), track('Batch Hostile', { properties: { valueOf: { hasOwnProperty: 1 } } })] })),
  ];
}
