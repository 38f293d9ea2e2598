import type { TaskBookContent } from './sections.js';

export interface Problem {
  section: number;
  code: string;
  /** what is concerned: a field, a project or indicator name, a year */
  subject?: string;
}

const blank = (s: string | null | undefined) => !s || s.trim() === '';

export function periodYears(content: Pick<TaskBookContent, 'period'>): number[] {
  const { startYear, endYear } = content.period;
  if (!startYear || !endYear || endYear < startYear) return [];
  return Array.from({ length: endYear - startYear + 1 }, (_, i) => startYear + i);
}

/**
 * What is still missing before the task book can be submitted, section by section.
 * Section schemas already guarantee shapes and sums; this checks that the book is complete.
 */
export function completeness(content: TaskBookContent, requiredIndicatorCodes: readonly string[]): Problem[] {
  const p: Problem[] = [];
  const add = (section: number, code: string, subject?: string) => p.push({ section, code, ...(subject ? { subject } : {}) });
  const years = periodYears(content);
  const n = 3; // section 三 考核指标

  if (blank(content.goals.overall)) add(1, 'missing', 'overall');
  if (content.goals.targets.length === 0) add(1, 'missing', 'targets');

  if (content.tasks.tasks.length === 0) add(2, 'missing', 'tasks');
  if (content.tasks.projects.length === 0) add(2, 'missing', 'projects');
  for (const pr of content.tasks.projects) {
    if (years.length && (pr.startYear < years[0]! || pr.endYear > years.at(-1)!)) add(2, 'outsidePeriod', pr.name);
  }

  const chosen = new Set(content.indicators.items.map((i) => i.indicatorCode).filter(Boolean));
  for (const code of requiredIndicatorCodes) if (!chosen.has(code)) add(n, 'requiredIndicatorMissing', code);
  for (const i of content.indicators.items) {
    if (i.target === null) add(n, 'missingTarget', i.name);
    if (blank(i.method)) add(n, 'missingMethod', i.name);
    for (const y of years) if (i.targetsByYear[String(y)] == null) add(n, 'missingYearTarget', `${i.name} ${y}`);
  }

  const platform: (keyof TaskBookContent['platform'])[] = ['framework', 'structure', 'functions', 'operation'];
  for (const f of platform) if (blank(content.platform[f] as string)) add(4, 'missing', f);
  if (content.platform.systems.length === 0) add(4, 'missing', 'systems');

  for (const y of years) {
    const entry = content.plan.years.find((e) => e.year === y);
    if (!entry || blank(entry.goals) || blank(entry.work)) add(5, 'missingYear', String(y));
  }

  const org = content.organisation;
  if (blank(org.leadingGroup.head)) add(6, 'missing', 'leadingGroup.head');
  if (blank(org.office.name)) add(6, 'missing', 'office.name');
  if (org.departments.length === 0) add(6, 'missing', 'departments');
  if (blank(org.responsible.name) || blank(org.responsible.title)) add(6, 'missing', 'responsible');

  for (const f of ['policy', 'funding', 'technology', 'talent'] as const) if (blank(content.guarantees[f])) add(7, 'missing', f);
  if (years.length === 0) add(8, 'missing', 'period');
  return p;
}

/** An empty draft for a creation period (default: three years from the batch's year + 1). */
export function emptyContent(startYear: number, endYear = startYear + 2): TaskBookContent {
  return {
    goals: { overall: '', targets: [] },
    tasks: { tasks: [], projects: [] },
    indicators: { items: [] },
    platform: { framework: '', structure: '', functions: '', systems: [], operation: '' },
    plan: { years: [] },
    organisation: {
      leadingGroup: { head: '', members: '' },
      office: { name: '', director: '' },
      departments: [],
      responsible: { name: '', title: '', phone: '', email: '' },
    },
    guarantees: { policy: '', funding: '', technology: '', talent: '' },
    period: { startYear, endYear },
  };
}

/**
 * A new creation period reshapes every per-year field: years that remain keep what was entered,
 * new years start empty, dropped years go.
 */
export function reshapeForPeriod(content: TaskBookContent): TaskBookContent {
  const years = periodYears(content);
  const keep = <T>(byYear: Record<string, T>, empty: T) => Object.fromEntries(years.map((y) => [String(y), byYear[String(y)] ?? empty]));
  return {
    ...content,
    indicators: { items: content.indicators.items.map((i) => ({ ...i, targetsByYear: keep(i.targetsByYear, null) })) },
    plan: { years: years.map((y) => content.plan.years.find((e) => e.year === y) ?? { year: y, goals: '', work: '' }) },
  };
}
