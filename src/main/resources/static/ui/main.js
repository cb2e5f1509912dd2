// The page: settings and key first, then the view named in the location's hash.
import { api, apiKey, setApiKey, ApiError, $ } from './api.js';
import { TranslateView } from './translate.js';
import { TrainView } from './train.js';
import { ModelsView } from './models.js';

const VIEWS = ['translate', 'train', 'models'];

/** What the page knows of the server and of this client: settings, whether it is an admin. */
export const session = { settings: null, admin: false };

function banner(message) {
  const box = $('banner');
  box.textContent = message || '';
  box.hidden = !message;
}

/**
 * Whether the key (or, without keys, this client) may use the admin endpoints, told by GET /train
 * itself: 200 for an admin, 403 (admin-key-required, admin-local-only) for anyone else, 401 for an
 * unknown key.
 */
async function probeAdmin(key) {
  try {
    await api('/train', { key });
    return { valid: true, admin: true };
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return { valid: true, admin: false };
    if (e instanceof ApiError && e.status === 401) return { valid: false, admin: false, error: e.message };
    throw e;
  }
}

/** Asks for a key until the server takes it; kept in sessionStorage for this tab. */
function askKey(message) {
  const dialog = $('key-dialog');
  $('key-error').textContent = message || '';
  $('key-input').value = '';
  return new Promise((resolve) => {
    const form = $('key-form');
    const submit = async (event) => {
      event.preventDefault();
      const key = $('key-input').value.trim();
      if (!key) return;
      try {
        const probe = await probeAdmin(key);
        if (!probe.valid) {
          $('key-error').textContent = 'The server does not know this key.';
          return;
        }
        setApiKey(key);
        form.removeEventListener('submit', submit);
        dialog.close();
        resolve(probe);
      } catch (e) {
        $('key-error').textContent = e.message;
      }
    };
    form.addEventListener('submit', submit);
    dialog.addEventListener('cancel', (event) => event.preventDefault()); // a key is needed
    dialog.showModal();
  });
}

async function authenticate() {
  const settings = session.settings;
  let probe;
  if (settings.keyRequired) {
    probe = apiKey() ? await probeAdmin(apiKey()) : null;
    if (!probe || !probe.valid) {
      setApiKey(null);
      probe = await askKey(apiKey() ? 'The stored key is no longer valid.' : '');
    }
    $('change-key').hidden = false;
  } else {
    probe = await probeAdmin(null);
  }
  session.admin = probe.admin;
  document.body.classList.toggle('admin', probe.admin);
  $('who').textContent = settings.keyRequired
    ? probe.admin ? 'admin key' : 'translation key'
    : probe.admin ? 'admin (this host)' : '';
}

const views = {};
let current = null;

function show(name) {
  if (!VIEWS.includes(name)) name = 'translate';
  for (const view of VIEWS) {
    const selected = view === name;
    $(`view-${view}`).hidden = !selected;
    $(`tab-${view}`).setAttribute('aria-selected', String(selected));
    $(`tab-${view}`).tabIndex = selected ? 0 : -1;
  }
  if (current && current !== views[name]) current.leave?.();
  current = views[name];
  current.enter?.();
}

async function start() {
  try {
    session.settings = await api('/frontend/settings');
  } catch (e) {
    banner(`The server did not answer its settings: ${e.message}`);
    return;
  }
  await authenticate();
  views.translate = new TranslateView(session, banner);
  views.train = new TrainView(session, banner);
  views.models = new ModelsView(session, banner);
  $('change-key').addEventListener('click', async () => {
    setApiKey(null);
    const probe = await askKey('');
    session.admin = probe.admin;
    location.reload();
  });
  // Arrow keys move between the tabs, as the tabs pattern of WAI-ARIA has it.
  document.querySelector('.tabs').addEventListener('keydown', (event) => {
    const index = VIEWS.indexOf(location.hash.slice(1) || 'translate');
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const next = VIEWS[(index + step + VIEWS.length) % VIEWS.length];
    location.hash = next;
    $(`tab-${next}`).focus();
  });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
  document.body.dataset.ready = 'true';
}

start();
