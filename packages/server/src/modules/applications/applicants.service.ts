import type { applicantDecisionSchema, applicantRegistrationSchema, OrganisationStatus, Role } from '@smartcity/domain';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { appendAudit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { audited, type Ctx } from '../../context.js';
import { sessionRepository } from '../session/session.repository.js';
import { hashPassword } from '../session/session.service.js';
import { applicantRepository } from './applicants.repository.js';

type Registration = z.infer<typeof applicantRegistrationSchema>;
const FIRST_USER_ROLES: Role[] = ['admin', 'editor'];

const organisationExists = (field = 'adminCode') => new AppError(409, 'organisation_exists', field);
const RESERVED = /住房(和|与)?城乡建设/;

/**
 * 申报城市 registers itself: an applicant government under its province's housing department (which will review
 * its applications), with a first user who administers it. The new user is the actor of the audit entry.
 */
export async function registerApplicant(deps: { db: Db; clock: Clock }, input: Registration) {
  const { db, clock } = deps;
  const province = await applicantRepository.province(db, input.provinceCode);
  const department = province?.mainland ? await applicantRepository.department(db, input.provinceCode) : null;
  if (!department) throw new AppError(400, 'invalid_value', 'provinceCode');
  // a division code belongs to its province (its first two digits), and a province's own code is no city's
  if (input.adminCode && (input.adminCode.slice(0, 2) !== input.provinceCode.slice(0, 2) || input.adminCode.endsWith('0000')))
    throw new AppError(400, 'invalid_value', 'adminCode');
  // the housing authorities review applications; none of them is an applicant
  if (RESERVED.test(input.organisationName)) throw new AppError(422, 'reserved_name', 'organisationName');
  const code = `APPL-${input.adminCode ?? randomBytes(4).toString('hex').toUpperCase()}`;
  // nobody registers as a government the registry already has: not its division code, not its name
  if (await applicantRepository.organisationCodeTaken(db, code)) throw organisationExists('adminCode');
  if (input.adminCode && (await applicantRepository.divisionRegistered(db, input.adminCode))) throw organisationExists('adminCode');
  if (await applicantRepository.nameRegistered(db, input.organisationName)) throw organisationExists('organisationName');
  // the organisation code is unique, so is the username made from it (lower case, like every demo username)
  const username = `${code.toLowerCase()}.admin`;
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const organisationId = await applicantRepository.createOrganisation(tx, {
      code,
      name: input.organisationName,
      provinceCode: input.provinceCode,
      parentId: department.id,
      // it may sign in and prepare, but acts only once its province has approved it
      status: 'pending',
    });
    if (!organisationId) throw organisationExists();
    const userId = await applicantRepository.createUser(tx, {
      organisationId,
      username,
      displayName: input.displayName,
      passwordHash,
      roles: FIRST_USER_ROLES,
    });
    if (!userId) throw organisationExists();
    const actor = await sessionRepository.actorForUser(tx, userId, null);
    await appendAudit(
      tx,
      actor,
      {
        action: 'applicant.register',
        targetType: 'organisation',
        targetId: organisationId,
        after: { code, name: input.organisationName, provinceCode: input.provinceCode, username },
      },
      clock,
    );
    return {
      organisation: {
        id: organisationId,
        status: 'pending' as const,
        code,
        name: input.organisationName,
        provinceCode: input.provinceCode,
        provinceName: province!.name,
      },
      user: { id: userId, username, displayName: input.displayName, roles: FIRST_USER_ROLES },
    };
  });
}

type Decision = z.infer<typeof applicantDecisionSchema>;
type ApplicantRow = NonNullable<Awaited<ReturnType<typeof applicantRepository.get>>>;

const presentApplicant = (o: ApplicantRow) => ({
  id: o.id,
  code: o.code,
  name: o.name,
  provinceCode: o.provinceCode,
  status: o.status,
  registeredAt: o.createdAt.toISOString(),
});

export async function listApplicants(ctx: Ctx, status: OrganisationStatus | undefined) {
  return { items: (await applicantRepository.list(ctx.db, ctx.scope, status)).map(presentApplicant) };
}

/** 省级审核 of a registration: approved, the applicant's users may act; refused, they stay read-only. */
export async function decideApplicant(ctx: Ctx, id: string, decision: Decision) {
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const decided = await applicantRepository.decide(tx, ctx.scope, id, decision.decision === 'approve' ? 'active' : 'refused');
    if (!decided) {
      const current = await applicantRepository.get(tx, ctx.scope, id);
      if (!current) throw notFound();
      throw new AppError(409, 'wrong_state', 'decision', { state: current.status });
    }
    return {
      result: presentApplicant(decided),
      audit: {
        action: `applicant.${decision.decision}`,
        targetType: 'organisation',
        targetId: id,
        before: { status: 'pending' },
        after: { status: decided.status, reason: decision.decision === 'refuse' ? decision.reason : null },
      },
    };
  });
}
