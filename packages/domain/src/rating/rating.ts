import { MESSAGES, type Lang } from '../i18n/index.js';
import { round2 } from '../numbers.js';
/**
 * 验收评级: an explicit, versioned rule that turns a pilot's record into 一星 / 二星 / 三星 or not passed,
 * and says item by item how it got there. The Ministry edits the rule as data; pilots preview it.
 */
export type IndicatorCategory = 'required' | 'chosen' | 'innovative';

export interface RatingRule {
  version: string;
  /** weight of each part in the 100-point score; they sum to 1 */
  parts: { indicators: number; projects: number; rectification: number };
  /** within the indicator part, how much one indicator of each category counts (规定项 more than 自选项 and 创新项) */
  categoryWeights: Record<IndicatorCategory, number>;
  /** a 规定项 below this attainment fails the pilot whatever its score */
  requiredFloor: number;
  /** points taken from the rectification part per finding: still open, or closed after its due date */
  rectificationPenalty: { open: number; late: number };
  /** lowest score for each rating, highest first */
  thresholds: { stars: 3 | 2 | 1; minScore: number }[];
}

export const RATING_RULE_2026: RatingRule = {
  version: '2026.1',
  parts: { indicators: 0.6, projects: 0.3, rectification: 0.1 },
  categoryWeights: { required: 3, chosen: 2, innovative: 1 },
  requiredFloor: 0.6,
  rectificationPenalty: { open: 25, late: 10 },
  thresholds: [
    { stars: 3, minScore: 90 },
    { stars: 2, minScore: 80 },
    { stars: 1, minScore: 70 },
  ],
};

export interface RatingInput {
  indicators: {
    id: string;
    name: string;
    category: IndicatorCategory;
    baseline: number | null;
    target: number;
    actual: number | null;
    lowerIsBetter?: boolean;
  }[];
  projects: { id: string; name: string; percentComplete: number }[];
  rectifications: { id: string; title: string; state: 'closedOnTime' | 'closedLate' | 'open' }[];
}

export interface RatingLine {
  part: 'indicator' | 'project' | 'rectification';
  subject: string;
  /** 0..1 for indicators and projects; points deducted for rectifications */
  value: number;
  /** points this line adds to (or, negative, takes from) the 100-point score */
  points: number;
  note: 'noActual' | 'belowFloor' | 'capped' | 'open' | 'late' | null;
}

export type RatingPartName = RatingLine['part'];
export interface RatingPart {
  part: RatingPartName;
  /** the part's weight in the 100-point score (the rule's `parts`) */
  weight: number;
  /** how well the pilot did in this part, 0..1 */
  score: number;
  /** weight × score × 100: what the part adds to the score */
  points: number;
}

export interface Rating {
  ruleVersion: string;
  score: number;
  stars: 0 | 1 | 2 | 3;
  /** why the result is what it is, beyond the score: a failed floor */
  vetoes: string[];
  /** the score part by part, so a reader adds it up (absent from ratings confirmed before parts were kept) */
  parts?: RatingPart[];
  lines: RatingLine[];
}

const RULE_PART = { indicator: 'indicators', project: 'projects', rectification: 'rectification' } as const;

function partsOf(rule: RatingRule, points: Record<RatingPartName, number>): RatingPart[] {
  return (['indicator', 'project', 'rectification'] as const).map((part) => {
    const weight = rule.parts[RULE_PART[part]];
    // the part score to a hundredth of a percent, so weight × score reads as the points shown
    const score = weight ? Math.round((points[part] / (100 * weight)) * 10_000) / 10_000 : 1;
    return { part, weight, score, points: round2(points[part]) };
  });
}

/**
 * The score part by part. A rating confirmed before parts were kept gets them from its lines: a part without lines
 * counts in full, the rectification part is its full marks less the deductions (as `rate` counts them).
 */
export function ratingParts(rule: RatingRule, rating: Rating): RatingPart[] {
  if (rating.parts) return rating.parts;
  const sum = (part: RatingPartName) => rating.lines.filter((l) => l.part === part).reduce((s, l) => s + l.points, 0);
  const has = (part: RatingPartName) => rating.lines.some((l) => l.part === part);
  return partsOf(rule, {
    indicator: has('indicator') ? sum('indicator') : 100 * rule.parts.indicators,
    project: has('project') ? sum('project') : 100 * rule.parts.projects,
    rectification: 100 * rule.parts.rectification + sum('rectification'),
  });
}

/**
 * Attainment of one indicator: how far from the baseline towards the target it got, 0..1.
 * Without a baseline, actual ÷ target. A missing actual counts 0 (not reported is not attained).
 */
