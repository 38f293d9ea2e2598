import { Jieba } from '@node-rs/jieba';
import { createRequire } from 'node:module';

/*
 * How text becomes search lexemes, and a query becomes a tsquery. Chinese has no spaces and pg_trgm cannot index a
 * pattern shorter than three characters, so a document's lexemes are: jieba's search-mode words, every CJK character
 * and every pair of adjacent ones (a one- or two-character query is then an exact lexeme, and a longer one the
 * conjunction of its pairs), and lower-cased Latin words and digits. Lexemes are stored as given (array_to_tsvector),
 * never through a text-search parser, whose idea of a word depends on the server's locale.
 */

const CJK_RUN = /[\p{Script=Han}]+/gu;
/** all Chinese characters */
export const HAN = /^[\p{Script=Han}]+$/u;
const WORD = /[\p{L}\p{N}]+/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** a lexeme longer than this is no word anyone types (and tsvector limits a lexeme to 2 kB) */
const MAX_LEXEME = 40;

let jieba: Jieba | undefined;
// its dictionary (5 MB, read from disk as the module loads) only when the first text is segmented, not at every start
const segmenter = () =>
  (jieba ??= Jieba.withDict((createRequire(import.meta.url)('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js')).dict));

/** NFKC (full-width Ａ１ → A1), lower case, control characters out. */
export function normalise(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Cc}/gu, ' ');
}

function cjkGrams(run: string, into: Set<string>) {
  const chars = [...run];
  chars.forEach((c, i) => {
    into.add(c);
    if (i + 1 < chars.length) into.add(c + chars[i + 1]);
  });
}

/** The lexemes of a text: jieba words, CJK characters and pairs, Latin words and numbers. */
export function lexemesOf(text: string, into = new Set<string>()): Set<string> {
  const t = normalise(text);
  for (const [run] of t.matchAll(CJK_RUN)) cjkGrams(run, into);
  for (const w of segmenter().cutForSearch(t, true)) if (HAS_WORD.test(w)) into.add(w.trim());
  for (const [w] of t.matchAll(WORD)) if (!/\p{Script=Han}/u.test(w)) into.add(w);
  for (const l of into) if (l === '' || l.length > MAX_LEXEME) into.delete(l);
  return into;
}

/** An administrative name's suffix, dropped for the bare reading (无锡市 → wuxi as well as wuxishi). */
const ADMIN_SUFFIX = /(市|区|县|镇|新区|自治州|自治县|地区)$/u;

/**
 * A place name's pinyin lexemes: the whole reading, without the administrative suffix, and the initials (无锡市 →
 * wuxishi, wuxi, wxs, wx). pinyin-pro reads words with their dictionary readings, so polyphones come out as the place
 * is called (重庆 chongqing, 长沙 changsha, 厦门 xiamen). Its dictionary is loaded with the first name, not at every start.
 */
export async function pinyinLexemes(name: string, into = new Set<string>()): Promise<Set<string>> {
  const han = [...normalise(name).matchAll(CJK_RUN)].map((m) => m[0]).join('');
  if (!han) return into;
  const { pinyin } = await import('pinyin-pro');
  for (const form of new Set([han, han.replace(ADMIN_SUFFIX, '')])) {
    if (!form) continue;
    const syllables = pinyin(form, { toneType: 'none', type: 'array', v: true });
    into.add(syllables.join(''));
    into.add(syllables.map((s) => s[0]).join(''));
  }
  return into;
}

export interface QueryTerms {
  /** a tsquery in its text form: quoted lexemes joined by &; a Latin word also matches as a prefix */
  tsquery: string;
  /** the typed words, for highlighting */
  words: string[];
  /** the whole query for a trigram (ILIKE) match, when it is long enough for trigrams */
  phrase: string | null;
}

/** tsquery text form: a lexeme in single quotes, with quotes doubled and backslashes escaped. */
const quoted = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Lexemes as a tsvector's text form, each at position 1 with `weight`: a weight is kept on a position, so a vector of
 * bare lexemes (array_to_tsvector) loses it — and with it the names' weight A that the public search and the index
 * of names (search.repository.ts) read. The text form is no parser's: lexemes stay as given.
 */
export const weighted = (lexemes: Iterable<string>, weight: 'A' | 'B') => [...lexemes].map((l) => `${quoted(l)}:1${weight}`).join(' ');

/**
 * A query: each CJK run of one or two characters is a lexeme, a longer one its pairs; each other word a prefix.
 * `titleOnly` matches a record's own name (weight A) and nothing of its text.
 */
export function queryTerms(q: string, titleOnly = false): QueryTerms | null {
  const weight = titleOnly ? 'A' : '';
  const t = normalise(q).trim();
  const parts: string[] = [];
  const words: string[] = [];
  for (const [w] of t.matchAll(WORD)) {
    for (const [run] of w.matchAll(CJK_RUN)) {
      words.push(run);
      const chars = [...run];
      if (chars.length <= 2) parts.push(`${quoted(run)}${weight && `:${weight}`}`);
      else for (let i = 0; i + 1 < chars.length; i++) parts.push(`${quoted(chars[i]! + chars[i + 1]!)}${weight && `:${weight}`}`);
    }
    for (const latin of w.split(CJK_RUN).filter(Boolean)) {
      words.push(latin);
      parts.push(`${quoted(latin.slice(0, MAX_LEXEME))}:*${weight}`);
    }
  }
  if (parts.length === 0) return null;
  return { tsquery: [...new Set(parts)].join(' & '), words, phrase: [...t].length >= 3 ? t : null };
}

export interface Segment {
  text: string;
  hit: boolean;
}

/**
 * A text cut into plain and matched pieces (the client marks the matched ones; no markup is made here, so nothing in
 * a record can inject any), around the first match when `around` is given.
 */
export function marked(text: string, words: string[], around?: number): Segment[] {
  const wanted = words.filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (wanted.length === 0) return [{ text, hit: false }];
  const re = new RegExp(wanted.sort((a, b) => b.length - a.length).join('|'), 'giu');
  let slice = text;
  if (around !== undefined) {
    const first = text.search(re);
    const start = Math.max(0, first - around);
    slice = (start > 0 ? '…' : '') + text.slice(start, start + 2 * around) + (start + 2 * around < text.length ? '…' : '');
  }
  const out: Segment[] = [];
  let last = 0;
  for (const m of slice.matchAll(re)) {
    if (m.index > last) out.push({ text: slice.slice(last, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < slice.length) out.push({ text: slice.slice(last), hit: false });
  return out;
}
