import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The original notice (shared/seed beside the repository), read as a user would read it. */
export function readNotice(): string {
  const dir = fileURLToPath(new URL('../../../../../shared/seed/', import.meta.url));
  const file = readdirSync(dir).find((f) => f.endsWith('.txt'));
  if (!file) throw new Error(`no seed notice in ${dir}`);
  return readFileSync(dir + file, 'utf8');
}

/** 附件1 parsed from the notice: province headings with their pilots, in order. */
export function noticePilotList(): { heading: string; pilots: string[] }[] {
  const text = readNotice();
  const start = text.indexOf('第一批国家智慧城市试点名单', text.indexOf('附件 1'));
  const end = text.indexOf('附件 2');
  const lines = text
    .slice(text.indexOf('\n', start), end)
    .split('\n')
    .map((l) => l.replace(/[#*]/g, '').trim())
    .filter(Boolean);
  const groups: { heading: string; pilots: string[] }[] = [];
  for (let i = 0; i < lines.length; i += 2) groups.push({ heading: lines[i]!, pilots: lines[i + 1]!.split('、') });
  return groups;
}
