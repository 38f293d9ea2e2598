import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType } from 'react';

/**
 * A page loaded on first use (its own chunk), shown with a spinner meanwhile. Named exports stay named: the loader
 * picks the component by name.
 */
export function page<P extends object, M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  const Lazy = lazy(async () => ({ default: (await load())[name] as ComponentType<P> }));
  return function Page(props: P) {
    return (
      <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}
