import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../shared/auth.guard';
import { CopyMappingsBody, CreateMappingBody, MappingsQuery, UpdateMappingBody } from './mappings.schema';
import { MappingsService } from './mappings.service';
import { parseRequest } from '../shared/parse-request';

const MAPPINGS = 'sources/:key/environments/:env/mappings';

/** Event-action mappings per source environment. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class MappingsController {
  constructor(private readonly mappings: MappingsService) {}

  @Post(MAPPINGS)
  create(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown) {
    return this.mappings.create(key, env, parseRequest(CreateMappingBody, body));
  }

  @Get(MAPPINGS)
  async list(@Param('key') key: string, @Param('env') env: string, @Query() query: unknown) {
    return { entries: await this.mappings.list(key, env, parseRequest(MappingsQuery, query).event_type) };
  }

  /** Copies this environment's mappings to another one. */
  @Post(`${MAPPINGS}/copy`)
  @HttpCode(200)
  copy(@Param('key') key: string, @Param('env') env: string, @Body() body: unknown) {
    return this.mappings.copy(key, env, parseRequest(CopyMappingsBody, body));
  }

  @Get(`${MAPPINGS}/:id`)
  get(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string) {
    return this.mappings.get(key, env, id);
  }

  @Patch(`${MAPPINGS}/:id`)
  update(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string, @Body() body: unknown) {
    return this.mappings.update(key, env, id, parseRequest(UpdateMappingBody, body));
  }

  @Post(`${MAPPINGS}/:id/activate`)
  @HttpCode(200)
  activate(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string) {
    return this.mappings.setActive(key, env, id, true);
  }

  @Post(`${MAPPINGS}/:id/deactivate`)
  @HttpCode(200)
  deactivate(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string) {
    return this.mappings.setActive(key, env, id, false);
  }

  @Delete(`${MAPPINGS}/:id`)
  @HttpCode(204)
  async remove(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string): Promise<void> {
    await this.mappings.remove(key, env, id);
  }
}
