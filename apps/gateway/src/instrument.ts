// Loaded before anything else (first import of main.ts), so the SDK patches http, express and the
// MongoDB driver before they are required.
import { startTelemetry } from '@inlet/platform/observability/telemetry';
import { isIntakeRequest } from './endpoint-url';

// The intake route makes its own server span (intake-route.ts): cheaper than the instrumentation's.
export const telemetry = startTelemetry('gateway', { ownServerSpan: isIntakeRequest });
