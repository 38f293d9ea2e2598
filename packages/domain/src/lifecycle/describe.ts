import type { Lifecycle } from './engine.js';

/**
 * A lifecycle table as a markdown table, so the documentation is generated from the same data the engine
 * reads (docs/lifecycles.md; a test keeps it current).
 */
export function describeLifecycle(
  lc: Lifecycle<string, string, never>,
  labels: { states: Record<string, string>; actions: Record<string, string> },
): string {
  const label = (table: Record<string, string>, key: string) => (table[key] ? `${key} ${table[key]}` : key);
  const rows = Object.entries(lc.actions).map(([name, t]) => {
    const from = t.from.map((s) => label(labels.states, s)).join(', ');
    const notes = [
      t.system ? 'fired by the platform' : '',
      t.parties
        ? `only as ${Object.entries(t.parties)
            .map(([tier, ps]) => `${tier} ${ps!.join('/')}`)
            .join(' or ')}`
        : '',
      t.needsReason ? 'reason required' : '',
      t.guard ? 'guarded' : '',
    ]
      .filter(Boolean)
      .join('; ');
    return `| ${label(labels.actions, name)} | ${t.kind} | ${from} | ${label(labels.states, t.to)} | ${t.by.join(', ')} | ${t.roles.join(', ')} | ${t.notifies?.join(', ') ?? ''} | ${notes} |`;
  });
  const finals = Object.entries(lc.states)
    .filter(([, s]) => s.final)
    .map(([k]) => label(labels.states, k));
  return [
    `### ${lc.name}`,
    '',
    `Initial state: ${label(labels.states, lc.initial)}. Final: ${finals.join(', ') || '—'}.`,
    '',
    '| action | kind | from | to | tiers | roles | tells next | notes |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
