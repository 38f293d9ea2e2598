import {
  acceptanceLifecycle,
  agreementLifecycle,
  annualReportLifecycle,
  applicationLifecycle,
  callLifecycle,
  describeLifecycle,
  MESSAGES,
  pilotLifecycle,
  rectificationLifecycle,
  taskBookLifecycle,
  validateLifecycle,
  type Lifecycle,
} from '@smartcity/domain';

type AnyLifecycle = Lifecycle<string, string, never>;
const zh = MESSAGES['zh-CN'];

/** Every lifecycle table the server fires, with its Chinese labels; checked once at start-up. */
export const LIFECYCLES: { lifecycle: AnyLifecycle; states: Record<string, string>; actions: Record<string, string> }[] = [
  { lifecycle: pilotLifecycle as AnyLifecycle, states: zh.pilotStatus, actions: zh.pilotAction },
  { lifecycle: taskBookLifecycle as AnyLifecycle, states: zh.taskBookStatus, actions: zh.taskBookAction },
  { lifecycle: callLifecycle as AnyLifecycle, states: zh.callStatus, actions: zh.callAction },
  { lifecycle: applicationLifecycle as AnyLifecycle, states: zh.applicationStatus, actions: zh.applicationAction },
  { lifecycle: annualReportLifecycle as AnyLifecycle, states: zh.reportStatus, actions: zh.reportAction },
  { lifecycle: rectificationLifecycle as AnyLifecycle, states: zh.rectificationStatus, actions: zh.rectificationAction },
  { lifecycle: acceptanceLifecycle as AnyLifecycle, states: zh.acceptanceStatus, actions: zh.acceptanceAction },
  { lifecycle: agreementLifecycle as AnyLifecycle, states: zh.agreementStatus, actions: zh.agreementAction },
];

export function checkLifecycles() {
  const problems = LIFECYCLES.flatMap((l) => validateLifecycle(l.lifecycle));
  if (problems.length) throw new Error(`invalid lifecycle tables:\n${problems.join('\n')}`);
}

/** docs/lifecycles.md, generated from the tables. */
export function lifecyclesMarkdown(): string {
  return [
    '# Lifecycles',
    '',
    'Generated from the lifecycle tables in `packages/domain/src` (`npm run docs`); a test fails when this file is out of date.',
    'Each action names the tiers and roles that may fire it; the engine also checks the state, the guard and the reason.',
    '',
    ...LIFECYCLES.map((l) => describeLifecycle(l.lifecycle, l)),
  ].join('\n');
}
