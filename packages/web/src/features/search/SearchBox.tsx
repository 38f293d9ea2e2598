import { Input } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';

/** The one search box of the signed-in header (or, with `portal`, of the public portal): opens the results page for what was typed. */
export function SearchBox({ width = 240, portal = false }: { width?: number | string; portal?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [value, setValue] = useState(params.get('q') ?? '');
  return (
    <Input.Search
      data-testid="search-box"
      aria-label={t.search.label}
      placeholder={portal ? t.search.publicPlaceholder : t.search.placeholder}
      maxLength={100}
      allowClear
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onSearch={(q) => {
        if (q.trim()) void navigate(`${portal ? '/public/search' : '/app/search'}?${new URLSearchParams({ q: q.trim() }).toString()}`);
      }}
      style={{ width }}
    />
  );
}
