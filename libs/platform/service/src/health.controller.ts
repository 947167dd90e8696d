import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { gauge, renderMetrics } from '@inlet/platform/metrics';
import { READINESS_CHECKS, ReadinessRegistry } from './readiness';
import type { ReadinessReport } from './readiness';

const ready = gauge('inlet_service_ready', 'Whether GET /ready answers 200 (1) or 503 (0) at this scrape.');

@Controller()
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly readiness: ReadinessRegistry) {}

  /** Liveness: answers while the process can serve HTTP at all. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when every check passes and the service is not shutting down, else 503. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessReport> {
    const report = await this.readiness.evaluate();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }

  /**
   * Prometheus text format, no auth (like /health): what it tells is counts, never an event or a
   * secret. Readiness is evaluated on each scrape, so an alert sees a replica that is up but not ready.
   */
  @Get('metrics')
  async metrics(@Res() response: Response): Promise<void> {
    ready.set((await this.readiness.evaluate()).status === 'ready' ? 1 : 0);
    const { contentType, text } = await renderMetrics();
    response.type(contentType).send(text);
  }
}
