import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { apiKeyModel, type StoredApiKey } from './api-key.model';
import { ApiKeyGuard, hashApiKey } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { iso, isoOrNull } from '../shared/response-fields.schema';
import { CreateApiKeyBody, type ApiKey } from './api-keys.schema';

const present = (k: StoredApiKey): ApiKey => ({ id: k.id, name: k.name, prefix: k.prefix, created_at: iso(k.createdAt), revoked_at: isoOrNull(k.revokedAt) });

/** API keys beyond the bootstrap one: shown in full once, stored as a hash, revocable. */
@Controller('v1/api-keys')
@UseGuards(ApiKeyGuard)
export class ApiKeysController {
  private readonly keys;

  constructor(@Inject(MONGO) connection: Connection) {
    this.keys = apiKeyModel(connection);
  }

  @Post()
  async create(@Body() body: unknown) {
    const { name } = parseRequest(CreateApiKeyBody, body);
    const key = `inlet_${randomBytes(24).toString('hex')}`;
    const stored: StoredApiKey = { _id: hashApiKey(key), id: randomUUID(), name, prefix: key.slice(0, 12), createdAt: new Date(), revokedAt: null };
    await this.keys.create(stored);
    return { ...present(stored), key };
  }

  @Get()
  async list() {
    return { entries: (await this.keys.find().sort({ createdAt: 1 }).lean()).map(present) };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id') id: string): Promise<void> {
    const revoked = await this.keys.findOneAndUpdate({ id, revokedAt: null }, { $set: { revokedAt: new Date() } }).lean();
    if (!revoked) throw new ApiError('api_key_not_found', `No active API key "${id}".`);
  }
}
