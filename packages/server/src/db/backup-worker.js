// A worker thread does not inherit the loader the parent registered for TypeScript: register it, then load the backup.
import { register } from 'tsx/esm/api';

register();
await import('./backup-worker.impl.ts');
