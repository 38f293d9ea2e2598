import { beijingTime } from './time';
import { StateTag, type StateLabels } from './StateTag';
import { sortBy } from './sorting';

/** Columns many lists share, sortable. */

/** A lifecycle status as its tag, sorted in the lifecycle's order (the domain's list of states). */
export function statusColumn<T extends { status: string }>(title: string, labels: StateLabels, order: readonly string[]) {
  return {
    title,
    dataIndex: 'status',
    render: (s: string) => <StateTag labels={labels} status={s} />,
    ...sortBy<T>((x) => order.indexOf(x.status)),
  };
}

/** A timestamp to the minute (2013-02-26 09:30). */
export function timeColumn<T>(title: string, field: keyof T & string) {
  return {
    title,
    dataIndex: field,
    render: (v: string) => beijingTime(v),
    ...sortBy<T>((x) => x[field] as string),
  };
}
