import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { DemoBanner } from './components/DemoBanner';
import { Landing } from './components/Landing';
import { RequireSession } from './components/RequireSession';
import { AcceptanceListPage } from './features/acceptances/AcceptanceListPage';
import { AcceptancePage } from './features/acceptances/AcceptancePage';
import { RatingRulesPage } from './features/acceptances/RatingRulesPage';
import { AgreementListPage } from './features/agreements/AgreementListPage';
import { AgreementPage } from './features/agreements/AgreementPage';
import { DashboardPage } from './features/dashboards/DashboardPage';
import { ExtensionPage } from './features/extensions/ExtensionPage';
import { AnnualReportListPage } from './features/annual-reports/AnnualReportListPage';
import { AnnualReportPage } from './features/annual-reports/AnnualReportPage';
import { ApplicationPage } from './features/applications/ApplicationPage';
import { ApplicantsPage } from './features/applicants/ApplicantsPage';
import { AuditPage } from './features/audit/AuditPage';
import { CallListPage } from './features/calls/CallListPage';
import { CallPage } from './features/calls/CallPage';
import { IndicatorAnalyticsPage } from './features/indicators/IndicatorAnalyticsPage';
import { IndicatorsPage } from './features/indicators/IndicatorsPage';
import { FindingRedirect, InspectionPage } from './features/inspections/InspectionPage';
import { InspectionListPage } from './features/inspections/InspectionListPage';
import { NotificationsPage } from './features/notifications/NotificationsPage';
import { SearchPage } from './features/search/SearchPage';
import { OrganisationsPage } from './features/organisations/OrganisationsPage';
import { PilotDetailPage } from './features/pilots/PilotDetailPage';
import { MyPilot } from './features/pilots/MyPilot';
import { ChangePasswordPage } from './features/accounts/ChangePasswordPage';
import { ForgotPasswordPage, ResetPasswordPage } from './features/accounts/PasswordResetPages';
import { PeoplePage } from './features/accounts/PeoplePage';
import { MyReviewTasksPage } from './features/expert-reviews/MyReviewTasksPage';
import { PilotListPage } from './features/pilots/PilotListPage';
import { ApiKeysPage } from './features/platform/ApiKeysPage';
import { CatalogPage } from './features/platform/CatalogPage';
import { PlatformOverviewPage } from './features/platform/PlatformOverviewPage';
import { PlatformYearPage } from './features/platform/PlatformYearPage';
import { ResourcePage } from './features/platform/ResourcePage';
import { SharingRequestPage } from './features/platform/SharingRequestPage';
import { SharingRequestsPage } from './features/platform/SharingRequestsPage';
import { PublicPage } from './features/public/PublicPage';
import { PublicNoticePage } from './features/public/PublicNoticePage';
import { PublicPilotPage } from './features/public/PublicPilotPage';
import { PublicSearchPage } from './features/public/PublicSearchPage';
import { OpenDataPage } from './features/public/OpenDataPage';
import { NoticePage } from './features/notices/NoticePage';
import { NoticesPage } from './features/notices/NoticesPage';
import { RegisterPage } from './features/register/RegisterPage';
import { LoginPage } from './features/session/LoginPage';
import { TaskBookListPage } from './features/task-books/TaskBookListPage';
import { TaskBookPage } from './features/task-books/TaskBookPage';
import { TodosPage } from './features/todos/TodosPage';
import { VerifyPage } from './features/verify/VerifyPage';

export function App() {
  return (
    <>
      <DemoBanner />
      <Routes>
        <Route path="/" element={<PublicPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/verify/:id" element={<VerifyPage />} />
        <Route path="/notices/:id" element={<PublicNoticePage />} />
        <Route path="/public/pilots/:id" element={<PublicPilotPage />} />
        <Route path="/public/search" element={<PublicSearchPage />} />
        <Route path="/open-data" element={<OpenDataPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route
          path="/app"
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<Landing />} />
          <Route path="dashboard" element={<DashboardPage />} />
          <Route path="pilots" element={<PilotListPage />} />
          <Route path="pilots/:id" element={<PilotDetailPage />} />
          <Route path="my-pilot" element={<MyPilot />} />
          <Route path="my-reviews" element={<MyReviewTasksPage />} />
          <Route path="rating-rules" element={<RatingRulesPage />} />
          <Route path="people" element={<PeoplePage />} />
          <Route path="password" element={<ChangePasswordPage />} />
          <Route path="task-books" element={<TaskBookListPage />} />
          <Route path="task-books/:id" element={<TaskBookPage />} />
          <Route path="todos" element={<TodosPage />} />
          <Route path="calls" element={<CallListPage />} />
          <Route path="calls/:id" element={<CallPage />} />
          <Route path="applications/:id" element={<ApplicationPage />} />
          <Route path="annual-reports" element={<AnnualReportListPage />} />
          <Route path="annual-reports/:id" element={<AnnualReportPage />} />
          <Route path="inspections" element={<InspectionListPage />} />
          <Route path="inspections/:id" element={<InspectionPage />} />
          <Route path="findings/:id" element={<FindingRedirect />} />
          <Route path="acceptances" element={<AcceptanceListPage />} />
          <Route path="acceptances/:id" element={<AcceptancePage />} />
          <Route path="agreements" element={<AgreementListPage />} />
          <Route path="agreements/:id" element={<AgreementPage />} />
          <Route path="extensions/:id" element={<ExtensionPage />} />
          <Route path="organisations" element={<OrganisationsPage />} />
          <Route path="indicators" element={<IndicatorsPage />} />
          <Route path="indicators/analytics" element={<IndicatorAnalyticsPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="applicants" element={<ApplicantsPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="notices" element={<NoticesPage />} />
          <Route path="notices/:id" element={<NoticePage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="platform" element={<PlatformOverviewPage />} />
          <Route path="platform/years/:pilotId/:year" element={<PlatformYearPage />} />
          <Route path="platform/resources" element={<CatalogPage />} />
          <Route path="platform/resources/:id" element={<ResourcePage />} />
          <Route path="platform/sharing-requests" element={<SharingRequestsPage />} />
          <Route path="platform/sharing-requests/:id" element={<SharingRequestPage />} />
          <Route path="platform/api-keys" element={<ApiKeysPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </>
  );
}
