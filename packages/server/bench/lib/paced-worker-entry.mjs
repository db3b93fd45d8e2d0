// A worker thread does not inherit tsx's loader from `node --import tsx` on Node 20, so the paced
// sender's worker registers it here before loading its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./paced-worker.ts');
