import type { ReportContent, TaskBookContent } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { EVERYTHING, type Scope } from '../../tenancy/scope.js';
import { taskBookRepository } from '../task-books/task-books.repository.js';

export interface SignedTaskBook {
  taskBookId: string;
  versionNumber: number;
  content: TaskBookContent;
  years: number[];
  /** the pilot's published name (its to-dos name it) */
  pilotName: string;
}

/**
 * The latest version of the pilot's task book that all three parties signed, with its creation years; null when
 * none is signed yet. During an amendment the previously signed version still governs, so this is not the
 * current version but the highest fully signed one.
 */
export async function signedTaskBookOf(db: Queryable, pilotId: string, scope: Scope = EVERYTHING): Promise<SignedTaskBook | null> {
  const signed = await taskBookRepository.signedVersion(db, scope, pilotId);
  if (!signed) return null;
  const content = signed.content as TaskBookContent;
  const { startYear, endYear } = content.period;
  const years = Array.from({ length: endYear - startYear + 1 }, (_, i) => startYear + i);
  return { ...signed, content, years };
}

/**
 * A new report of `year`: every indicator with that year's target and nothing measured yet, every key project
 * running that year as not started, platform and narrative empty.
 */
export function prefill(book: TaskBookContent, year: number): ReportContent {
  return {
    indicators: book.indicators.items.map((i) => ({
      id: i.id,
      name: i.name,
      category: i.category,
      unit: i.unit,
      // the report measures numbers: a qualitative target (yes/no, text) stays in the task book
      target: typeof i.targetsByYear[String(year)] === 'number' ? (i.targetsByYear[String(year)] as number) : null,
      actual: null,
      source: '',
      quality: null,
      evidence: [],
    })),
    projects: book.tasks.projects
      .filter((p) => p.startYear <= year && year <= p.endYear)
      .map((p) => ({
        id: p.id,
        name: p.name,
        state: 'notStarted',
        percentComplete: 0,
        spent: { government: 0, social: 0, bank: 0, other: 0 },
      })),
    platform: '',
    narrative: '',
  };
}
