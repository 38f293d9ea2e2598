import { SECTION_SCHEMAS, type SectionKey, type TaskBookContent, type TaskBookView } from '@smartcity/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { saveSection } from '../../api/taskBooks';
import type { TaskBookSection } from '../../api/types';
import type { FieldErrors } from './sections/fields';

export const AUTOSAVE_MS = 1500;

export type SaveStatus = 'idle' | 'dirty' | 'saving' | 'saved' | 'invalid' | 'error' | 'stale';

/** What is kept in localStorage while a section has unsaved changes. */
interface LocalCopy<V> {
  value: V;
  baseVersion: number;
  savedAt: number;
}

const storageKey = (bookId: string, n: number) => `smartcity.taskBook.${bookId}.${n}`;

function readLocal<V>(bookId: string, n: number): LocalCopy<V> | null {
  try {
    const raw = localStorage.getItem(storageKey(bookId, n));
    return raw ? (JSON.parse(raw) as LocalCopy<V>) : null;
  } catch {
    return null;
  }
}
function writeLocal<V>(bookId: string, n: number, copy: LocalCopy<V> | null) {
  try {
    if (copy) localStorage.setItem(storageKey(bookId, n), JSON.stringify(copy));
    else localStorage.removeItem(storageKey(bookId, n));
  } catch {
    // storage full or private mode: autosave still runs
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Options<K extends SectionKey> {
  book: TaskBookView;
  section: TaskBookSection;
  sectionKey: K;
  editable: boolean;
  /** after a save: refetch the task book (completeness, reshaped years) */
  onSaved: () => void;
  /** fetch the task book again and return it (for 重新加载 after a conflict) */
  reload: () => Promise<TaskBookView | undefined>;
}

/**
 * One section's editing state: a local copy that autosaves 1.5 s after the last change (and on 保存),
 * with the section's version as If-Match; unsaved changes survive a reload in localStorage;
 * a conflict (409 stale_version) stops autosave and never overwrites either side.
 */
export function useSectionEditor<K extends SectionKey>({ book, section, sectionKey, editable, onSaved, reload }: Options<K>) {
  type V = TaskBookContent[K];
  const serverValue = section.content as V;
  const [initial] = useState(() => {
    const local = editable ? readLocal<V>(book.id, section.n) : null;
    return local && !same(local.value, serverValue) ? local : null;
  });
  const [value, setValueState] = useState<V>(initial?.value ?? serverValue);
  const [status, setStatus] = useState<SaveStatus>(initial ? 'dirty' : 'idle');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [restoredAt, setRestoredAt] = useState<number | null>(initial?.savedAt ?? null);
  const [conflictCopy, setConflictCopy] = useState<V | null>(null);
  const [changeSeq, setChangeSeq] = useState(initial ? 1 : 0);

  const valueRef = useRef(value);
  const baseVersion = useRef(initial?.baseVersion ?? section.version);
  const dirty = useRef(Boolean(initial));
  const seq = useRef(0);
  const saving = useRef(false);
  const again = useRef(false);
  const stale = useRef(false);

  // The server's copy moved on (our own save, a reshaped period, a reload): follow it unless we hold unsaved changes.
  useEffect(() => {
    if (dirty.current || section.version < baseVersion.current) return;
    baseVersion.current = section.version;
    valueRef.current = section.content as V;
    setValueState(section.content as V);
  }, [section.version, section.content]);

  const setValue = useCallback(
    (next: V) => {
      valueRef.current = next;
      dirty.current = true;
      seq.current += 1;
      setValueState(next);
      setChangeSeq((s) => s + 1);
      if (!stale.current) setStatus('dirty');
      writeLocal(book.id, section.n, { value: next, baseVersion: baseVersion.current, savedAt: Date.now() });
    },
    [book.id, section.n],
  );

  const save = useCallback(async (): Promise<void> => {
    if (!editable || stale.current || !dirty.current) return;
    if (saving.current) {
      again.current = true;
      return;
    }
    const startedAt = seq.current;
    const parsed = SECTION_SCHEMAS[sectionKey].safeParse(valueRef.current);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.map(String).join('.'), { code: i.code, message: i.message }])));
      setStatus('invalid');
      return;
    }
    setErrors({});
    setMessage(null);
    setStatus('saving');
    saving.current = true;
    try {
      const res = await saveSection(book.id, section.n, baseVersion.current, parsed.data);
      baseVersion.current = res.version;
      if (seq.current === startedAt) {
        dirty.current = false;
        writeLocal(book.id, section.n, null);
        setStatus('saved');
        setRestoredAt(null);
      } else {
        writeLocal(book.id, section.n, { value: valueRef.current, baseVersion: res.version, savedAt: Date.now() });
        setStatus('dirty');
      }
      onSaved();
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : null;
      setMessage(err instanceof Error ? err.message : String(err));
      if (apiErr?.code === 'stale_version') {
        stale.current = true;
        setStatus('stale');
      } else {
        if (apiErr?.field) setErrors({ [apiErr.field]: { code: apiErr.code, message: apiErr.message } });
        setStatus('error');
      }
    } finally {
      saving.current = false;
      if (again.current) {
        again.current = false;
        if (dirty.current) void save();
      }
    }
  }, [book.id, section.n, sectionKey, editable, onSaved]);

  // autosave after a pause in typing
  useEffect(() => {
    if (changeSeq === 0 || !editable) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [changeSeq, editable, save]);

  /** After a conflict: load the server's version into the form and keep the user's copy beside it to merge. */
  const loadServer = useCallback(async () => {
    const mine = valueRef.current;
    const fresh = await reload();
    const s = fresh?.sections.find((x) => x.n === section.n);
    if (!s) return;
    stale.current = false;
    dirty.current = false;
    baseVersion.current = s.version;
    valueRef.current = s.content as V;
    setValueState(s.content as V);
    setConflictCopy(mine);
    setStatus('idle');
    setMessage(null);
    setErrors({});
    writeLocal(book.id, section.n, null);
  }, [reload, section.n, book.id]);

  /** Drop the restored local copy and show the server's. */
  const discardLocal = useCallback(() => {
    dirty.current = false;
    stale.current = false;
    seq.current += 1;
    baseVersion.current = section.version;
    valueRef.current = section.content as V;
    setValueState(section.content as V);
    setRestoredAt(null);
    setStatus('idle');
    setErrors({});
    setMessage(null);
    writeLocal(book.id, section.n, null);
  }, [book.id, section.n, section.version, section.content]);

  return {
    value,
    setValue,
    status,
    errors,
    message,
    restoredAt,
    conflictCopy,
    dismissConflict: () => setConflictCopy(null),
    save,
    loadServer,
    discardLocal,
  };
}
