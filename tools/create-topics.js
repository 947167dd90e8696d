// @ts-check
// Creates every topic of the contracts catalog (idempotent). Used by `npm start` and by the
// `topics` one-shot service of docker-compose.yml. Needs `npm run build` first.
'use strict';
const { ensureTopics, createKafka } = require('../dist/libs/platform/kafka/src');
const { createLogger } = require('../dist/libs/platform/observability/src');

/** @param {string} brokers comma-separated @param {string} [suffix] */
async function createTopics(brokers, suffix = '') {
  const logger = createLogger({ service: 'create-topics', level: 'error' });
  await ensureTopics(createKafka({ brokers: brokers.split(','), clientId: 'inlet-create-topics', logger }), suffix);
}

module.exports = { createTopics };
if (require.main === module) {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    process.stderr.write('KAFKA_BROKERS is required\n');
    process.exit(1);
  }
  createTopics(brokers, process.env.KAFKA_TOPIC_SUFFIX ?? '').then(
    () => process.stdout.write('topics ready\n'),
    (err) => {
      process.stderr.write(`creating topics failed: ${err.message}\n`);
      process.exit(1);
    },
  );
}
