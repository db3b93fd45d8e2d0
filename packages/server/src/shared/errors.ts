/**
 * Errors of the operator-facing services (registry, merchants, onboarding). The CLI prints the
 * message and exits non-zero; the admin API answers each `kind` with its code (admin.errors.ts).
 * Messages never carry secrets.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'failed';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string) => new DomainError('invalid', message);
export const notFound = (message: string) => new DomainError('not_found', message);
export const conflict = (message: string) => new DomainError('conflict', message);
export const failed = (message: string) => new DomainError('failed', message);
