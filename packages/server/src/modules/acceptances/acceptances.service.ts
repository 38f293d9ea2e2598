import {
  ACCEPTANCE_RUBRIC,
  acceptanceLifecycle,
  pilotLifecycle,
  type AcceptanceAction,
  type AcceptanceGuardContext,
  type AcceptanceStatus,
  type Lang,
  type PilotStatus,
  type Rating,
} from '@smartcity/domain';
import { appendAudit } from '../../audit/audit.js';
import { audited, type Ctx } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { fire } from '../../lifecycle/fire.js';
import { transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { beijingDate } from '../../lib/clock.js';
import { presentAcceptance, presentAcceptanceSummary, presentPublicRating } from './acceptances.presenter.js';
import { computeRating, frozenTaskBook, presentRating, type FrozenTaskBook } from './acceptances.rating.js';
import { acceptanceRepository, type AcceptanceHead } from './acceptances.repository.js';
import { latestReports, type ReportOfYear } from './acceptances.sources.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';
import { expertPanel, panelOf, type PanelSubject } from '../expert-panel/expert-panel.service.js';
import { acceptanceAbilities } from '../../tenancy/abilities.js';
import { ratingRuleRepository } from './rating-rules.repository.js';
import { currentRule } from './rating-rules.service.js';

/**
 * The acceptance as the subject of expert reviews: its tenant is the pilot's government, its experts may not be of
 * the pilot's province, and while on the panel they may read the pilot's records (task book, reports).
 */
export const acceptanceSubject = (a: Pick<AcceptanceHead, 'id' | 'pilotOrgId' | 'pilotId' | 'provinceCode'>): PanelSubject => ({
  type: 'acceptance',
  id: a.id,
  ownerOrgId: a.pilotOrgId,
  provinceCode: a.provinceCode,
  grantsPilot: a.pilotId,
});

export async function loadAcceptance(ctx: Pick<Ctx, 'scope'>, db: Queryable, id: string) {
  const head = await acceptanceRepository.get(db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

/** 自评价: one line per accepted annual report, for the pilot to expand on. */
export function prefilledNarrative(pilotName: string, period: { startYear: number; endYear: number }, reports: ReportOfYear[]) {
  const accepted = reports.filter((r) => r.status === 'accepted').sort((a, b) => a.year - b.year);
  const summary = (r: ReportOfYear) =>
    r.content.narrative
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? '';
  return [
    `${pilotName}国家智慧城市试点验收自评价`,
    `创建周期：${period.startYear} 年至 ${period.endYear} 年。`,
    ...(accepted.length
      ? accepted.map((r) => `已接受的 ${r.year} 年度自评价报告${summary(r) ? `：${summary(r)}` : '。'}`)
      : ['尚无已接受的年度自评价报告。']),
  ].join('\n');
}

export async function createAcceptance(ctx: Ctx, pilotId: string) {
  const pilot = await pilotRepository.get(ctx.db, ctx.scope, pilotId);
  if (!pilot) throw notFound();
  const existing = await acceptanceRepository.forPilot(ctx.db, pilotId);
  if (existing) throw new AppError(409, 'acceptance_exists', 'pilot', { id: existing.id });
  const book = await frozenTaskBook(ctx.db, ctx.scope, pilotId);
  if (!book || book.head.status !== 'signed') throw new AppError(409, 'task_book_not_signed', 'pilot');
  const narrative = prefilledNarrative(pilot.publishedName, book.content.period, await latestReports(ctx.db, pilotId));
  const id = await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const created = await acceptanceRepository.create(tx, { pilotId, taskBookId: book.head.id, narrative });
    if (!created) throw new AppError(409, 'acceptance_exists', 'pilot');
    return { result: created, audit: { action: 'acceptance.create', targetType: 'acceptance', targetId: created, after: { pilotId } } };
  });
  return getAcceptance(ctx, id);
}

export async function listAcceptances(ctx: Ctx, filter: { status?: AcceptanceStatus | undefined }) {
  return { items: (await acceptanceRepository.list(ctx.db, ctx.scope, filter)).map(presentAcceptanceSummary) };
}

/** The confirmed rating, explained by the rule version it was made with. */
async function confirmedRating(db: Queryable, rating: Rating, lang: Lang) {
  const rule = await ratingRuleRepository.byVersion(db, rating.ruleVersion);
  return presentRating(rating, rule!.rule, lang);
}

/** What the guards look at, the same for firing an action and for showing its buttons: the creation period, the scores. */
function acceptanceGuardsOf(book: FrozenTaskBook | null, submittedScores: number, now: Date): AcceptanceGuardContext {
  return { periodEnded: book !== null && Number(beijingDate(now).slice(0, 4)) > book.content.period.endYear, submittedScores };
}

async function acceptanceGuards(ctx: Pick<Ctx, 'scope' | 'clock'>, db: Queryable, head: AcceptanceHead): Promise<AcceptanceGuardContext> {
  const book = await frozenTaskBook(db, ctx.scope, head.pilotId);
  return acceptanceGuardsOf(book, await expertPanelRepository.submittedCount(db, acceptanceSubject(head)), ctx.clock.now());
}

export async function getAcceptance(ctx: Ctx, id: string) {
  const head = await loadAcceptance(ctx, ctx.db, id);
  const panel = await expertPanelRepository.members(ctx.db, acceptanceSubject(head));
  const submitted = panel.filter((m) => m.submittedAt !== null).length;
  const choices = await expertPanel.choices(ctx, ctx.db, acceptanceSubject(head), head.status === 'expertReview');
  if (head.rating) {
    const guards = acceptanceGuardsOf(await frozenTaskBook(ctx.db, ctx.scope, head.pilotId), submitted, ctx.clock.now());
    return presentAcceptance(
      head,
      { rating: await confirmedRating(ctx.db, head.rating, ctx.lang), confirmed: true, panel, choices, guards },
      ctx.actor,
      ctx.lang,
    );
  }
  const { rule } = await currentRule(ctx.db, ctx.clock);
  // the preview already loads the signed task book: its period decides the submit guard
  const { rating, book } = await computeRating(ctx, ctx.db, head.pilotId, rule);
  const guards = acceptanceGuardsOf(book, submitted, ctx.clock.now());
  return presentAcceptance(
    head,
    { rating: presentRating(rating, rule, ctx.lang), confirmed: false, panel, choices, guards },
    ctx.actor,
    ctx.lang,
  );
}

export async function updateNarrative(ctx: Ctx, id: string, ifMatch: number, narrative: string) {
  const head = await loadAcceptance(ctx, ctx.db, id);
  if (!acceptanceAbilities(ctx.actor, head, undefined).edit) {
    if (head.status !== 'draft') throw new AppError(409, 'wrong_state', 'narrative', { state: head.status });
    throw forbidden();
  }
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const version = await acceptanceRepository.saveNarrative(tx, id, ifMatch, narrative, ctx.clock.now());
    if (version === null) throw new AppError(409, 'stale_version', 'if-match');
    return { result: version, audit: { action: 'acceptance.saveNarrative', targetType: 'acceptance', targetId: id, after: { narrative } } };
  });
}

