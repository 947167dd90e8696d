import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IntakeService, type IntakeAnswer } from './intake.service';

@Controller()
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  /** The endpoint URL of one source environment; the token is the sender's only credential. */
  @Post('integrations/receive/:token')
  async receive(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.intake.receive(token, req));
  }

  /** Segment-style batches, for legacy HTTP sources only. */
  @Post('integrations/receive/:token/batch')
  async receiveBatch(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.intake.receiveBatch(token, req));
  }
}

function send(res: Response, answer: IntakeAnswer): void {
  res.status(answer.status).set(answer.headers ?? {});
  if (answer.body === undefined) res.end();
  else res.json(answer.body);
}
