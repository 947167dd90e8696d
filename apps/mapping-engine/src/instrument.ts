// Loaded before anything else (first import of main.ts), so the SDK patches http, express and the
// MongoDB driver before they are required.
import { startTelemetry } from '@inlet/platform/observability/telemetry';

export const telemetry = startTelemetry('mapping-engine');
