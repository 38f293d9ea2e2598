import { setupRun } from './demo.js';

// vitest runs this once per run, before the test files' processes start (they inherit its environment)
export default setupRun;
