import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's own heading (its h1), in a card's title. */
export function PageHeading({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}
