import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session';

/** Renders its children only when signed in; otherwise sends the visitor to /login. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
  if (!session.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}
