import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from './auth.guard';
import { parseRequest } from './parse-request';
import { RehearseService } from './rehearse.service';
import { CreateEnvironmentBody, CreateSigningKeyBody, CreateSourceBody, RehearseBody, UpdateSourceBody, UpdateSourceEnvironmentBody } from './sources.schema';
import { SourcesService } from './sources.service';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly rehearsals: RehearseService,
  ) {}

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

  /** Generates a key and shows it in full, once; later reads show its prefix. */
  @Post('sources/:key/environments/:env/signing-keys')
  createSigningKey(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown) {
    return this.sources.createSigningKey(key, env, parseRequest(CreateSigningKeyBody, body));
  }

  @Get('sources/:key/environments/:env/signing-keys')
  async signingKeys(@Param('key') key: string, @Param('env') env: string) {
    return { entries: await this.sources.listSigningKeys(key, env) };
  }

  @Delete('sources/:key/environments/:env/signing-keys/:id')
  @HttpCode(204)
  async revokeSigningKey(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string): Promise<void> {
    await this.sources.revokeSigningKey(key, env, id);
  }

  /**
   * A test event through the real pipeline (refused in production): 202 with the log id; with
   * `?wait=true` the answer comes once the event has left `pending` (up to 15 s), with its log.
   */
  @Post('sources/:key/environments/:env/rehearse')
  @HttpCode(202)
  rehearse(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown, @Query('wait') wait?: string) {
    return this.rehearsals.rehearse(key, env, parseRequest(RehearseBody, body), wait === 'true');
  }
}
