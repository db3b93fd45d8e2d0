/**
 * The admin API's bearer token. Configured (`POSV10_ADMIN_TOKEN`, required in production), or, in
 * the sandbox, generated on first start: only its SHA-256 digest is kept, and the plain token is
 * handed back once for the server to print.
 */
import type { Config } from '../config/config.ts';
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { constantTimeEqual, digestsEqual, sha256Hex } from '../shared/compare.ts';
import { randomToken } from '../shared/random.ts';
import { findSetting, insertSettingIfAbsent } from './settings.repository.ts';

const DIGEST_SETTING = 'admin_token_sha256';

/** The generated token when this call made one (print it once), else undefined. */
export async function ensureAdminToken(db: Db, clock: Clock, config: Pick<Config, 'adminToken' | 'mode'>): Promise<string | undefined> {
  if (config.adminToken !== undefined || config.mode !== 'sandbox') return undefined;
  if ((await findSetting(db, DIGEST_SETTING)) !== undefined) return undefined;
  const token = randomToken(32);
  // Two instances starting together: only the one whose insert wins prints its token.
  const inserted = await insertSettingIfAbsent(db, DIGEST_SETTING, sha256Hex(token), clock.now().toISOString());
  return inserted ? token : undefined;
}

export class AdminTokenVerifier {
  #digest: string | undefined;
  constructor(
    private readonly db: Db,
    private readonly configured: string | undefined,
  ) {}

  async verify(presented: string): Promise<boolean> {
    if (this.configured !== undefined) return constantTimeEqual(presented, this.configured);
    // The generated token never changes once made, so its digest is read once.
    this.#digest ??= await findSetting(this.db, DIGEST_SETTING);
    if (this.#digest === undefined) return false;
    return digestsEqual(sha256Hex(presented), this.#digest);
  }
}
