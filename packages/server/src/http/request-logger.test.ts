import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { LazyRequestLogger } from './request-logger.ts';

function capture(): { logger: FastifyBaseLogger; lines: string[]; children: () => number } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'info', redact: { paths: ['*.secret'], censor: '[redacted]' } }, stream);
  let made = 0;
  const counting = Object.create(logger) as FastifyBaseLogger;
  counting.child = (bindings, options) => {
    made += 1;
    return logger.child(bindings, options);
  };
  return { logger: counting, lines, children: () => made };
}

describe('LazyRequestLogger', () => {
  it('makes no child logger for a request that logs nothing', () => {
    const { logger, children } = capture();
    const log = new LazyRequestLogger(logger, { correlationId: 'abc12345' }, {});
    assert.equal(log.level, 'info');
    assert.equal(children(), 0);
  });

  it('logs through a child bound to the request, made once, with redaction as before', () => {
    const { logger, lines, children } = capture();
    const log = new LazyRequestLogger(logger, { correlationId: 'abc12345' }, {});
    log.info({ body: { secret: 'hunter2' } }, 'first');
    log.warn('second');
    log.debug('below the level');
    assert.equal(children(), 1);
    assert.equal(lines.length, 2);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(first.correlationId, 'abc12345');
    assert.equal(first.msg, 'first');
    assert.deepEqual(first.body, { secret: '[redacted]' });
    assert.ok(!lines.join('').includes('hunter2'));
    assert.equal((JSON.parse(lines[1]!) as Record<string, unknown>).level, 40);
  });

  it('honours a level set for the request and hands out grandchildren', () => {
    const { logger, lines } = capture();
    const log = new LazyRequestLogger(logger, { correlationId: 'abc12345' }, { level: 'warn' });
    assert.equal(log.level, 'warn');
    log.info('dropped');
    log.child({ part: 'x' }).error('kept');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.correlationId, 'abc12345');
    assert.equal(line.part, 'x');
    log.level = 'info';
    log.info('now kept');
    assert.equal(lines.length, 2);
  });
});
