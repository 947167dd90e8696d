import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '@inlet/platform/service';
import { apiKeyModel } from './api-key.model';
import { API_CONFIG, type ApiConfig } from './config';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Every /v1 endpoint requires `Authorization: Bearer <api key>`: the bootstrap key from
 * configuration (compared in constant time) or a key created through the API and not revoked.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly bootstrap: Buffer;
  private readonly keys;

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(MONGO) connection: Connection) {
    this.bootstrap = Buffer.from(hashApiKey(config.INLET_API_KEY), 'hex');
    this.keys = apiKeyModel(connection);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const match = /^Bearer (.+)$/.exec(header ?? '');
    if (!match) throw new ApiError(401, 'unauthenticated', 'Authorization: Bearer <api key> is required.');
    const hash = hashApiKey(match[1]);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrap)) return true;
    const stored = await this.keys.findById(hash, { revokedAt: 1 }).lean();
    if (stored && !stored.revokedAt) return true;
    throw new ApiError(401, 'unauthenticated', stored ? 'The API key was revoked.' : 'The API key is not valid.');
  }
}
