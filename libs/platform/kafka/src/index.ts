export { PipelineError } from './pipeline-error';
export { isRetriable } from './classify-error';
export { createKafka } from './create-kafka';
export { topicName, ensureTopics } from './topics';
export { DeadLetterHeader } from './headers';
export { Publisher, type OutgoingMessage, type PublisherOptions } from './publisher';
export { ConsumerRunner, type BatchHandler, type ReceivedMessage, type ConsumerRunnerOptions } from './consumer-runner';
export { RawConsumer, type RawBatchHandler, type RawRecord, type RawConsumerOptions } from './raw-consumer';
export { ConfigView, publishConfig, type ConfigListener, type ConfigTombstone } from './config-view';
