import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from './api-errors';
import { apiKeyModel } from '../api-keys/api-key.model';
import { API_CONFIG, type ApiConfig } from '../config';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Set by the guard on each request it lets through: `bootstrap` or the api key's public id. */
const CALLER = Symbol('inlet.caller');
type WithCaller = Request & { [CALLER]?: string };

/** Who made an authenticated request, for records such as a re-drive's: `bootstrap` or the api key's id. */
export function callerOf(request: Request): string {
  return (request as WithCaller)[CALLER] ?? 'unknown';
}

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
    const request = context.switchToHttp().getRequest<WithCaller>();
    const header = request.headers.authorization;
    const match = /^Bearer (.+)$/.exec(header ?? '');
    if (!match) throw new ApiError('unauthenticated', 'Authorization: Bearer <api key> is required.');
    const hash = hashApiKey(match[1]);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrap)) {
      request[CALLER] = 'bootstrap';
      return true;
    }
    const stored = await this.keys.findById(hash, { revokedAt: 1, id: 1 }).lean();
    if (stored && !stored.revokedAt) {
      request[CALLER] = stored.id;
      return true;
    }
    throw new ApiError('unauthenticated', stored ? 'The API key was revoked.' : 'The API key is not valid.');
  }
}
