import {
  BoldOutlined,
  ClearOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  UnderlineOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';

const EMPTY = '<p><br></p>';

/**
 * A notice body's editor: an editable region and a toolbar for what an official document uses and the server keeps
 * (headings, paragraphs, lists, bold, italic, underline). The browser's editing commands do the work, so no editor
 * library is shipped; whatever arrives, pasted markup included, is cut down to the allow-list by the server.
 */
export function RichTextEditor({
  value,
  onChange,
  label,
  testId,
}: {
  value?: string;
  onChange?: (html: string) => void;
  label: string;
  testId: string;
}) {
  const { t } = useI18n();
  const e = t.notices.editor;
  const el = useRef<HTMLDivElement>(null);
  // the region's DOM is the editor's state: it is rewritten only by a value from outside (a draft opened), never by its own echo
  const emitted = useRef<string | null | undefined>(null);
  useEffect(() => {
    if (!el.current || value === emitted.current) return;
    el.current.innerHTML = value || EMPTY;
  }, [value]);
  const emit = () => {
    const node = el.current;
    if (!node) return;
    // an emptied region is an empty body (the form's required rule says so), not an empty paragraph
    emitted.current = node.textContent?.trim() ? node.innerHTML : '';
    onChange?.(emitted.current);
  };
  const run = (command: string, arg?: string) => {
    el.current?.focus();
    document.execCommand(command, false, arg);
    emit();
  };
  const tool = (key: string, title: string, command: string, content: ReactNode, arg?: string) => (
    <Button
      key={key}
      size="small"
      // an icon says nothing to a screen reader: it is named; a worded button is named by its words
      aria-label={typeof content === 'string' ? undefined : title}
      title={title}
      data-testid={`${testId}-${key}`}
      // keep the selection in the text while the button is pressed
      onMouseDown={(ev) => ev.preventDefault()}
      onClick={() => run(command, arg)}
    >
      {content}
    </Button>
  );
  return (
    <div>
      <Space role="toolbar" aria-label={e.toolbar} size={4} wrap style={{ marginBottom: 6 }}>
        {tool('h2', e.heading, 'formatBlock', e.heading, 'h2')}
        {tool('h3', e.subheading, 'formatBlock', e.subheading, 'h3')}
        {tool('p', e.paragraph, 'formatBlock', e.paragraph, 'p')}
        {tool('bold', e.bold, 'bold', <BoldOutlined />)}
        {tool('italic', e.italic, 'italic', <ItalicOutlined />)}
        {tool('underline', e.underline, 'underline', <UnderlineOutlined />)}
        {tool('ul', e.bulletList, 'insertUnorderedList', <UnorderedListOutlined />)}
        {tool('ol', e.numberedList, 'insertOrderedList', <OrderedListOutlined />)}
        {tool('clear', e.clear, 'removeFormat', <ClearOutlined />)}
      </Space>
      <div
        ref={el}
        data-testid={testId}
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        contentEditable
        suppressContentEditableWarning
        lang="zh-CN"
        className="notice-body"
        tabIndex={0}
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={emit}
        onBlur={emit}
        style={{ minHeight: 200, maxHeight: 480, overflow: 'auto', padding: '4px 11px', border: '1px solid #d9d9d9', borderRadius: 6 }}
      />
    </div>
  );
}
