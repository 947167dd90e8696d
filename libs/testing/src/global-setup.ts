import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInfrastructure, type Infrastructure } from './infrastructure';

/** The servers' own output goes to a file; the terminal shows only what the launcher says. */
const INFRA_LOG = join(tmpdir(), 'inlet-test-infra.log');
function log(line: string): void {
  appendFileSync(INFRA_LOG, `${line}\n`);
  if (!/\[(stdout|stderr)\]/.test(line)) process.stderr.write(`[infra] ${line}\n`);
}

declare global {
  // Handed from jest's global setup to its teardown (same process).
  var __inletInfrastructure: Infrastructure | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const infra = await startInfrastructure(process.env, log);
  globalThis.__inletInfrastructure = infra;
  // Test files read these; workers are forked after global setup and inherit them.
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.MONGO_URL = infra.mongoUrl;
  process.stderr.write(`[infra] ${infra.kind}: kafka ${infra.kafkaBrokers}, mongo ${infra.mongoUrl} (${Date.now() - started} ms; servers' output in ${INFRA_LOG})\n`);
}
