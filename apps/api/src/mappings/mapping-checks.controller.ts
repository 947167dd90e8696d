import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { CheckMappingBody, DryRunBody } from './mapping-checks.schema';
import { MappingChecksService } from './mapping-checks.service';

/** The mapping editor's checks against a sample: they store nothing and run nothing, hence 200 to a POST. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class MappingChecksController {
  constructor(private readonly checks: MappingChecksService) {}

  @Post('sources/:key/environments/:env/mappings/check')
  @HttpCode(200)
  check(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown) {
    return this.checks.check(key, env, parseRequest(CheckMappingBody, body));
  }

  @Post('sources/:key/environments/:env/dry-run')
  @HttpCode(200)
  dryRun(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown) {
    return this.checks.dryRun(key, env, parseRequest(DryRunBody, body));
  }
}
