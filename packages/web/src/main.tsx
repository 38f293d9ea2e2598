import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { focusableScrollRegions } from './components/scrollRegions';
import { Providers } from './Providers';

const root = document.getElementById('root')!;
focusableScrollRegions(document.body); // dialogs render outside the root
createRoot(root).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
