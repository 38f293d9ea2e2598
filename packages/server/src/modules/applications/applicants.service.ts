import type { applicantRegistrationSchema, Role } from '@smartcity/domain';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { appendAudit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { sessionRepository } from '../session/session.repository.js';
import { hashPassword } from '../session/session.service.js';
import { applicantRepository } from './applicants.repository.js';

type Registration = z.infer<typeof applicantRegistrationSchema>;
const FIRST_USER_ROLES: Role[] = ['admin', 'editor'];

const usernameTaken = () => new AppError(409, 'username_taken', 'username');
const organisationExists = () => new AppError(409, 'organisation_exists', 'adminCode');

/**
 * 申报城市 registers itself: an applicant government under its province's housing department (which will review
 * its applications), with a first user who administers it. The new user is the actor of the audit entry.
 */
export async function registerApplicant(deps: { db: Db; clock: Clock }, input: Registration) {
  const { db, clock } = deps;
  const province = await applicantRepository.province(db, input.provinceCode);
  const department = province?.mainland ? await applicantRepository.department(db, input.provinceCode) : null;
  if (!department) throw new AppError(400, 'invalid_value', 'provinceCode');
  // a division code belongs to its province: its first two digits are the province's
  if (input.adminCode && input.adminCode.slice(0, 2) !== input.provinceCode.slice(0, 2))
    throw new AppError(400, 'invalid_value', 'adminCode');
  const code = `APPL-${input.adminCode ?? randomBytes(4).toString('hex').toUpperCase()}`;
  if (await applicantRepository.usernameTaken(db, input.username)) throw usernameTaken();
  if (await applicantRepository.organisationCodeTaken(db, code)) throw organisationExists();
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const organisationId = await applicantRepository.createOrganisation(tx, {
      code,
      name: input.organisationName,
      provinceCode: input.provinceCode,
      parentId: department.id,
    });
    if (!organisationId) throw organisationExists();
    const userId = await applicantRepository.createUser(tx, {
      organisationId,
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      roles: FIRST_USER_ROLES,
    });
    if (!userId) throw usernameTaken();
    const actor = await sessionRepository.actorForUser(tx, userId, null);
    await appendAudit(
      tx,
      actor,
      {
        action: 'applicant.register',
        targetType: 'organisation',
        targetId: organisationId,
        after: { code, name: input.organisationName, provinceCode: input.provinceCode, username: input.username },
      },
      clock,
    );
    return {
      organisation: {
        id: organisationId,
        code,
        name: input.organisationName,
        provinceCode: input.provinceCode,
        provinceName: province!.name,
      },
      user: { id: userId, username: input.username, displayName: input.displayName, roles: FIRST_USER_ROLES },
    };
  });
}
