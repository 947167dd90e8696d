import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IntakeService } from './intake.service';

@Controller()
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  /** The endpoint URL of one source environment; the token is the sender's only credential. */
  @Post('integrations/receive/:token')
  async receive(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.intake.receive(token, req);
    res.status(answer.status).set(answer.headers ?? {}).json(answer.body);
  }
}
