/**
 * A fuzz run longer than the suite's (packages/server/src/test/fuzz/fuzz.test.ts: 10,000 requests, seed 2013), with
 * the same generator, on a fresh in-memory database with the demo data (or on PostgreSQL when TEST_DATABASE_URL is
 * set). Exits 1 on a 5xx, a 4xx outside the error shape, or an operation whose handler was reached too rarely.
 *
 *   npm run fuzz -- --requests 100000 --seed 7 [--min-reached 5] [--report fuzz-report.txt]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport, FUZZ_CONFIG, problemsOf, runFuzz } from '../packages/server/src/test/fuzz/fuzz.js';
import { createTestEnv } from '../packages/server/src/test/harness.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '2013' },
    'min-reached': { type: 'string', default: '5' },
    report: { type: 'string' },
  },
});
const requests = Number(values.requests);
const seed = Number(values.seed);
const minReached = Number(values['min-reached']);
if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(seed) || !Number.isInteger(minReached)) {
  console.error('usage: npm run fuzz -- --requests N --seed S [--min-reached M] [--report FILE]');
  process.exit(2);
}

const env = await createTestEnv({ config: FUZZ_CONFIG });
let problems: string[];
try {
  const result = await runFuzz(env, {
    requests,
    seed,
    progress: (done, total) => {
      if (done % 5000 === 0) console.error(`fuzz: ${done}/${total}`);
    },
  });
  const report = formatReport(result);
  console.log(report);
  if (values.report) writeFileSync(values.report, report);
  problems = problemsOf(result, minReached);
} finally {
  await env.close();
}
if (problems.length) {
  console.error(`fuzz: ${problems.length} problems (seed ${seed})`);
  process.exit(1);
}
console.log(`fuzz: no problems (seed ${seed})`);
