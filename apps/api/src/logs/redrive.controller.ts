import { Body, Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeyGuard, callerOf } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { RedriveFilterBody } from './redrive.schema';
import { RedriveService } from './redrive.service';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class RedriveController {
  constructor(private readonly redrives: RedriveService) {}

  /** Sends one failed or partially failed event through the current configuration again: 202, or 409 saying why not. */
  @Post('sources/:key/environments/:env/logs/:id/redrive')
  @HttpCode(202)
  redriveOne(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string, @Req() request: Request) {
    return this.redrives.redriveOne(key, env, id, callerOf(request));
  }

  /** The same for every log that matches the filter, oldest first, up to `limit`: which went and which could not. */
  @Post('sources/:key/environments/:env/logs/redrive')
  @HttpCode(202)
  redriveMany(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown, @Req() request: Request) {
    return this.redrives.redriveMany(key, env, parseRequest(RedriveFilterBody, body), callerOf(request));
  }
}
