/**
 * The certificates a deployment holds (issue 20: production admits certified clients only), built
 * once by the composition root: the admission set the PoS guard asks, and the operator's service
 * that imports, lists and revokes certificates.
 */
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { RedisRevocationSignal } from '../oauth/revocation-signal.redis.ts';
import { RemoteCertificateIssuer } from './certificate.issuer.ts';
import { CertificateService } from './certificate.service.ts';
import { CertifiedClients } from './certified-clients.ts';

export interface CertificatesArea {
  /** Asked by the PoS guard; undefined when the deployment admits every client (the sandbox). */
  readonly admission: CertifiedClients | undefined;
  readonly service: CertificateService;
  close(): Promise<void>;
}

export function createCertificatesArea(ports: {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly onBackgroundError: (err: unknown, what: string) => void;
}): CertificatesArea {
  const { config, db, clock } = ports;
  const signal = config.redisUrl !== undefined ? new RedisRevocationSignal(config.redisUrl, config.redisKeyPrefix, 'certificates') : undefined;
  const admitted = new CertifiedClients(db, clock, config.revocationCacheSeconds, signal, (err) =>
    ports.onBackgroundError(err, 'certificate counter in Redis unavailable; other instances see certificate changes within POSV10_REVOCATION_CACHE_SECONDS'),
  );
  const issuer = config.certificationIssuer !== undefined ? new RemoteCertificateIssuer(config.certificationIssuer) : undefined;
  return {
    admission: config.requireCertifiedClients ? admitted : undefined,
    service: new CertificateService({ db, clock, issuer, admitted }),
    close: () => admitted.close(),
  };
}
