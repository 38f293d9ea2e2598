import type { departmentCreateSchema } from '@smartcity/domain';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { appendAudit } from '../../audit/audit.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { administeredPlatformOf } from '../../tenancy/abilities.js';
import { departmentRepository } from './resources.repository.js';
import { hashPassword } from '../session/session.service.js';

/** The departments on the platforms the reader sees (a department: its own city's). */
export async function listDepartments(ctx: Ctx) {
  const rows = await departmentRepository.list(ctx.db, ctx.scope);
  return { items: rows.map(({ pilotId, pilotName, ...d }) => ({ ...d, pilot: { id: pilotId, name: pilotName } })) };
}

/**
 * The platform administrator (the pilot government's administrators) adds a department (委办局) under its government,
 * with the department's first administrator, who then adds its people as any organisation's administrator does.
 */
export async function addDepartment(ctx: Ctx, input: z.infer<typeof departmentCreateSchema>) {
  const { actor } = ctx;
  if (!administeredPlatformOf(actor)) throw forbidden();
  const passwordHash = await hashPassword(input.admin.password);
  const id = await ctx.db.transaction(async (tx) => {
    const org = await departmentRepository.insertOrganisation(tx, {
      type: 'department',
      code: input.code,
      name: input.name,
      provinceCode: actor.provinceCode,
      parentId: actor.organisationId,
    });
    if (!org) throw new AppError(409, 'organisation_exists', 'code');
    const user = await departmentRepository.insertAdmin(tx, {
      organisationId: org.id,
      username: input.admin.username,
      displayName: input.admin.displayName,
      passwordHash,
      roles: ['admin'],
    });
    if (!user) throw new AppError(409, 'username_taken', 'admin.username');
    await appendAudit(
      tx,
      actor,
      {
        action: 'department.create',
        targetType: 'organisation',
        targetId: org.id,
        after: { code: input.code, name: input.name, admin: input.admin.username },
      },
      ctx.clock,
    );
    return org.id;
  });
  const { items } = await listDepartments(ctx);
  return items.find((d) => d.id === id)!;
}
