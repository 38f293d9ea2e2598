import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The original notice 建办科〔2013〕5号, kept verbatim in data/ (see data/README.md), read as a user would read it. */
export function readNotice(): string {
  return readFileSync(fileURLToPath(new URL('../../../../data/notice-jianbanke-2013-5.md', import.meta.url)), 'utf8');
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
