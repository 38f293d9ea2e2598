import { Navigate, Route, Routes } from 'react-router';
import { page } from './components/lazyPage';
import { DemoBanner } from './components/DemoBanner';
import { Landing } from './components/Landing';
import { RequireSession } from './components/RequireSession';
import { LoginPage } from './features/session/LoginPage';

// each page is its own chunk, fetched when first opened: the sign-in page does not load the charts or the editor,
// nor the signed-in frame (menu, drawer, notification bell)
const AppLayout = page(() => import('./components/AppLayout'), 'AppLayout');
const PublicPage = page(() => import('./features/public/PublicPage'), 'PublicPage');
const AcceptanceListPage = page(() => import('./features/acceptances/AcceptanceListPage'), 'AcceptanceListPage');
const AcceptancePage = page(() => import('./features/acceptances/AcceptancePage'), 'AcceptancePage');
const RatingRulesPage = page(() => import('./features/acceptances/RatingRulesPage'), 'RatingRulesPage');
const AgreementListPage = page(() => import('./features/agreements/AgreementListPage'), 'AgreementListPage');
const AgreementPage = page(() => import('./features/agreements/AgreementPage'), 'AgreementPage');
const DashboardPage = page(() => import('./features/dashboards/DashboardPage'), 'DashboardPage');
const ExtensionPage = page(() => import('./features/extensions/ExtensionPage'), 'ExtensionPage');
const AnnualReportListPage = page(() => import('./features/annual-reports/AnnualReportListPage'), 'AnnualReportListPage');
const AnnualReportPage = page(() => import('./features/annual-reports/AnnualReportPage'), 'AnnualReportPage');
const ApplicationPage = page(() => import('./features/applications/ApplicationPage'), 'ApplicationPage');
const ApplicantsPage = page(() => import('./features/applicants/ApplicantsPage'), 'ApplicantsPage');
const AuditPage = page(() => import('./features/audit/AuditPage'), 'AuditPage');
const CallListPage = page(() => import('./features/calls/CallListPage'), 'CallListPage');
const CallPage = page(() => import('./features/calls/CallPage'), 'CallPage');
const IndicatorAnalyticsPage = page(() => import('./features/indicators/IndicatorAnalyticsPage'), 'IndicatorAnalyticsPage');
const IndicatorsPage = page(() => import('./features/indicators/IndicatorsPage'), 'IndicatorsPage');
const FindingRedirect = page(() => import('./features/inspections/InspectionPage'), 'FindingRedirect');
const InspectionPage = page(() => import('./features/inspections/InspectionPage'), 'InspectionPage');
const InspectionListPage = page(() => import('./features/inspections/InspectionListPage'), 'InspectionListPage');
const NotificationsPage = page(() => import('./features/notifications/NotificationsPage'), 'NotificationsPage');
const SearchPage = page(() => import('./features/search/SearchPage'), 'SearchPage');
const OrganisationsPage = page(() => import('./features/organisations/OrganisationsPage'), 'OrganisationsPage');
const PilotDetailPage = page(() => import('./features/pilots/PilotDetailPage'), 'PilotDetailPage');
const MyPilot = page(() => import('./features/pilots/MyPilot'), 'MyPilot');
const ChangePasswordPage = page(() => import('./features/accounts/ChangePasswordPage'), 'ChangePasswordPage');
const ForgotPasswordPage = page(() => import('./features/accounts/PasswordResetPages'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('./features/accounts/PasswordResetPages'), 'ResetPasswordPage');
const PeoplePage = page(() => import('./features/accounts/PeoplePage'), 'PeoplePage');
const MyReviewTasksPage = page(() => import('./features/expert-reviews/MyReviewTasksPage'), 'MyReviewTasksPage');
const PilotListPage = page(() => import('./features/pilots/PilotListPage'), 'PilotListPage');
const ApiKeysPage = page(() => import('./features/platform/ApiKeysPage'), 'ApiKeysPage');
const CatalogPage = page(() => import('./features/platform/CatalogPage'), 'CatalogPage');
const PlatformOverviewPage = page(() => import('./features/platform/PlatformOverviewPage'), 'PlatformOverviewPage');
const PlatformYearPage = page(() => import('./features/platform/PlatformYearPage'), 'PlatformYearPage');
const ResourcePage = page(() => import('./features/platform/ResourcePage'), 'ResourcePage');
const SharingRequestPage = page(() => import('./features/platform/SharingRequestPage'), 'SharingRequestPage');
const SharingRequestsPage = page(() => import('./features/platform/SharingRequestsPage'), 'SharingRequestsPage');
const PublicNoticePage = page(() => import('./features/public/PublicNoticePage'), 'PublicNoticePage');
const PublicPilotPage = page(() => import('./features/public/PublicPilotPage'), 'PublicPilotPage');
const PublicSearchPage = page(() => import('./features/public/PublicSearchPage'), 'PublicSearchPage');
const OpenDataPage = page(() => import('./features/public/OpenDataPage'), 'OpenDataPage');
const NoticePage = page(() => import('./features/notices/NoticePage'), 'NoticePage');
const NoticesPage = page(() => import('./features/notices/NoticesPage'), 'NoticesPage');
const RegisterPage = page(() => import('./features/register/RegisterPage'), 'RegisterPage');
const TaskBookListPage = page(() => import('./features/task-books/TaskBookListPage'), 'TaskBookListPage');
const TaskBookPage = page(() => import('./features/task-books/TaskBookPage'), 'TaskBookPage');
const TodosPage = page(() => import('./features/todos/TodosPage'), 'TodosPage');
const VerifyPage = page(() => import('./features/verify/VerifyPage'), 'VerifyPage');

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
