import { Result, Spin } from 'antd';
import { Navigate } from 'react-router';
import { usePilots } from '../../api/pilots';

/** 我的试点: a pilot government's landing — its own pilot's hub (the only pilot it sees). */
export function MyPilot() {
  const list = usePilots({}, 1, 1);
  if (list.isPending) return <Spin size="large" />;
  const own = list.data?.items[0];
  if (!own) return <Result status="404" />;
  return <Navigate to={`/app/pilots/${own.id}`} replace />;
}
