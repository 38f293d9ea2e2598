import type { Resource } from '../../types.js';
import { applicantFixture, indicatorSystemFixture, organisationFixture, pilotFixture } from './reference.js';
import { acceptanceFixture, agreementFixture } from './acceptance-agreements.js';
import { applicationFixture, callFixture } from './applications.js';
import { notificationFixture } from './notification.js';
import { noticeFixture } from './notice.js';
import { annualReportFixture, findingFixture, inspectionFixture } from './reports-inspections.js';
import { extensionFixture } from './extension.js';
import { signedTextFixture, taskBookFixture } from './task-book.js';
import { userFixture } from './user.js';
import { apiKeyFixture, platformLoadFixture, resourceFixture, sharingRequestFixture, subscriptionFixture } from './platform.js';
import type { FixtureFactory } from './types.js';

/** One fixture per resource a route can name; a route naming a resource without one fails the matrix. */
export const FIXTURES: Partial<Record<Resource, FixtureFactory>> = {
  pilot: pilotFixture,
  organisation: organisationFixture,
  applicant: applicantFixture,
  indicatorSystem: indicatorSystemFixture,
  taskBook: taskBookFixture,
  extension: extensionFixture,
  signedText: signedTextFixture,
  notification: notificationFixture,
  notice: noticeFixture,
  acceptance: acceptanceFixture,
  agreement: agreementFixture,
  annualReport: annualReportFixture,
  inspection: inspectionFixture,
  finding: findingFixture,
  call: callFixture,
  application: applicationFixture,
  user: userFixture,
  resource: resourceFixture,
  sharingRequest: sharingRequestFixture,
  platformLoad: platformLoadFixture,
  apiKey: apiKeyFixture,
  subscription: subscriptionFixture,
};
