import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { AppError } from '../lib/errors.js';
import { SYSTEM_FONT_DIRS } from './font-dirs.js';

/** A font face that prints every GB2312 hanzi. */
export interface CjkFont {
  path: string;
  postscriptName: string;
  /** a .ttc holds several faces: the PostScript name then picks ours */
  inCollection: boolean;
}

const FONT_EXTENSIONS = new Set(['.ttf', '.otf', '.ttc', '.otc']);

let hanzi: string | undefined;
/** The 6,763 hanzi of GB2312 (levels 1 and 2: rows 0xB0–0xF7), decoded from their GB2312 byte pairs. */
export function gb2312Hanzi(): string {
  if (hanzi === undefined) {
    const bytes: number[] = [];
    for (let lead = 0xb0; lead <= 0xf7; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        if (lead === 0xd7 && trail >= 0xfa) continue; // the last five cells of row 55 are unassigned
        bytes.push(lead, trail);
      }
    }
    hanzi = new TextDecoder('gb18030').decode(new Uint8Array(bytes));
  }
  return hanzi;
}

/**
 * The faces a 公文 uses: the body (仿宋, or another 宋/serif face), 黑体 for first-level headings and 楷体 for
 * second-level ones (GB/T 9704). Office fonts in SMARTCITY_FONT_DIR are named as Windows names them (docs/documents.md):
 * 仿宋 simfang.ttf or 仿宋_GB2312.ttf, 黑体 simhei.ttf, 楷体 simkai.ttf or 楷体_GB2312.ttf. The free substitutes on the
 * system: Noto Serif CJK (body), Noto Sans CJK (黑体), AR PL UKai (楷体, Debian fonts-arphic-ukai).
 */
export type FontRole = 'body' | 'hei' | 'kai';
/** The file names a heading face is found by; the body font is any face, ranked by `bodyRank`. */
const ROLE_FILES: Record<Exclude<FontRole, 'body'>, RegExp> = {
  hei: /simhei|heiti|黑体|sans(?!.*mono)/i,
  kai: /simkai|kaiti|楷体|ukai|kai_gb/i,
};
const WEIGHT = /bold|black|heavy|light|thin|medium|semibold|extralight/i;
const bodyRank = (p: string) =>
  /fangsong|simfang|仿宋|fs_gb/i.test(p) ? 0 : /serif|song|宋|ming/i.test(p) ? 1 : ROLE_FILES.hei.test(p) || ROLE_FILES.kai.test(p) ? 3 : 2;

const found = new Map<string, CjkFont>();

/**
 * The first font that covers all of GB2312: the office's own fonts in SMARTCITY_FONT_DIR (its licensed 仿宋 or 小标宋)
 * before the system's. A PDF in a font without the glyphs would print empty boxes, so with none we refuse: 'no_cjk_font'.
 * `dirs` replaces the system folders (tests use [] to see the refusal).
 */
export function findCjkFont({ dirs = SYSTEM_FONT_DIRS }: { dirs?: string[] } = {}): CjkFont {
  const font = findFont('body', dirs);
  if (!font) throw new AppError(503, 'no_cjk_font');
  return font;
}

/**
 * The 黑体 or 楷体 face for headings, the office's before the system's substitute; without either, the body font —
 * the heading then still prints, only not in its customary face.
 */
export function findHeadingFont(role: Exclude<FontRole, 'body'>, { dirs = SYSTEM_FONT_DIRS }: { dirs?: string[] } = {}): CjkFont {
  return findFont(role, dirs) ?? findCjkFont({ dirs });
}

function findFont(role: FontRole, dirs: string[]): CjkFont | null {
  const office = process.env.SMARTCITY_FONT_DIR;
  const key = [role, office, ...dirs].join('\n');
  const cached = found.get(key);
  if (cached) return cached;
  // the office's folder first; the system's folders ranked as one (a 楷体 in truetype/ must not beat a serif in opentype/)
  for (const group of [office ? [office] : [], dirs]) {
    for (const path of fontFiles(group, role)) {
      const font = coveringFace(path);
      if (font) {
        // only a find is cached: a font the office drops in later is picked up without a restart
        found.set(key, font);
        return font;
      }
    }
  }
  return null;
}

/** Font files under `dirs` for the role, regular weights before bold or light; body faces ranked 仿宋, 宋/serif, others. */
function fontFiles(dirs: string[], role: FontRole): string[] {
  const rank = (p: string) => (role === 'body' ? bodyRank(p) : 0) + (WEIGHT.test(p) ? 4 : 0);
  return (
    dirs
      .flatMap((dir) => {
        try {
          return readdirSync(dir, { recursive: true, withFileTypes: true });
        } catch {
          return []; // a folder that does not exist is simply not searched
        }
      })
      // symlinks too: an office may link its fonts in rather than copy them
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && FONT_EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => join(e.parentPath, e.name))
      .filter((p) => role === 'body' || ROLE_FILES[role].test(p))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  );
}

/** The file's face that covers GB2312 (in a collection, the Simplified Chinese face first), or null. */
function coveringFace(path: string): CjkFont | null {
  let font;
  try {
    font = fontkit.openSync(path);
  } catch {
    return null; // unreadable or not a font fontkit knows
  }
  const simplifiedFirst = (f: fontkit.Font) => (/(sc|gb|hans|cn)(?=[-_ ]|$)/i.test(f.postscriptName) ? 0 : 1);
  const inCollection = 'fonts' in font;
  const faces = 'fonts' in font ? [...font.fonts].sort((a, b) => simplifiedFirst(a) - simplifiedFirst(b)) : [font];
  const codePoints = Array.from(gb2312Hanzi(), (ch) => ch.codePointAt(0)!);
  const face = faces.find((f) => codePoints.every((cp) => f.hasGlyphForCodePoint(cp)));
  return face ? { path, postscriptName: face.postscriptName, inCollection } : null;
}
