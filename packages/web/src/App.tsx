import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { Landing } from './components/Landing';
import { RequireSession } from './components/RequireSession';
import { AcceptanceListPage } from './features/acceptances/AcceptanceListPage';
import { AcceptancePage } from './features/acceptances/AcceptancePage';
import { AgreementListPage } from './features/agreements/AgreementListPage';
import { AgreementPage } from './features/agreements/AgreementPage';
import { AnnualReportListPage } from './features/annual-reports/AnnualReportListPage';
import { AnnualReportPage } from './features/annual-reports/AnnualReportPage';
import { ApplicationPage } from './features/applications/ApplicationPage';
import { ApplicantsPage } from './features/applicants/ApplicantsPage';
import { AuditPage } from './features/audit/AuditPage';
import { CallListPage } from './features/calls/CallListPage';
import { CallPage } from './features/calls/CallPage';
import { IndicatorsPage } from './features/indicators/IndicatorsPage';
import { FindingRedirect, InspectionPage } from './features/inspections/InspectionPage';
import { InspectionListPage } from './features/inspections/InspectionListPage';
import { NotificationsPage } from './features/notifications/NotificationsPage';
import { OrganisationsPage } from './features/organisations/OrganisationsPage';
import { PilotDetailPage } from './features/pilots/PilotDetailPage';
import { PilotListPage } from './features/pilots/PilotListPage';
import { PublicPage } from './features/public/PublicPage';
import { RegisterPage } from './features/register/RegisterPage';
import { LoginPage } from './features/session/LoginPage';
import { TaskBookListPage } from './features/task-books/TaskBookListPage';
import { TaskBookPage } from './features/task-books/TaskBookPage';
import { TodosPage } from './features/todos/TodosPage';

export function App() {
  return (
    <Routes>
      <Route path="/" element={<PublicPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route
        path="/app"
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<Landing />} />
        <Route path="pilots" element={<PilotListPage />} />
        <Route path="pilots/:id" element={<PilotDetailPage />} />
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
        <Route path="organisations" element={<OrganisationsPage />} />
        <Route path="indicators" element={<IndicatorsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="applicants" element={<ApplicantsPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