/** An acceptance as the one transition path moves it. */
export const acceptanceRecord: LifecycleRecord<AcceptanceStatus, AcceptanceAction, AcceptanceGuardContext, AcceptanceHead> = {
  lifecycle: acceptanceLifecycle,
  load: (ctx, tx, id) => loadAcceptance(ctx, tx, id),
  guards: (ctx, tx, head) => acceptanceGuards(ctx, tx, head),
  notice: (h) => ({ subject: acceptanceSubject(h), owner: h.pilotOrgId, supervisor: h.supervisorOrgId, params: { pilot: h.pilotName } }),
};

/**
 * Fires one acceptance action with its effects in one transaction. The pilot moves with it: submit fires the
 * pilot's requestAcceptance (so the pilot must be 'creating': designated → creating is the Ministry's
 * startCreation), confirm stores the rating under the rule in force and fires accept (≥ 1 star) or fail.
 */
export async function transitionAcceptance(ctx: Ctx, id: string, input: { action: string; reason?: string | undefined }) {
  // read (and if need be seed) the rule before the transaction: the rating is made with the version in force now
  const rule = input.action === 'confirm' ? await currentRule(ctx.db, ctx.clock) : null;
  await transition(ctx, acceptanceRecord, id, input, async (tx, head, action) => {
    if (action === 'submit') return movePilot(ctx, tx, head, 'requestAcceptance', input.reason);
    if (action !== 'confirm') return;
    const { rating } = await computeRating(ctx, tx, head.pilotId, rule!.rule);
    await acceptanceRepository.setRating(tx, id, rating);
    const reason =
      rating.stars > 0
        ? input.reason
        : (input.reason ?? `验收得分 ${rating.score}${rating.vetoes.length ? `，规定项未达底线：${rating.vetoes.join('、')}` : ''}`);
    await movePilot(ctx, tx, head, rating.stars > 0 ? 'accept' : 'fail', reason);
    // decided: the panel's experts no longer read the pilot's records
    const ended = await expertPanel.close(tx, acceptanceSubject(head));
    if (ended.length)
      await appendAudit(
        tx,
        ctx.actor,
        { action: 'acceptance.expertAccessEnded', targetType: 'acceptance', targetId: id, after: { experts: ended } },
        ctx.clock,
      );
    return { stars: rating.stars };
  });
}

async function movePilot(
  ctx: Ctx,
  tx: Tx,
  head: AcceptanceHead,
  action: 'requestAcceptance' | 'accept' | 'fail',
  reason: string | undefined,
) {
  const pilot = await pilotRepository.get(tx, ctx.scope, head.pilotId);
  const expected: PilotStatus = action === 'requestAcceptance' ? 'creating' : 'underAcceptance';
  if (pilot!.status !== expected) throw new AppError(409, 'wrong_state', 'pilot', { state: pilot!.status });
  await fire(tx, ctx.actor, ctx.clock, {
    lifecycle: pilotLifecycle,
    id: head.pilotId,
    state: expected,
    action,
    reason,
    guardContext: undefined,
  });
}

// 验收 is scored on the same sheet as an application, by one overall criterion
const panel = panelOf(acceptanceRecord, acceptanceSubject, () => ACCEPTANCE_RUBRIC);

/** 专家评审: assigns experts to a submitted acceptance, never of the pilot's own province. */
export const assignExperts = panel.assign;

/** The Ministry takes an expert off the panel before it has scored; its access to the pilot ends with it. */
export const revokeExpert = panel.revoke;

/** The assigned expert's conflict-of-interest declaration: none lets it score; a conflict takes it off the panel. */
export const declareConflict = panel.declare;

/** The expert's score sheet as a draft, changeable until submitted. */
export const saveScoreDraft = panel.saveDraft;

/** An assigned expert's score, 0–100, once, after its declaration. */
export const scoreAcceptance = panel.score;

export async function publicRatings(db: Queryable) {
  return { items: (await acceptanceRepository.published(db)).map(presentPublicRating) };
}
