import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState, type ReactNode } from 'react';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { SESSION_KEY } from './api/session';
import { LangProvider, useI18n } from './i18n';

function makeQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // The session expired elsewhere: forget it, and the route guard sends the user to /login.
      onError: (err, query) => {
        if (err instanceof ApiError && err.status === 401 && query.queryKey[0] !== SESSION_KEY[0]) {
          client.setQueryData(SESSION_KEY, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}

/**
 * antd's defaults fall short of WCAG AA contrast (4.5:1) for links (#1677ff), danger red (#ff4d4f), warning and success text, descriptions and placeholders (45 % and
 * 25 % black); these keep the palette but darken them enough (axe-core checks it in the browser journeys).
 */
const THEME = {
  token: {
    colorPrimary: '#1d39c4',
    colorLink: '#1d39c4',
    colorError: '#cf1322',
    // Typography's warning and success text (a report's missing values, a check passed): gold-6 and green-6 read 2:1
    colorWarningText: '#874d00',
    colorSuccessText: '#237804',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
  components: {
    // tags draw their text in the palette's 7th shade (status tags: the bright status colour) on the 1st: 2–4:1
    Tag: {
      colorSuccess: '#135200',
      colorInfo: '#003eb3',
      colorWarning: '#873800',
      colorError: '#a8071a',
      green7: '#135200',
      blue7: '#003eb3',
      geekblue7: '#10239e',
      gold7: '#613400',
      orange7: '#873800',
      volcano7: '#871400',
      red7: '#a8071a',
      purple7: '#391085',
      magenta7: '#9e1068',
      cyan7: '#00474f',
      lime7: '#3f6600',
    },
  },
};

/**
 * Every dialog fits the screen (down to 1280×800): centred, its body scrolls inside the viewport so the footer's buttons stay
 * in view. The allowance is the dialog's own header, footer and padding, with a margin above and below.
 */
const MODAL = { centered: true, styles: { body: { maxHeight: 'calc(100vh - 200px)', overflowY: 'auto' as const } } };

function LocalisedAntd({ children }: { children: ReactNode }) {
  const { lang, antdLocale } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider locale={antdLocale} theme={THEME} modal={MODAL}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <LangProvider>
        <LocalisedAntd>
          <BrowserRouter>{children}</BrowserRouter>
        </LocalisedAntd>
      </LangProvider>
    </QueryClientProvider>
  );
}
