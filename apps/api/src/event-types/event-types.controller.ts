import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { knownEventTypeModel, type KnownEventType } from '@inlet/store/source-logs';
import { sourceEnvironmentId } from '../config-store/config-store.service';
import { ApiKeyGuard } from '../shared/auth.guard';
import { iso } from '../shared/response-fields.schema';
import { SourcesService } from '../sources/sources.service';
import { EventTypeSamplesService } from './event-type-samples.service';
import type { EventType, EventTypeSample } from './event-types.schema';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class EventTypesController {
  private readonly eventTypes;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly sources: SourcesService,
    private readonly samples: EventTypeSamplesService,
  ) {
    this.eventTypes = knownEventTypeModel(connection);
  }

  /** The environment's known event types: first and last seen, count, a recent sample payload (the bulky `samples` are left out). */
  @Get('sources/:key/environments/:env/event-types')
  async eventTypesOf(@Param('key') key: string, @Param('env') env: string) {
    await this.sources.sourceEnvironment(key, env);
    const types = await this.eventTypes.find({ sourceEnvironmentId: sourceEnvironmentId(key, env) }, { samples: 0 }).sort({ eventType: 1 }).lean<KnownEventType[]>();
    return {
      entries: types.map(presentEventType),
    };
  }

  /** The recent samples of one event type, newest first, for the mapping editor to step through. */
  @Get('sources/:key/environments/:env/event-types/:type/samples')
  async samplesOf(@Param('key') key: string, @Param('env') env: string, @Param('type') type: string) {
    return { entries: (await this.samples.samplesOf(key, env, type)).map(presentSample) };
  }
}

export function presentSample(s: { eventId: string; receivedAt: Date; body: unknown; headers: Record<string, string> }): EventTypeSample {
  return { event_id: s.eventId, received_at: iso(s.receivedAt), body: s.body ?? null, headers: s.headers ?? {} };
}

function presentEventType(t: KnownEventType): EventType {
  return { event_type: t.eventType, first_seen_at: iso(t.firstSeenAt), last_seen_at: iso(t.lastSeenAt), count: t.count, sample: t.sample ?? null };
}
