/**
 * Where a server process's CPU goes while it is under load: node's own sampling profiler (the inspector, in the
 * process being measured), summed as self time by package and by function. The routes bench uses it with
 * BENCH_PROFILE=1 (`npm run bench:profile`); it writes the raw profile to the temporary folder, for Chrome's DevTools.
 */
import { Session, type Profiler, type Runtime } from 'node:inspector/promises';
import { fmt } from './common.js';

/** What a sample's frame belongs to: a package of node_modules, a file of ours, node itself, or the VM's own work. */
function ownerOf(frame: Runtime.CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  if (url.startsWith('node:')) return 'node (its own JavaScript)';
  const ours = url.match(/packages\/(\w+)\/(?:src|dist)\/(.*?)(?:\.[jt]s)?$/);
  return ours ? `${ours[1]}: ${ours[2]}` : url;
}

export interface ProfileSummary {
  /** sampled milliseconds, the idle ones left out */
  busyMs: number;
  byOwner: { owner: string; share: number }[];
  byFunction: { fn: string; owner: string; share: number }[];
}

/** Self time per owner and per function, as shares of the busy samples (idle left out), largest first. */
export function summarise(profile: Profiler.Profile, top = 25): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const owners = new Map<string, number>();
  const fns = new Map<string, { owner: string; us: number }>();
  let busy = 0;
  for (const [id, us] of self) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += us;
    const owner = ownerOf(frame);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const fn = `${frame.functionName || 'anonymous'} ${frame.url ? `${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : ''}`.trim();
    const f = fns.get(fn) ?? fns.set(fn, { owner, us: 0 }).get(fn)!;
    f.us += us;
  }
  return {
    busyMs: busy / 1000,
    byOwner: [...owners]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([owner, us]) => ({ owner, share: us / busy })),
    byFunction: [...fns]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([fn, f]) => ({ fn, owner: f.owner, share: f.us / busy })),
  };
}

/** Starts sampling this process every `intervalUs`; the returned function stops and answers the profile. */
export async function startProfile(intervalUs = 100) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

/** The summary as two markdown tables: by package or file, and the busiest functions. */
export function profileTables(p: ProfileSummary): string[] {
  const pct = (x: number) => `${fmt(x * 100, 1)} %`;
  return [
    '| package or file | share |',
    '|---|--:|',
    ...p.byOwner.map((o) => `| ${o.owner} | ${pct(o.share)} |`),
    '',
    '| function | package or file | share |',
    '|---|---|--:|',
    ...p.byFunction.map((f) => `| \`${f.fn}\` | ${f.owner} | ${pct(f.share)} |`),
  ];
}
