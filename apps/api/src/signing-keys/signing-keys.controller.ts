import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { SourcesService } from '../sources/sources.service';
import { CreateSigningKeyBody } from './signing-keys.schema';

/** A source environment's signing keys: created (shown once), listed by prefix, revoked. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class SigningKeysController {
  constructor(private readonly sources: SourcesService) {}

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
}
