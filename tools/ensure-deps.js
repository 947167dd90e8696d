// @ts-check
// Installs the npm packages when they are missing or older than the lock file, so `npm start` and
// `npm test` work on a fresh clone. Plain Node: it runs before anything is installed.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function ensureDeps() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stderr.write('Installing npm packages (npm ci)...\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('npm ci failed\n');
    process.exit(result.status ?? 1);
  }
}

module.exports = { ensureDeps };
if (require.main === module) ensureDeps();
