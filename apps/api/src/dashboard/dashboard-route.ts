import { posix } from 'node:path';

/** Paths the api itself answers: never the dashboard's, even when nothing matches there (a JSON 404). */
const API_PREFIXES = ['/v1', '/docs', '/openapi.json', '/health', '/ready', '/metrics'];

export type DashboardRoute =
  | { kind: 'api' }
  /** A file of the build, relative to its folder, e.g. `assets/index-3f2a.js`. */
  | { kind: 'file'; file: string; immutable: boolean }
  /** A page of the single-page app (`/environments/development/sources`): index.html answers it. */
  | { kind: 'page' }
  | { kind: 'not_found' };

/**
 * What a GET of `urlPath` serves: the api's own routes pass; a path with a file extension is a file
 * of the build (404 when absent, never the page, so a missing script fails loudly); anything else
 * is a page of the app. Paths that climb out of the folder are refused.
 */
export function dashboardRoute(urlPath: string): DashboardRoute {
  if (API_PREFIXES.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`))) return { kind: 'api' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'not_found' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'not_found' };
  const normalized = posix.normalize(decoded);
  if (!normalized.startsWith('/') || normalized.split('/').includes('..')) return { kind: 'not_found' };
  const file = normalized.slice(1);
  if (file === '' || file === 'index.html') return { kind: 'page' };
  if (!posix.extname(file)) return { kind: 'page' };
  // Vite names built assets by content hash: they can be cached for good.
  return { kind: 'file', file, immutable: file.startsWith('assets/') };
}
