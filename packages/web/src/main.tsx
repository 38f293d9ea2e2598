import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { focusableScrollRegions } from './components/scrollRegions';
import { loadStoredLang } from './i18n';
import { Providers } from './Providers';

const root = document.getElementById('root')!;
focusableScrollRegions(document.body); // dialogs render outside the root
// a failed fetch of the English strings leaves the page in Chinese rather than blank
void loadStoredLang()
  .catch(() => undefined)
  .then(() =>
    createRoot(root).render(
      <StrictMode>
        <Providers>
          <App />
        </Providers>
      </StrictMode>,
    ),
  );
