import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { AppContext } from './app-context';
import { createClient } from './client/api-client';
import { createAppStore } from './store/app-store';
import './styles.css';

const client = createClient();
const store = createAppStore(client);
store.connect();
void store.getState().loadStatus();
// Links in notifications open a run directly: /?run=<id>, and &engine=<name> for a remote engine's run.
const params = new URLSearchParams(window.location.search);
const linkedRun = Number(params.get('run'));
if (Number.isInteger(linkedRun) && linkedRun > 0) store.getState().openRun(linkedRun, params.get('engine'));

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppContext.Provider value={{ store, client }}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);
