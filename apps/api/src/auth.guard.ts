import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '@inlet/platform/service';
import { API_CONFIG, type ApiConfig } from './config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Every /v1 endpoint requires `Authorization: Bearer <api key>`, compared in constant time. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.expected = digest(config.INLET_API_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const match = /^Bearer (.+)$/.exec(header ?? '');
    if (!match) throw new ApiError(401, 'unauthenticated', 'Authorization: Bearer <api key> is required.');
    if (!timingSafeEqual(digest(match[1]), this.expected)) throw new ApiError(401, 'unauthenticated', 'The API key is not valid.');
    return true;
  }
}
