// A worker thread does not inherit the loader the parent registered for TypeScript: register it, then load the renderer.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.impl.ts');
