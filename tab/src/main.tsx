import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { browserEnvironment } from './host/environment';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App env={browserEnvironment()} />
  </StrictMode>,
);
