import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { READINESS_CHECKS, ReadinessRegistry } from './readiness';
import type { ReadinessReport } from './readiness';

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
}
