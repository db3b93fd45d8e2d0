/**
 * What an operator does with certificates, from the CLI or the admin API: import one (verified
 * against the issuing sandbox's keys), list them, revoke one. Every change lands in the audit log,
 * and the admission set of this instance is reloaded at once (the others follow, see
 * certified-clients.ts).
 */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { CertificateIssuer } from './certificate.issuer.ts';
import * as repo from './certificate.repository.ts';
import type { CertificateRow } from './certificate.repository.ts';
import type { CertifiedClients } from './certified-clients.ts';

export interface CertificateView {
  readonly id: string;
  /** The production client it admits. */
  readonly clientId: string;
  readonly clientVersion: string;
  readonly sandboxClientId: string;
  readonly integratorId: string;
  readonly clientSystemName: string;
  readonly features: string[];
  readonly issuedAt: string;
  readonly issuer: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

export interface CertificatePorts {
  readonly db: Db;
  readonly clock: Clock;
  /** The sandbox whose keys sign certificates; undefined when POSV10_CERTIFICATION_ISSUER is unset. */
  readonly issuer: CertificateIssuer | undefined;
  readonly admitted: CertifiedClients;
}

const ID = /^[\x21-\x7e]{1,200}$/;

export function certificateJson(row: CertificateRow): CertificateView {
  return {
    id: row.id,
    clientId: row.client_id,
    clientVersion: row.client_version,
    sandboxClientId: row.sandbox_client_id,
    integratorId: row.integrator_id,
    clientSystemName: row.client_system_name,
    features: JSON.parse(row.features) as string[],
    issuedAt: row.issued_at,
    issuer: row.issuer,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

export class CertificateService {
  constructor(private readonly ports: CertificatePorts) {}

  /**
   * Verifies `jws` against the issuer's JWKS and records it. Importing the same certificate again
   * changes nothing; a revoked one stays revoked (409).
   */
  async import(actor: string, jws: string): Promise<CertificateView> {
    const { db, clock, issuer } = this.ports;
    if (issuer === undefined) throw invalid('POSV10_CERTIFICATION_ISSUER is not set: it names the sandbox whose keys sign certificates');
    const claims = await issuer.verify(jws);
    const existing = await repo.findCertificate(db, claims.jti);
    if (existing !== undefined) {
      if (existing.revoked_at !== null) throw conflict(`certificate ${claims.jti} was revoked at ${existing.revoked_at}; a new certification issues a new one`);
      return certificateJson(existing);
    }
    const row: CertificateRow = {
      id: claims.jti,
      client_id: claims.productionClientId,
      client_version: claims.clientVersion,
      sandbox_client_id: claims.clientId,
      integrator_id: claims.integratorId,
      client_system_name: claims.clientSystemName,
      features: JSON.stringify(claims.features),
      issued_at: new Date(claims.iat * 1000).toISOString(),
      issuer: issuer.issuer,
      jws: jws.trim(),
      imported_at: clock.now().toISOString(),
      imported_by: actor,
      revoked_at: null,
      revoked_by: null,
    };
    await db.transaction().execute(async (trx) => {
      await repo.insertCertificate(trx, row);
      await recordAudit(trx, clock, {
        actor,
        action: 'certificate.import',
        subject: row.id,
        outcome: 'ok',
        detail: { clientId: row.client_id, clientVersion: row.client_version, clientSystemName: row.client_system_name, issuer: row.issuer },
      });
    });
    await this.ports.admitted.changed();
    return certificateJson(row);
  }

  async list(): Promise<CertificateView[]> {
    return (await repo.listCertificates(this.ports.db)).map(certificateJson);
  }

  /** Revokes a certificate: its client version is refused from the next admission check on. */
  async revoke(actor: string, id: string): Promise<CertificateView> {
    const { db, clock } = this.ports;
    const row = ID.test(id) ? await repo.findCertificate(db, id) : undefined;
    if (row === undefined) throw notFound(`certificate ${id} not found`);
    if (row.revoked_at !== null) throw conflict(`certificate ${id} was already revoked at ${row.revoked_at}`);
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      if (!(await repo.revokeCertificate(trx, id, at, actor))) throw conflict(`certificate ${id} was already revoked`);
      await recordAudit(trx, clock, {
        actor,
        action: 'certificate.revoke',
        subject: id,
        outcome: 'ok',
        detail: { clientId: row.client_id, clientVersion: row.client_version },
      });
    });
    await this.ports.admitted.changed();
    return certificateJson({ ...row, revoked_at: at, revoked_by: actor });
  }
}
