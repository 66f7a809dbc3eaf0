import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ensureIsolation } from './app/isolation';
import './ui/styles.css';
import './features/evaluation/evaluation.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
if (await ensureIsolation())
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
