// @ts-check
// Which service log lines `npm start` repeats on the terminal; kept apart from start.js so it can be tested.
'use strict';

/** pino's levels: the services write the label (`"level":"warn"`), pino's default is the number. */
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * True for warnings, errors and fatal lines, and for anything that is not a JSON log line (a crash
 * before the logger exists, a stack trace on stderr): those are what someone at the terminal needs.
 */
function showsOnTerminal(/** @type {string} */ line) {
  let level;
  try {
    level = JSON.parse(line).level;
  } catch {
    return line.trim().length > 0;
  }
  const value = typeof level === 'string' ? LEVELS[/** @type {keyof typeof LEVELS} */ (level.toLowerCase())] : level;
  return typeof value !== 'number' || value >= LEVELS.warn;
}

module.exports = { showsOnTerminal };
