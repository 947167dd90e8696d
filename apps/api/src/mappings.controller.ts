import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from './auth.guard';
import { CopyMappingsBody, CreateMappingBody, CreateTriggerBody, CreateWorkflowBody, MappingsQuery, UpdateMappingBody, UpdateTriggerBody, UpdateWorkflowBody } from './mappings.schema';
import { MappingsService } from './mappings.service';
import { parseRequest } from './parse-request';
import { TriggersService } from './triggers.service';
import { WorkflowsService } from './workflows.service';

const MAPPINGS = 'sources/:key/environments/:env/mappings';

/** Event-action mappings per source environment, the workflows their actions name, and workflow triggers. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class MappingsController {
  constructor(
    private readonly mappings: MappingsService,
    private readonly workflows: WorkflowsService,
    private readonly triggers: TriggersService,
  ) {}

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

  @Post('workflows')
  createWorkflow(@Body() body: unknown) {
    return this.workflows.create(parseRequest(CreateWorkflowBody, body));
  }

  @Get('workflows')
  async listWorkflows() {
    return { entries: await this.workflows.list() };
  }

  @Get('workflows/:key')
  workflow(@Param('key') key: string) {
    return this.workflows.get(key);
  }

  @Patch('workflows/:key')
  updateWorkflow(@Param('key') key: string, @Body() body: unknown) {
    return this.workflows.update(key, parseRequest(UpdateWorkflowBody, body));
  }

  @Post('workflows/:key/triggers')
  createTrigger(@Param('key') key: string, @Body() body: unknown) {
    return this.triggers.create(key, parseRequest(CreateTriggerBody, body));
  }

  @Get('workflows/:key/triggers')
  async listTriggers(@Param('key') key: string) {
    return { entries: await this.triggers.list(key) };
  }

  @Get('workflows/:key/triggers/:id')
  trigger(@Param('key') key: string, @Param('id') id: string) {
    return this.triggers.get(key, id);
  }

  @Patch('workflows/:key/triggers/:id')
  updateTrigger(@Param('key') key: string, @Param('id') id: string, @Body() body: unknown) {
    return this.triggers.update(key, id, parseRequest(UpdateTriggerBody, body));
  }

  @Delete('workflows/:key/triggers/:id')
  @HttpCode(204)
  async removeTrigger(@Param('key') key: string, @Param('id') id: string): Promise<void> {
    await this.triggers.remove(key, id);
  }
}
