import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Recipient } from '@inlet/contracts';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { directoryIds, directoryModels, type WorkflowRun } from '@inlet/store/directory';
import { ApiKeyGuard } from '../shared/auth.guard';
import { after, decodeCursor, encodeCursor } from '../logs/logs-query';
import { parseRequest } from '../shared/parse-request';
import { iso, isoOrNull } from '../shared/response-fields.schema';
import {
  EnvironmentQuery,
  WorkflowRunsQuery,
  type AudienceMember,
  type DirectoryRecipient,
  type Subscription,
  type WorkflowRunsPage,
  type WorkflowRunView,
} from './directory.schema';

/**
 * Reads of the built-in directory, per environment (`?environment=` on every route): what the
 * executor's actions did, visible without reaching into MongoDB.
 */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class DirectoryController {
  private readonly directory;

  constructor(@Inject(MONGO) connection: Connection) {
    this.directory = directoryModels(connection);
  }

  @Get('users/:id')
  async user(@Param('id') id: string, @Query() query: unknown) {
    const { environment } = parseRequest(EnvironmentQuery, query);
    const user = await this.directory.users.findById(directoryIds.user(environment, id)).lean();
    return presentEntity(user, () => new ApiError('user_not_found', `No user "${id}" in environment "${environment}".`));
  }

  @Get('objects/:collection/:id')
  async object(@Param('collection') collection: string, @Param('id') id: string, @Query() query: unknown) {
    const { environment } = parseRequest(EnvironmentQuery, query);
    const object = await this.directory.objects.findById(directoryIds.object(environment, collection, id)).lean();
    return presentEntity(object, () => new ApiError('object_not_found', `No object "${id}" in collection "${collection}" in environment "${environment}".`));
  }

  /** The recipients subscribed to an object, oldest first. */
  @Get('objects/:collection/:id/subscriptions')
  async subscriptions(@Param('collection') collection: string, @Param('id') id: string, @Query() query: unknown) {
    const { environment } = parseRequest(EnvironmentQuery, query);
    const subscriptions = await this.directory.subscriptions.find({ environment, collection, objectId: id }).sort({ createdAt: 1, _id: 1 }).lean();
    return {
      entries: subscriptions.map((s): Subscription => ({ recipient: presentRecipient(s.recipient), properties: s.properties ?? null, created_at: iso(s.createdAt), updated_at: iso(s.updatedAt) })),
    };
  }

  @Get('tenants/:id')
  async tenant(@Param('id') id: string, @Query() query: unknown) {
    const { environment } = parseRequest(EnvironmentQuery, query);
    const tenant = await this.directory.tenants.findById(directoryIds.tenant(environment, id)).lean();
    return presentEntity(tenant, () => new ApiError('tenant_not_found', `No tenant "${id}" in environment "${environment}".`));
  }

  /** An audience's members (user and tenant), oldest first. */
  @Get('audiences/:key/members')
  async audienceMembers(@Param('key') key: string, @Query() query: unknown) {
    const { environment } = parseRequest(EnvironmentQuery, query);
    if (!(await this.directory.audiences.exists({ _id: directoryIds.audience(environment, key) }))) {
      throw new ApiError('audience_not_found', `No audience "${key}" in environment "${environment}".`);
    }
    const members = await this.directory.audienceMembers.find({ environment, audienceKey: key }).sort({ createdAt: 1, _id: 1 }).lean();
    return { entries: members.map((m): AudienceMember => ({ user_id: m.userId, tenant: m.tenant ?? null, created_at: iso(m.createdAt) })) };
  }

  /** One run, by the id a trigger_workflow action's result names (`workflow_run_ids`), in its environment only. */
  @Get('workflow-runs/:id')
  async workflowRun(@Param('id') id: string, @Query() query: unknown): Promise<WorkflowRunView> {
    const { environment } = parseRequest(EnvironmentQuery, query);
    const run = await this.directory.workflowRuns.findOne({ _id: id, environment }).lean<WorkflowRun>();
    if (!run) throw new ApiError('workflow_run_not_found', `No workflow run "${id}" in environment "${environment}".`);
    return presentRun(run);
  }

  /** Workflow runs, newest first, filtered by workflow, recipient, event and status; `next_cursor` pages. */
  @Get('workflow-runs')
  async workflowRuns(@Query() query: unknown): Promise<WorkflowRunsPage> {
    const q = parseRequest(WorkflowRunsQuery, query);
    const cursor = q.cursor === undefined ? null : decodeCursor(q.cursor);
    if (q.cursor !== undefined && !cursor) throw new ApiError('invalid_request', 'cursor: not a cursor this API returned');
    const filter = {
      environment: q.environment,
      ...(q.workflow ? { workflow: q.workflow } : {}),
      ...(q.recipient ? { 'recipient.id': q.recipient, 'recipient.kind': q.recipient_collection ? 'object' : 'user' } : {}),
      ...(q.recipient_collection ? { 'recipient.collection': q.recipient_collection } : {}),
      ...(q.event_id ? { eventId: q.event_id } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(cursor ? after('createdAt', cursor) : {}),
    };
    const page = await this.directory.workflowRuns.find(filter).sort({ createdAt: -1, _id: -1 }).limit(q.limit + 1).lean<WorkflowRun[]>();
    const entries = page.slice(0, q.limit);
    const last = entries[entries.length - 1];
    return {
      entries: entries.map(presentRun),
      page_info: { next_cursor: page.length > q.limit && last ? encodeCursor(new Date(last.createdAt), last._id) : null },
    };
  }
}

/** A user, object or tenant as the API shows it: its fields without `_id`, timestamps in snake_case; 404 when absent. */
function presentEntity<T extends { _id: string; environment: string; createdAt: Date; updatedAt: Date }>(doc: T | null, notFound: () => ApiError): Omit<T, '_id' | 'createdAt' | 'updatedAt'> & { created_at: string; updated_at: string } {
  if (!doc) throw notFound();
  const { _id, createdAt, updatedAt, ...fields } = doc;
  return { ...fields, created_at: iso(createdAt), updated_at: iso(updatedAt) };
}

function presentRecipient(r: Recipient): DirectoryRecipient {
  return r.kind === 'object' ? { kind: r.kind, collection: r.collection, id: r.id } : { kind: r.kind, id: r.id };
}

function presentRun(run: WorkflowRun): WorkflowRunView {
  return {
    id: run._id,
    workflow: run.workflow,
    environment: run.environment,
    recipient: presentRecipient(run.recipient),
    actor: run.actor ? presentRecipient(run.actor) : null,
    data: run.data,
    tenant: run.tenant ?? null,
    cancellation_key: run.cancellationKey ?? null,
    status: run.status,
    event_id: run.eventId,
    action_id: run.actionId,
    source: run.sourceKey,
    created_at: iso(run.createdAt),
    canceled_at: isoOrNull(run.canceledAt),
  };
}
