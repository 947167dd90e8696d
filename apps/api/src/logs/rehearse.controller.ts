import { Body, Controller, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { RehearseBody, RehearseQuery } from './rehearse.schema';
import { RehearseService } from './rehearse.service';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class RehearseController {
  constructor(private readonly rehearsals: RehearseService) {}

  /**
   * A test event through the real pipeline (refused in production): 202 with the log id; with
   * `?wait=true` the answer comes once the event has left `pending` (up to 15 s), with its log.
   */
  @Post('sources/:key/environments/:env/rehearse')
  @HttpCode(202)
  rehearse(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown, @Query() query: unknown) {
    return this.rehearsals.rehearse(key, env, parseRequest(RehearseBody, body), parseRequest(RehearseQuery, query).wait === 'true');
  }
}
