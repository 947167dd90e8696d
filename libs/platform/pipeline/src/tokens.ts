import type { ReceivedMessage } from '@inlet/platform/kafka';
import type { TopicKey } from '@inlet/contracts';

/** The service's pino logger. */
export const LOGGER = Symbol('LOGGER');
/** The kafkajs client. */
export const KAFKA = Symbol('KAFKA');
/** The mongoose connection, for services that have a store. */
export const MONGO = Symbol('MONGO');
export const PIPELINE_OPTIONS = Symbol('PIPELINE_OPTIONS');

/** A service's handler of one consumed topic (or several): one batch from one partition at a time. */
export interface BatchHandlerService<K extends TopicKey> {
  handle(batch: ReceivedMessage<K>[]): Promise<void>;
}
