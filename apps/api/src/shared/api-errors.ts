import { ApiError as CodedError, PLATFORM_ERROR_STATUS, type ErrorStatusTable } from '@inlet/platform/service';

/**
 * Every error code the api answers, and its HTTP status: the one place a failure becomes a status.
 * Services and guards throw `new ApiError(code, message)` and know nothing of HTTP; the JSON error
 * filter maps the code with this table (given to the service app as its `errorStatus` in main.ts), and the
 * OpenAPI test checks that each route documents each code under this status.
 */
export const API_ERROR_STATUS = {
  ...PLATFORM_ERROR_STATUS,
  /** A body, query or parameter that breaks its schema; the message names the field. */
  invalid_request: 400,
  unauthenticated: 401,
  rehearse_not_allowed: 403,
  source_not_found: 404,
  environment_not_found: 404,
  signing_key_not_found: 404,
  log_not_found: 404,
  event_type_not_found: 404,
  /** No sample with that event id among the recent samples of the environment's event types. */
  sample_not_found: 404,
  mapping_not_found: 404,
  workflow_not_found: 404,
  trigger_not_found: 404,
  api_key_not_found: 404,
  user_not_found: 404,
  object_not_found: 404,
  tenant_not_found: 404,
  audience_not_found: 404,
  workflow_run_not_found: 404,
  /** Another request changed the resource first, or it is not at the `version` the request named. */
  conflict: 409,
  source_exists: 409,
  environment_exists: 409,
  workflow_exists: 409,
  no_signing_key: 409,
  verification_enabled: 409,
  managed_by_trigger: 409,
  not_redrivable: 409,
  body_not_kept: 409,
} as const satisfies ErrorStatusTable;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** The api's coded error: its code is one of the table's, so a typo fails the type check, not a client. */
export class ApiError extends CodedError<ApiErrorCode> {}
