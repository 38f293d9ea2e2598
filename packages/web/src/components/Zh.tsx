import type { ReactNode } from 'react';

/**
 * Chinese that stays Chinese in every UI language: names of pilots, organisations and people, official document
 * titles, and what people wrote in the programme's documents. Marked so screen readers read it with a Chinese voice,
 * and so the English check can tell it from UI text.
 */
export function Zh({ children }: { children: ReactNode }) {
  return <span lang="zh-CN">{children}</span>;
}

const HAN = /\p{Script=Han}/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A text made from a catalog template and data (a notification, a rating line), with the data's Chinese values
 * marked as in `Zh`: the template is in the reader's language, the names are not.
 */
export function Named({ text, names }: { text: string; names: readonly unknown[] }) {
  const chinese = [...new Set(names.filter((n): n is string => typeof n === 'string' && HAN.test(n)))].sort((a, b) => b.length - a.length);
  if (chinese.length === 0) return text;
  const parts = text.split(new RegExp(`(${chinese.map(escape).join('|')})`));
  return parts.map((part, i) => (i % 2 === 1 ? <Zh key={i}>{part}</Zh> : part));
}

/** A table column's `render` for names: `{ dataIndex: 'name', render: zh }`. */
export const zh = (value: ReactNode) => <Zh>{value}</Zh>;
