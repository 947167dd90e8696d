import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendAnswer } from './intake-edge';
import { IntakeService } from './intake.service';

/** The endpoint URL itself, `POST /integrations/receive/:token`, is answered before Nest: see intakeRoute. */
@Controller()
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  /** Segment-style batches, for legacy HTTP sources only. */
  @Post('integrations/receive/:token/batch')
  async receiveBatch(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendAnswer(res, await this.intake.receiveBatch(token, req, res));
  }
}
