import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { TriggersService } from './triggers.service';
import { CreateTriggerBody, CreateWorkflowBody, UpdateTriggerBody, UpdateWorkflowBody } from './workflows.schema';
import { WorkflowsService } from './workflows.service';

/** The workflows that `trigger_workflow` actions name, and the legacy HTTP events that trigger them. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class WorkflowsController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly triggers: TriggersService,
  ) {}

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
