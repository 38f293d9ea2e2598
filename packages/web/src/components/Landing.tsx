import { Navigate } from 'react-router';
import { useSession } from '../api/session';
import { landingOf } from './landing';

/** /app: the tier's landing page. */
export function Landing() {
  const session = useSession().data;
  return <Navigate to={session ? landingOf(session.organisation.tier) : '/login'} replace />;
}
