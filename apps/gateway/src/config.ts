import { z } from 'zod';
import { KafkaEnv, SecretsEnv, ServiceEnv, integer } from '@inlet/platform/config';
import type { HttpLimits } from '@inlet/platform/service';
import { DEFAULT_STRIPPED_HEADERS } from './strip-credential-headers';

const MIB = 1024 * 1024;
/** The largest `max_body_bytes` an environment may have: one such body must always fit the budget. */
const LARGEST_BODY_BYTES = 16 * MIB;

/** Header names, comma-separated, lower-cased; an empty value keeps the default, `-` strips none. */
const headerList = z
  .string()
  .transform((value) => (value.trim() === '-' ? [] : value.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name.length > 0)));

export const GatewayConfigSchema = z
  .object({
    ...ServiceEnv,
    ...KafkaEnv,
    ...SecretsEnv,
    PORT: ServiceEnv.PORT.default(3000),
    /** Longest a sender may take to send the request line and headers; then 408 and the connection closed. */
    GATEWAY_HEADERS_TIMEOUT_MS: integer(100, 10 * 60_000).default(10_000),
    /** Longest a sender may take to send the whole request, body included; then 408 and closed. */
    GATEWAY_REQUEST_TIMEOUT_MS: integer(100, 60 * 60_000).default(30_000),
    /** Longest a sender may pause while sending a body; then 408 `request_timeout`, closed, the bytes freed. */
    GATEWAY_BODY_IDLE_TIMEOUT_MS: integer(50, 10 * 60_000).default(5_000),
    /** Largest request line plus headers, in bytes; over it 431. */
    GATEWAY_MAX_HEADER_BYTES: integer(1024, 1024 * 1024).default(16 * 1024),
    /** Most header fields in one request; over it 431. */
    GATEWAY_MAX_HEADER_COUNT: integer(1, 2000).default(100),
    /**
     * Body bytes in flight across the gateway (read or being read, not yet answered); a request
     * that would pass it gets 503 `overloaded` with Retry-After. At least the largest body an
     * environment may accept, so any one accepted body fits.
     */
    GATEWAY_MAX_INFLIGHT_BYTES: integer(LARGEST_BODY_BYTES, 64 * 1024 * MIB).default(64 * MIB),
    /** Credential headers removed before a request is published or logged (the signature header excepted). */
    GATEWAY_STRIPPED_HEADERS: headerList.default([...DEFAULT_STRIPPED_HEADERS]),
  })
  .refine((c) => c.GATEWAY_HEADERS_TIMEOUT_MS <= c.GATEWAY_REQUEST_TIMEOUT_MS, {
    path: ['GATEWAY_HEADERS_TIMEOUT_MS'],
    error: 'expected at most GATEWAY_REQUEST_TIMEOUT_MS',
  });
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

/** The HTTP server's limits, as runService applies them. */
export function httpLimitsOf(config: GatewayConfig): HttpLimits {
  return {
    headersTimeoutMs: config.GATEWAY_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.GATEWAY_REQUEST_TIMEOUT_MS,
    maxHeaderBytes: config.GATEWAY_MAX_HEADER_BYTES,
    maxHeaderCount: config.GATEWAY_MAX_HEADER_COUNT,
  };
}

/** The gateway's config, for providers that need it (the intake edge's limits). */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
