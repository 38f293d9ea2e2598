import { RATING_RULE_2026, validateRule, type RatingRule } from '@smartcity/domain';
import { audited, type Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { appendAudit } from '../../audit/audit.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { ratingRuleRepository } from './rating-rules.repository.js';

type RuleRow = NonNullable<Awaited<ReturnType<typeof ratingRuleRepository.latest>>>;

export const presentRule = (r: RuleRow, current: boolean) => ({
  version: r.version,
  rule: r.rule,
  createdAt: r.createdAt.toISOString(),
  current,
});

/** The rule in force: the latest version; the first time anyone asks, the 2026 rule is put in place. */
export async function currentRule(db: Db, clock: Clock): Promise<RuleRow> {
  const latest = await ratingRuleRepository.latest(db);
  if (latest) return latest;
  await db.transaction(async (tx) => {
    const seeded = await ratingRuleRepository.insert(tx, RATING_RULE_2026, null);
    if (seeded)
      await appendAudit(
        tx,
        null,
        { action: 'ratingRule.seed', targetType: 'ratingRule', targetId: seeded.version, after: seeded.rule },
        clock,
      );
  });
  return (await ratingRuleRepository.latest(db))!;
}

export async function listRules(ctx: Ctx) {
  const current = await currentRule(ctx.db, ctx.clock);
  return { items: (await ratingRuleRepository.list(ctx.db)).map((r) => presentRule(r, r.id === current.id)) };
}

// validateRule speaks of parts of the rule; the client is told which field
const FIELD_OF_PROBLEM: [RegExp, string, string][] = [
  [/^parts/, 'parts', 'weights_sum'],
  [/^category weights/, 'categoryWeights', 'invalid_value'],
  [/^规定项/, 'categoryWeights.required', 'invalid_value'],
  [/^thresholds/, 'thresholds', 'invalid_value'],
];

/** A new version of the rule; confirmed ratings keep the version they were made with. */
export async function createRule(ctx: Ctx, rule: RatingRule) {
  const [problem] = validateRule(rule);
  if (problem) {
    const [, field, code] = FIELD_OF_PROBLEM.find(([re]) => re.test(problem)) ?? [null, 'rule', 'invalid_value'];
    throw new AppError(400, code, field, { problem });
  }
  await currentRule(ctx.db, ctx.clock); // the 2026 rule stays the first version even when nobody read it before
  const row = await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const inserted = await ratingRuleRepository.insert(tx, rule, ctx.actor.userId);
    if (!inserted) throw new AppError(409, 'conflict', 'version');
    return { result: inserted, audit: { action: 'ratingRule.create', targetType: 'ratingRule', targetId: rule.version, after: rule } };
  });
  return presentRule(row, true);
}
