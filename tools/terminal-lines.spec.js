'use strict';
const { showsOnTerminal } = require('./terminal-lines');

describe('showsOnTerminal', () => {
  it.each([
    ['{"level":"warn","msg":"slow"}', true],
    ['{"level":"error","msg":"failed"}', true],
    ['{"level":"fatal","msg":"dying"}', true],
    ['{"level":"info","msg":"listening"}', false],
    ['{"level":"debug","msg":"detail"}', false],
    ['{"level":40,"msg":"numeric warn"}', true],
    ['{"level":30,"msg":"numeric info"}', false],
    ['{"msg":"no level"}', true],
    ['{"level":"WARN","msg":"shouting"}', true],
    ['Error: Cannot find module', true],
    ['    at Object.<anonymous> (main.js:1:1)', true],
    ['', false],
  ])('%s → %s', (line, shown) => {
    expect(showsOnTerminal(line)).toBe(shown);
  });
});
