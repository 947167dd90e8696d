import type { z } from 'zod';

/** Thrown by {@link loadConfig}; `issues` holds one line per bad key, never a value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `- ${issue}`).join('\n')}`);
  }
}

/**
 * Parses the environment with an app's schema, once, before the app boots.
 *
 * Empty variables count as unset (so `PORT=` in a compose file falls back to the default instead of
 * parsing as 0). Fails with every bad key at once. Messages name the key and the rule, never the
 * value: zod's built-in messages do not echo input, so keep custom messages in app schemas that way
 * too.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  const issues = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(root)';
    const missing = issue.code === 'invalid_type' && input[String(issue.path[0])] === undefined;
    return `${key}: ${missing ? 'required' : issue.message}`;
  });
  throw new ConfigError(issues);
}
