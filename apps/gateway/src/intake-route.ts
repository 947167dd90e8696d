import type { INestApplication } from '@nestjs/common';
import type { RawRoute } from '@inlet/platform/service';
import { endpointTokenOf } from './endpoint-url';
import { sendAnswer } from './intake-edge';
import { IntakeService } from './intake.service';
import { inServerSpan } from './server-span';

const PATTERN = '/integrations/receive/:token';

/**
 * The hot route, `POST /integrations/receive/:token`, answered before express and Nest: it needs
 * none of their routing, guards, interceptors or body parsing, only the intake itself. Everything
 * else (the legacy batch route, health, readiness, metrics) still goes through the framework. Its
 * server span is its own (instrument.ts has the http instrumentation leave these requests alone).
 */
export function intakeRoute(app: INestApplication): RawRoute {
  const intake = app.get(IntakeService);
  return {
    pattern: PATTERN,
    handle(req, res) {
      if (req.method !== 'POST') return undefined;
      const token = endpointTokenOf(req.url);
      if (token === undefined) return undefined;
      return inServerSpan(PATTERN, req, res, async () => sendAnswer(res, await intake.receive(token, req, res)));
    },
  };
}
