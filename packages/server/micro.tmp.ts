import { createDb } from './src/db/create-db.ts';
import { migrateToLatest } from './src/db/migrate.ts';
import * as repo from './src/notifications/notification.repository.ts';
import { newId } from './src/shared/random.ts';
import { mkdtempSync } from 'node:fs';
const url = process.argv[2] === 'pg' ? process.env.PGURL! : process.argv[2] === 'mem' ? 'sqlite::memory:' : `sqlite:${mkdtempSync('/tmp/micro-')}/x.sqlite`;
const h = createDb(url);
await migrateToLatest(h.db);
const N = 2000;
const t0 = new Date().toISOString();
await h.db.insertInto('callback_aliases').values({ alias: 'a', integrator_id: 'i', url: 'http://x', signing_secret: 's', created_at: t0, updated_at: t0, removed_at: null }).execute().catch(() => {});
for (let round = 0; round < 4; round++) {
  const rows = [];
  for (let i = 0; i < N; i++) rows.push({ id: newId(), alias: 'a', pos_id: 'p', merchant_id: 'm', merchant_brand_id: 'b', merchant_location_id: 'l', merchant_pos_id: 'mp', state: 'pending' as const, attempts: 0, next_attempt_at: t0, claim_token: null, last_error: null, created_at: t0, finished_at: null });
  for (let i = 0; i < N; i += 200) await h.db.insertInto('notifications').values(rows.slice(i, i + 200)).execute();
  let tClaim = 0, tAlias = 0, tFinish = 0, n = 0, tUpd = 0, tIns = 0;
  const cpu0 = process.cpuUsage();
  for (;;) {
    let s = performance.now();
    const now = new Date();
    const claimed = await repo.claimDue(h.db, now.toISOString(), new Date(now.getTime() + 15000).toISOString(), 'tok' + n, 32);
    tClaim += performance.now() - s;
    if (claimed.length === 0) break;
    s = performance.now();
    await repo.findAliases(h.db, ['a']);
    tAlias += performance.now() - s;
    s = performance.now();
    const fin = new Date().toISOString();
    const mode = process.argv[3] ?? 'case';
    await h.db.transaction().execute(async (trx) => {
      let held: string[];
      const s1 = performance.now();
      if (mode === 'case') held = await repo.finishAttempts(trx, 'tok' + n, claimed.map((c) => ({ id: c.id, state: 'delivered' as const, next_attempt_at: c.next_attempt_at, last_error: null, finished_at: fin })));
      else { held = []; for (const c of claimed) if (await repo.finishAttempt(trx, c.id, 'tok' + n, { state: 'delivered', attempts: 1, next_attempt_at: c.next_attempt_at, last_error: null, finished_at: fin })) held.push(c.id); }
      tUpd += performance.now() - s1;
      const s2 = performance.now();
      await repo.insertAttempts(trx, held.map((id) => ({ id: newId(), notification_id: id, started_at: fin, duration_ms: 1, status: 200, error: null })));
      tIns += performance.now() - s2;
    });
    tFinish += performance.now() - s;
    n++;
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(`round ${round}: per notification claim ${(tClaim * 1000 / N).toFixed(1)} µs, alias ${(tAlias * 1000 / N).toFixed(1)} µs, record ${(tFinish * 1000 / N).toFixed(1)} µs (update ${(tUpd * 1000 / N).toFixed(1)}, insert ${(tIns * 1000 / N).toFixed(1)}), cpu ${((cpu.user + cpu.system) / N).toFixed(1)} µs`);
}
await h.close();
