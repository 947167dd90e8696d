/**
 * The hex HMAC-SHA256 of the exact body, as the gateway checks it. Web Crypto exists only in a
 * secure context (https, or the api reached on localhost/127.0.0.1): elsewhere this answers null
 * and the page shows the command unsigned, saying why.
 */
export async function signBody(key: string, body: string): Promise<string | null> {
  if (!window.crypto?.subtle) return null;
  const encoder = new TextEncoder();
  const hmac = await window.crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await window.crypto.subtle.sign('HMAC', hmac, encoder.encode(body));
  return Array.from(new Uint8Array(signature), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A shell word: single quotes, with any single quote inside closed, escaped and reopened. */
export const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