export function attainment(i: RatingInput['indicators'][number]): { value: number; note: RatingLine['note'] } {
  if (i.actual === null) return { value: 0, note: 'noActual' };
  const from = i.baseline ?? 0;
  const span = i.target - from;
  let raw: number;
  if (span === 0) raw = (i.lowerIsBetter ? i.actual <= i.target : i.actual >= i.target) ? 1 : 0;
  else raw = (i.actual - from) / span; // works both ways: a lower-is-better target has a negative span
  const value = Math.min(1, Math.max(0, raw));
  return { value, note: raw > 1 ? 'capped' : null };
}

export function rate(rule: RatingRule, input: RatingInput): Rating {
  const lines: RatingLine[] = [];
  const vetoes: string[] = [];
  const exact = { indicator: 0, project: 0 };

  // indicators: weighted mean attainment, each line showing its share of the indicator part
  const totalWeight = input.indicators.reduce((s, i) => s + rule.categoryWeights[i.category], 0);
  for (const i of input.indicators) {
    const a = attainment(i);
    const below = i.category === 'required' && a.value < rule.requiredFloor;
    if (below) vetoes.push(i.name);
    const share = totalWeight ? rule.categoryWeights[i.category] / totalWeight : 0;
    const points = 100 * rule.parts.indicators * share * a.value;
    exact.indicator += points;
    lines.push({ part: 'indicator', subject: i.name, value: round2(a.value), points: round2(points), note: below ? 'belowFloor' : a.note });
  }

  // key projects: mean completion
  for (const p of input.projects) {
    const value = Math.min(1, Math.max(0, p.percentComplete / 100));
    const points = (100 * rule.parts.projects * value) / input.projects.length;
    exact.project += points;
    lines.push({ part: 'project', subject: p.name, value: round2(value), points: round2(points), note: null });
  }

  // rectification record: full marks less penalties, never below zero
  const rectMax = 100 * rule.parts.rectification;
  let deducted = 0;
  for (const r of input.rectifications) {
    if (r.state === 'closedOnTime') continue;
    const penalty = r.state === 'open' ? rule.rectificationPenalty.open : rule.rectificationPenalty.late;
    const taken = Math.min(penalty * (rectMax / 100), rectMax - deducted);
    deducted += taken;
    lines.push({
      part: 'rectification',
      subject: r.title,
      value: penalty,
      points: round2(-taken),
      note: r.state === 'open' ? 'open' : 'late',
    });
  }

  // parts with nothing to judge count in full: a pilot without findings has a clean rectification record;
  // the score adds the exact points (lines show them rounded), so rounding never costs a star at a threshold
  const indicatorPoints = input.indicators.length ? exact.indicator : 100 * rule.parts.indicators;
  const projectPoints = input.projects.length ? exact.project : 100 * rule.parts.projects;
  const score = round2(indicatorPoints + projectPoints + rectMax - deducted);
  const stars = vetoes.length ? 0 : (rule.thresholds.find((t) => score >= t.minScore)?.stars ?? 0);
  const parts = partsOf(rule, { indicator: indicatorPoints, project: projectPoints, rectification: rectMax - deducted });
  return { ruleVersion: rule.version, score, stars, vetoes, parts, lines };
}

/** A rule must be usable: parts summing to 1, positive weights, thresholds strictly descending within 0..100. */
export function validateRule(rule: RatingRule): string[] {
  const problems: string[] = [];
  const parts = rule.parts.indicators + rule.parts.projects + rule.parts.rectification;
  if (Math.abs(parts - 1) > 1e-9) problems.push('parts must sum to 1');
  if (Object.values(rule.categoryWeights).some((w) => !(w > 0))) problems.push('category weights must be positive');
  if (!(rule.categoryWeights.required > rule.categoryWeights.chosen && rule.categoryWeights.required > rule.categoryWeights.innovative)) {
    problems.push('规定项 must weigh more than 自选项 and 创新项');
  }
  const scores = rule.thresholds.map((t) => t.minScore);
  if (scores.some((s, i) => s < 0 || s > 100 || (i > 0 && s >= scores[i - 1]!))) problems.push('thresholds must descend within 0..100');
  return problems;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** One line of a rating in words, from the catalog of `lang`: where its points came from. */
export function ratingLineText(lang: Lang, line: RatingLine, rule: RatingRule): string {
  const m = MESSAGES[lang].ratingLine;
  const fill = (t: string, v: Record<string, string | number>) => t.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));
  const vars = {
    subject: line.subject,
    value: pct(line.value),
    points: line.points,
    deducted: -line.points,
    floor: pct(rule.requiredFloor),
  };
  switch (line.part) {
    case 'indicator': {
      const note = line.note === 'noActual' || line.note === 'belowFloor' || line.note === 'capped' ? fill(m[line.note], vars) : '';
      return fill(m.indicator, vars) + note;
    }
    case 'project':
      return fill(m.project, vars);
    case 'rectification':
      return fill(line.note === 'open' ? m.rectificationOpen : m.rectificationLate, vars);
  }
}
