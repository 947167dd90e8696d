import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '@inlet/platform/service';
import { userModel, type DirectoryUser } from '@inlet/store/directory';
import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { ApiKeyGuard } from './auth.guard';
import { presentLog } from './present-log';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class V1Controller {
  private readonly logs;
  private readonly users;

  constructor(@Inject(MONGO) connection: Connection) {
    this.logs = sourceLogModel(connection);
    this.users = userModel(connection);
  }

  /** One source log, whole: request, stage timeline and action logs. */
  @Get('logs/:id')
  async log(@Param('id') id: string) {
    const log = await this.logs.findById(id).lean<SourceLog>();
    if (!log) throw new ApiError(404, 'log_not_found', `No log with id "${id}".`);
    return presentLog(log);
  }

  /** A user of the built-in directory in one environment. */
  @Get('users/:id')
  async user(@Param('id') id: string, @Query('environment') environment?: string) {
    if (!environment) throw new ApiError(400, 'invalid_query', 'Query parameter "environment" is required.');
    const user = await this.users.findOne({ environment, id }, { _id: 0 }).lean<DirectoryUser>();
    if (!user) throw new ApiError(404, 'user_not_found', `No user "${id}" in environment "${environment}".`);
    const { createdAt, updatedAt, ...fields } = user;
    return { ...fields, created_at: createdAt, updated_at: updatedAt };
  }
}
