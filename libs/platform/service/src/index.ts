export { ApiError, PLATFORM_ERROR_STATUS } from './api-error';
export type { ErrorBody, ErrorStatusTable } from './api-error';
export { JsonErrorFilter, toErrorResponse } from './json-error.filter';
export { HealthModule } from './health.module';
export { READINESS_CHECKS, ReadinessRegistry } from './readiness';
export type { ReadinessCheck, ReadinessReport } from './readiness';
export { createServiceApp, runService, writeJson } from './run-service';
export type { HttpLimits, RawRoute, RunServiceOptions, ServiceAppOptions } from './run-service';
