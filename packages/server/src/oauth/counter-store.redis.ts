/**
 * Rate-limit counters in Redis, shared by every instance that points at the same Redis.
 * Each decision is one Lua script call (EVALSHA): reading the buckets, deciding and counting
 * happen atomically on the server, so two instances racing cannot both take the last slot, and
 * the token endpoint's happy path pays exactly one round trip.
 */
import { Redis } from 'ioredis';
import { bucketOf, msUntilRoom, type CounterStore, type Limit } from './counter-store.ts';

// KEYS: per limit, its previous and its current bucket. ARGV: the number of limits, how many of
// them (the last ones) are taken, then per limit max, window (ms) and time into the bucket (ms).
// Returns {admitted, prev1, cur1, prev2, cur2, …}.
const ATTEMPT = `
local n = tonumber(ARGV[1])
local ntake = tonumber(ARGV[2])
local out = {1}
for i = 1, n do
  local prev = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
  local cur = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  local max = tonumber(ARGV[3 * i])
  local win = tonumber(ARGV[3 * i + 1])
  local el = tonumber(ARGV[3 * i + 2])
  if prev * (1 - el / win) + cur + 1 > max then out[1] = 0 end
  out[2 * i] = prev
  out[2 * i + 1] = cur
end
if out[1] == 1 then
  for i = n - ntake + 1, n do
    redis.call('INCR', KEYS[2 * i])
    redis.call('PEXPIRE', KEYS[2 * i], 2 * tonumber(ARGV[3 * i + 1]))
  end
end
return out
`;

// KEYS: current buckets. ARGV: per key, amount and window (ms). Never lets a count go below zero.
const ADD = `
for i = 1, #KEYS do
  local v = redis.call('INCRBY', KEYS[i], tonumber(ARGV[2 * i - 1]))
  if v < 0 then redis.call('SET', KEYS[i], 0) end
  redis.call('PEXPIRE', KEYS[i], 2 * tonumber(ARGV[2 * i]))
end
return 1
`;

type ScriptCall = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

export class RedisCounterStore implements CounterStore {
  readonly #redis: Redis;
  readonly #attempt: ScriptCall;
  readonly #add: ScriptCall;

  /**
   * @param url `redis://…` or `rediss://…`
   * @param prefix put before every key, so deployments and test runs sharing a Redis stay apart
   */
  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // Fail fast rather than queue: the limiter admits the request when Redis does not answer in time.
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500, enableAutoPipelining: true });
    // Connection errors also reject the pending command, which the limiter reports; without a
    // listener ioredis would print each reconnection failure to stderr.
    this.#redis.on('error', () => {});
    this.#redis.defineCommand('posv10Attempt', { lua: ATTEMPT });
    this.#redis.defineCommand('posv10Add', { lua: ADD });
    const commands = this.#redis as unknown as Record<'posv10Attempt' | 'posv10Add', ScriptCall>;
    this.#attempt = commands.posv10Attempt.bind(this.#redis);
    this.#add = commands.posv10Add.bind(this.#redis);
  }

  async attempt(check: readonly Limit[], take: readonly Limit[], nowMs: number): Promise<number> {
    const limits = [...check, ...take];
    const keys: string[] = [];
    const args: number[] = [limits.length, take.length];
    const elapsed: number[] = [];
    for (const limit of limits) {
      const { index, elapsedMs } = bucketOf(nowMs, limit.windowMs);
      keys.push(`${this.prefix}${limit.key}:${index - 1}`, `${this.prefix}${limit.key}:${index}`);
      args.push(limit.max, limit.windowMs, elapsedMs);
      elapsed.push(elapsedMs);
    }
    const out = (await this.#attempt(keys.length, ...keys, ...args)) as number[];
    if (out[0] === 1) return 0;
    let wait = 0;
    limits.forEach((limit, i) => {
      wait = Math.max(wait, msUntilRoom(out[2 * i + 1]!, out[2 * i + 2]!, elapsed[i]!, limit));
    });
    // The script and our arithmetic agree on the counts, but Lua rounds differently: never answer 0 here.
    return Math.max(1, wait);
  }

  async add(changes: readonly { limit: Limit; amount: number }[], nowMs: number): Promise<void> {
    if (changes.length === 0) return;
    const keys = changes.map(({ limit }) => `${this.prefix}${limit.key}:${bucketOf(nowMs, limit.windowMs).index}`);
    const args = changes.flatMap(({ limit, amount }) => [amount, limit.windowMs]);
    await this.#add(keys.length, ...keys, ...args);
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
