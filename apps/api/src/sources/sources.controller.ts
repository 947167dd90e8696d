import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { CreateEnvironmentBody, CreateSourceBody, UpdateSourceBody, UpdateSourceEnvironmentBody } from './sources.schema';
import { SourcesService } from './sources.service';

@Controller('v1')
@UseGuards(ApiKeyGuard)
/** Sources, environments, and each source environment's settings and endpoint. */
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Post('sources')
  create(@Body() body: unknown) {
    return this.sources.createSource(parseRequest(CreateSourceBody, body));
  }

  @Get('sources')
  async list() {
    return { entries: await this.sources.listSources() };
  }

  @Get('sources/:key')
  get(@Param('key') key: string) {
    return this.sources.getSource(key);
  }

  @Patch('sources/:key')
  update(@Param('key') key: string, @Body() body: unknown) {
    return this.sources.updateSource(key, parseRequest(UpdateSourceBody, body));
  }

  @Delete('sources/:key')
  @HttpCode(204)
  async remove(@Param('key') key: string): Promise<void> {
    await this.sources.deleteSource(key);
  }

  @Post('environments')
  createEnvironment(@Body() body: unknown) {
    return this.sources.createEnvironment(parseRequest(CreateEnvironmentBody, body).name);
  }

  @Get('environments')
  async environments() {
    return { entries: await this.sources.listEnvironments() };
  }

  /** Settings and the read-only endpoint URL (what "Copy webhook destination URL" copies). */
  @Get('sources/:key/environments/:env')
  environment(@Param('key') key: string, @Param('env') env: string) {
    return this.sources.getSourceEnvironment(key, env);
  }

  @Patch('sources/:key/environments/:env')
  updateEnvironment(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown) {
    return this.sources.updateSourceEnvironment(key, env, parseRequest(UpdateSourceEnvironmentBody, body));
  }

  @Post('sources/:key/environments/:env/endpoint/regenerate')
  regenerate(@Param('key') key: string, @Param('env') env: string) {
    return this.sources.regenerateEndpoint(key, env);
  }
}
