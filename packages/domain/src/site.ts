import { z } from 'zod';

/** What every page needs to know about the deployment before anyone signs in. */
export const siteSchema = z.object({
  /** present when the deployment holds the demo programme: pages say 演示数据, demo ratings are labelled */
  demo: z.object({ seededOn: z.string(), refreshedOn: z.string() }).nullable(),
  /** the public footer: 主办单位 and how to reach it (address, telephone, e-mail as the deployment writes it) */
  sponsor: z.string(),
  contact: z.string().nullable(),
});
export type Site = z.infer<typeof siteSchema>;
