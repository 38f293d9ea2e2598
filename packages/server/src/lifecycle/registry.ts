import { pilotLifecycle, validateLifecycle, type Lifecycle } from '@smartcity/domain';

/** Every lifecycle table the server fires; checked once at start-up. */
export const LIFECYCLES: Lifecycle<string, string, never>[] = [pilotLifecycle as Lifecycle<string, string, never>];

export function checkLifecycles() {
  const problems = LIFECYCLES.flatMap(validateLifecycle);
  if (problems.length) throw new Error(`invalid lifecycle tables:\n${problems.join('\n')}`);
}
