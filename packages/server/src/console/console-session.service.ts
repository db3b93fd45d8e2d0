/**
 * Console sign-in sessions: a random 256-bit id in the operator's cookie, its SHA-256 in the
 * database (so every instance knows the session and a copy of the table signs nobody in), an idle
 * limit and an absolute one. Signing out deletes the row, so the cookie is dead everywhere at once.
 */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { constantTimeEqual, sha256Hex } from '../shared/compare.ts';
import { randomToken } from '../shared/random.ts';
import * as repo from './console-session.repository.ts';

/** A session ends after this long without a request (OWASP session guidance: hours for admin UIs, not days). */
export const SESSION_IDLE_SECONDS = 8 * 3600;
/** …and this long after sign-in however busy the operator is. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 3600;
/** `last_seen_at` is written at most this often, so browsing costs no write per page. */
const TOUCH_EVERY_SECONDS = 60;

/** A live session as a request sees it. */
export interface ConsoleSession {
  /** The plain id, from the cookie; never stored. */
  readonly id: string;
  /** The synchronizer token every form of this session carries. */
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** The CSRF token of a session, derived from its id: one-way, so a leaked form reveals no cookie. */
function csrfTokenOf(sessionId: string): string {
  return Buffer.from(sha256Hex(`posv10-console-csrf:${sessionId}`), 'hex').toString('base64url');
}

const ID = /^[A-Za-z0-9_-]{43}$/;

export class ConsoleSessions {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** A new session after a successful sign-in; ended sessions are swept at the same time. */
  async start(): Promise<ConsoleSession> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    await repo.deleteEndedSessions(this.db, nowIso, this.#ago(now, SESSION_IDLE_SECONDS));
    const id = randomToken(32);
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000).toISOString();
    await repo.insertSession(this.db, { id_hash: sha256Hex(id), created_at: nowIso, last_seen_at: nowIso, expires_at: expiresAt });
    return { id, csrfToken: csrfTokenOf(id), expiresAt };
  }

  /** The live session the cookie names, or undefined (unknown, idle too long, past its end). */
  async resolve(id: string | undefined): Promise<ConsoleSession | undefined> {
    if (id === undefined || !ID.test(id)) return undefined;
    const idHash = sha256Hex(id);
    const row = await repo.findSession(this.db, idHash);
    if (row === undefined) return undefined;
    const now = this.clock.now();
    const nowIso = now.toISOString();
    if (row.expires_at <= nowIso || row.last_seen_at <= this.#ago(now, SESSION_IDLE_SECONDS)) {
      await repo.deleteSession(this.db, idHash);
      return undefined;
    }
    if (row.last_seen_at <= this.#ago(now, TOUCH_EVERY_SECONDS)) await repo.touchSession(this.db, idHash, nowIso);
    return { id, csrfToken: csrfTokenOf(id), expiresAt: row.expires_at };
  }

  /** Whether `presented` is the session's CSRF token (constant time). */
  csrfMatches(session: ConsoleSession, presented: string | undefined): boolean {
    return presented !== undefined && constantTimeEqual(presented, session.csrfToken);
  }

  async end(id: string): Promise<void> {
    await repo.deleteSession(this.db, sha256Hex(id));
  }

  #ago(now: Date, seconds: number): string {
    return new Date(now.getTime() - seconds * 1000).toISOString();
  }
}
