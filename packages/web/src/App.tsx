import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireSession } from './components/RequireSession';
import { AuditPage } from './features/audit/AuditPage';
import { IndicatorsPage } from './features/indicators/IndicatorsPage';
import { OrganisationsPage } from './features/organisations/OrganisationsPage';
import { PilotDetailPage } from './features/pilots/PilotDetailPage';
import { PilotListPage } from './features/pilots/PilotListPage';
import { PublicPage } from './features/public/PublicPage';
import { LoginPage } from './features/session/LoginPage';
import { TaskBookListPage } from './features/task-books/TaskBookListPage';
import { TaskBookPage } from './features/task-books/TaskBookPage';

export function App() {
  return (
    <Routes>
      <Route path="/" element={<PublicPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/app"
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="pilots" replace />} />
        <Route path="pilots" element={<PilotListPage />} />
        <Route path="pilots/:id" element={<PilotDetailPage />} />
        <Route path="task-books" element={<TaskBookListPage />} />
        <Route path="task-books/:id" element={<TaskBookPage />} />
        <Route path="organisations" element={<OrganisationsPage />} />
        <Route path="indicators" element={<IndicatorsPage />} />
        <Route path="audit" element={<AuditPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
