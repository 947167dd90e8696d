import type { INestApplication } from '@nestjs/common';
import type { RawRoute } from '@inlet/platform/service';
import { sendAnswer } from './intake-edge';
import { IntakeService } from './intake.service';

/** The endpoint URL of one source environment, as express would match it (any case, one optional trailing slash, any query). */
const RECEIVE = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]*)?\/integrations\/receive\/([^/?#]+)\/?(?:[?#].*)?$/i;

/**
 * The endpoint token of a `POST /integrations/receive/:token` URL, decoded; undefined for any other
 * URL (the batch route included) and for a token that does not decode, which the framework answers.
 */
export function endpointTokenOf(url: string | undefined): string | undefined {
  const encoded = RECEIVE.exec(url ?? '')?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/**
 * The hot route, `POST /integrations/receive/:token`, answered before express and Nest: it needs
 * none of their routing, guards, interceptors or body parsing, only the intake itself. Everything
 * else (the legacy batch route, health, readiness, metrics) still goes through the framework.
 */
export function intakeRoute(app: INestApplication): RawRoute {
  const intake = app.get(IntakeService);
  return {
    pattern: '/integrations/receive/:token',
    handle(req, res) {
      if (req.method !== 'POST') return undefined;
      const token = endpointTokenOf(req.url);
      if (token === undefined) return undefined;
      return intake.receive(token, req, res).then((answer) => sendAnswer(res, answer));
    },
  };
}
