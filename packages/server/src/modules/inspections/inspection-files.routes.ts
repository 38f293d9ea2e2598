import { fileRoutes } from '../../shared/file-routes.js';
import { assertEvidenceOpen, findingSubject, loadFinding } from './findings.service.js';
import { inspectionSubject, loadInspection } from './inspections.service.js';

/** 检查照片与文件 on an inspection; 整改佐证 on a finding. */
export const inspectionFileRoutes = fileRoutes([
  {
    // 检查照片与文件: the inspecting province adds them at any time
    base: '/api/inspections/:id/files',
    resource: 'inspection',
    tags: ['inspections'],
    kind: { fixed: 'inspectionFile' },
    label: '检查照片与文件',
    writers: { tiers: ['province'], roles: ['editor', 'reviewer', 'admin'] },
    subject: async (ctx, id) => inspectionSubject(await loadInspection(ctx, id)),
  },
  {
    // 整改佐证: the pilot's evidence, added while the rectification is open
    base: '/api/findings/:id/evidence',
    resource: 'finding',
    tags: ['inspections'],
    kind: { fixed: 'rectificationEvidence' },
    label: '整改佐证材料',
    writers: { tiers: ['pilot'], roles: ['editor', 'admin'] },
    subject: async (ctx, id, change) => {
      const f = await loadFinding(ctx, id);
      if (change) assertEvidenceOpen(ctx, f, 'file');
      return findingSubject(f);
    },
  },
]);
