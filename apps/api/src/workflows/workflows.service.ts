import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from '../shared/api-errors';
import { ConfigStore, isDuplicateKey, statusPerEnvironment } from '../config-store/config-store.service';
import { LIVE, type StoredWorkflow } from '../config-store/config-store.models';
import { iso } from '../shared/response-fields.schema';
import type { CreateWorkflowBody, UpdateWorkflowBody, Workflow } from './workflows.schema';

/**
 * Workflows that trigger and cancel workflow actions name by key. A workflow is active in every
 * environment unless set inactive there; executors learn of changes through the config topic.
 */
@Injectable()
export class WorkflowsService {
  constructor(private readonly store: ConfigStore) {}

  async create(body: z.infer<typeof CreateWorkflowBody>) {
    const environments = await this.store.environmentsFor(body.status);
    if (await this.store.models.workflows.exists({ _id: body.key })) throw new ApiError('workflow_exists', `A workflow with key "${body.key}" already exists.`);
    const now = new Date();
    const stored: StoredWorkflow = { _id: body.key, name: body.name, statuses: body.status, createdAt: now, updatedAt: now, version: 1, published: false };
    await this.store.models.workflows.create(stored).catch((err: unknown) => {
      throw isDuplicateKey(err) ? new ApiError('workflow_exists', `A workflow with key "${body.key}" already exists.`) : err;
    });
    await this.store.published();
    return present(stored, environments);
  }

  async list() {
    const [workflows, environments] = await Promise.all([this.store.models.workflows.find(LIVE).sort({ _id: 1 }).lean(), this.store.environmentNames()]);
    return workflows.map((w) => present(w, environments));
  }

  async get(key: string) {
    return present(await this.workflow(key), await this.store.environmentNames());
  }

  /** Renames, and sets the status of the environments named; the others keep theirs. */
  async update(key: string, body: z.infer<typeof UpdateWorkflowBody>) {
    const environments = await this.store.environmentsFor(body.status ?? {});
    const current = await this.workflow(key);
    const updated: StoredWorkflow = { ...current, name: body.name ?? current.name, statuses: { ...current.statuses, ...body.status }, updatedAt: new Date() };
    const written = await this.store.replaceAt(this.store.models.workflows, updated, `Workflow "${key}"`, body.version);
    await this.store.published();
    return present(written, environments);
  }

  /** The stored workflow, or 404. */
  async workflow(key: string): Promise<StoredWorkflow> {
    const found = await this.store.models.workflows.findOne({ _id: key, ...LIVE }).lean();
    if (!found) throw new ApiError('workflow_not_found', `No workflow "${key}".`);
    return found;
  }

}

function present(w: StoredWorkflow, environments: string[]): Workflow {
  return {
    key: w._id,
    name: w.name,
    status: statusPerEnvironment(w.statuses, environments),
    created_at: iso(w.createdAt),
    updated_at: iso(w.updatedAt),
    version: w.version,
  };
}
