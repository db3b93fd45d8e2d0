#!/usr/bin/env node
// The posv10 command. TypeScript sources run through tsx's loader, so there is no build step
// between a checkout and a running server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
