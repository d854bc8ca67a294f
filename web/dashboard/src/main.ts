// The dashboard page: sign in, pick a programme, watch its figures change live.
import type { Client } from 'graphql-ws';
import { ApiError, liveClient, request } from './api.js';
import { countryName, type Language, locales, text, type TextKey, valueName } from './i18n.js';
import { type Count, type Dashboard, dashboardSubscription, type Money } from './figures.js';
import './style.css';

const TOKEN_KEY = 'veza.token';
const LANGUAGE_KEY = 'veza.language';

const state: {
  language: Language;
  token: string | null;
  programmeId: string | null;
  dashboard: Dashboard | null;
  client: Client | null;
  stopWatching: (() => void) | null;
  status: { key: TextKey; detail?: string } | null;
} = {
  language: localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'bs',
  token: sessionStorage.getItem(TOKEN_KEY),
  programmeId: null,
  dashboard: null,
  client: null,
  stopWatching: null,
  status: null,
};

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const signInForm = $<HTMLFormElement>('#sign-in');
const chooser = $('#chooser');
const programmeSelect = $<HTMLSelectElement>('#programme');
const statusLine = $('#status');
const board = $('#dashboard');

/** An element with attributes and children; text is always set as text, never as HTML. */
function h(
  tag: string,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

// --- Rendering -------------------------------------------------------------------------------

function renderTexts() {
  document.documentElement.lang = state.language;
  document.title = text('title', state.language);
  for (const element of document.querySelectorAll<HTMLElement>('[data-text]')) {
    element.textContent = text(element.dataset.text as TextKey, state.language);
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-language]')) {
    button.setAttribute('aria-pressed', String(button.dataset.language === state.language));
  }
  const placeholder = programmeSelect.querySelector('option[value=""]');
  if (placeholder) placeholder.textContent = text('choose', state.language);
}

function renderStatus() {
  const status = state.status;
  statusLine.textContent = status
    ? `${text(status.key, state.language)}${status.detail ? ` ${status.detail}` : ''}`
    : '';
}

function setStatus(key: TextKey, detail?: string) {
  state.status = { key, detail };
  renderStatus();
}

/** A headline figure: a big number with a label and an optional note. */
function figure(id: string, label: TextKey, value: number | string, note?: string) {
  return h(
    'div',
    { class: 'figure' },
    h(
      'span',
      { class: typeof value === 'number' ? 'value' : 'value amount', 'data-figure': id },
      String(value),
    ),
    h('span', { class: 'label' }, text(label, state.language)),
    ...(note ? [h('span', { class: 'note' }, note)] : []),
  );
}

/** A withheld count shows as "< minimum" (or a dash when it shields one), a bar that long. */
function withheld(entry: Count, minimum: number) {
  if (entry.count !== null) return { value: entry.count, shown: String(entry.count) };
  return { value: minimum, shown: entry.fewerThan === null ? '—' : `< ${entry.fewerThan}` };
}

/** A horizontal bar chart: one bar per entry, widths relative to the largest. */
function bars(
  id: string,
  title: TextKey,
  entries: { label: string; value: number; shown?: string }[],
) {
  const largest = Math.max(1, ...entries.map((entry) => entry.value));
  const list = h('ul', { class: 'bars', 'data-chart': id });
  for (const entry of entries) {
    const fill = h('span', { class: 'fill' });
    // CSSOM, not a style attribute: the page's CSP allows only its own style sheet.
    fill.style.width = `${(100 * entry.value) / largest}%`;
    list.append(
      h(
        'li',
        {},
        h('span', { class: 'bar-label' }, entry.label),
        h('span', { class: 'bar' }, fill),
        h('span', { class: 'bar-value' }, entry.shown ?? String(entry.value)),
      ),
    );
  }
  if (!entries.length) list.append(h('li', { class: 'empty' }, text('none', state.language)));
  return h('section', { class: 'chart' }, h('h3', {}, text(title, state.language)), list);
}

/** "55.000,00 BAM" (one amount per currency); a dash for none. */
function amounts(list: Money[], language: Language): string {
  if (list.length === 0) return '—';
  return list
    .map(({ amount, currency }) =>
      new Intl.NumberFormat(locales(language), { style: 'currency', currency }).format(
        Number(amount),
      ),
    )
    .join(', ');
}

function renderDashboard() {
  const dashboard = state.dashboard;
  board.hidden = !dashboard;
  if (!dashboard) return board.replaceChildren();
  const language = state.language;
  const { partners, diaspora, events, actionItems, projectIdeas, money } = dashboard;
  const { communication, registrar } = dashboard;
  const t = (key: TextKey) => text(key, language);
  board.replaceChildren(
    h(
      'div',
      { class: 'figures' },
      figure(
        'partners-total',
        'partners',
        partners.total,
        `${partners.active} ${text('activePartners', language)}`,
      ),
      figure('diaspora-mapped', 'diaspora', diaspora.mapped ?? `< ${diaspora.minimumGroupSize}`),
      figure(
        'events-held',
        'eventsHeld',
        events.held,
        `${events.upcoming} ${text('upcoming', language)}`,
      ),
      figure(
        'ideas-total',
        'projectIdeas',
        projectIdeas.total,
        `${text('requested', language)} ${amounts(money.requested, language)}`,
      ),
      figure(
        'money-awarded',
        'awarded',
        amounts(money.awarded, language),
        `${text('committed', language)} ${amounts(money.committed, language)}`,
      ),
      figure(
        'action-items-open',
        'actionItemsOpen',
        actionItems.open,
        `${actionItems.overdue} ${text('overdue', language)}, ${actionItems.done} ${text('done', language)}`,
      ),
      figure(
        'bulletins-sent',
        'bulletinsSent',
        communication.bulletinsSent,
        `${communication.sent} ${t('emailsSent')}, ${communication.failed} ${t('deliveryFailed')}, ` +
          `${communication.withheld} ${t('withheld')}, ` +
          `${communication.unsubscribedSince} ${t('unsubscribed')}`,
      ),
      figure(
        'good-practices-published',
        'goodPractices',
        communication.goodPracticesPublished,
        `${communication.newsPublished} ${t('news')}`,
      ),
      figure(
        'registrar-adopted',
        'registrarAdopted',
        registrar.adopted,
        `${t('of')} ${registrar.partners}; ${registrar.inProgress} ${t('inProgress')}, ` +
          `${registrar.notStarted} ${t('notStarted')}`,
      ),
      figure(
        'registrar-requests-open',
        'registrarRequestsOpen',
        registrar.openRequests,
        `${registrar.overdueRequests} ${t('overdue')}`,
      ),
    ),
    h(
      'div',
      { class: 'charts' },
      bars(
        'partners-by-cohort',
        'byCohort',
        partners.byCohort.map((c) => ({ label: c.cohort, value: c.partners })),
      ),
      bars(
        'partners-by-unit',
        'byUnit',
        partners.byAdministrativeUnit.map((u) => ({
          label: valueName(u.administrativeUnit, language),
          value: u.partners,
        })),
      ),
      bars(
        'diaspora-by-country',
        'byCountry',
        diaspora.byCountry.map((c) => ({
          label: countryName(c.key, language),
          ...withheld(c, diaspora.minimumGroupSize),
        })),
      ),
      bars(
        'diaspora-by-interest',
        'byInterest',
        diaspora.byInterest.map((c) => ({
          label: valueName(c.key, language),
          ...withheld(c, diaspora.minimumGroupSize),
        })),
      ),
      bars(
        'events-by-kind',
        'byKind',
        events.byKind.map((k) => ({ label: valueName(k.kind, language), value: k.held })),
      ),
      bars(
        'ideas-by-stage',
        'byStage',
        projectIdeas.byStage.map((s) => ({ label: valueName(s.stage, language), value: s.ideas })),
      ),
      bars(
        'participants-by-group',
        'byStakeholderGroup',
        dashboard.participantsByStakeholderGroup.map((g) => ({
          label: valueName(g.stakeholderGroup, language),
          value: g.participants,
        })),
      ),
      bars(
        'action-items-by-owner',
        'openByOwner',
        actionItems.byOwnerMunicipality.map((o) => ({ label: o.municipalityName, value: o.open })),
      ),
    ),
  );
}

function render() {
  renderTexts();
  renderStatus();
  signInForm.hidden = state.token !== null;
  chooser.hidden = state.token === null;
  renderDashboard();
}

// --- Behaviour -------------------------------------------------------------------------------

async function loadProgrammes() {
  const data = await request<{
    programmes: { edges: { node: { id: string; code: string; name: string } }[] };
  }>('{ programmes(first: 100) { edges { node { id code name } } } }', {}, state.token!);
  programmeSelect.replaceChildren(
    h('option', { value: '' }, text('choose', state.language)),
    ...data.programmes.edges.map(({ node }) =>
      h('option', { value: node.id }, `${node.code} — ${node.name}`),
    ),
  );
}

function watch(programmeId: string) {
  state.stopWatching?.();
  state.programmeId = programmeId;
  state.dashboard = null;
  render();
  if (!programmeId) return;
  setStatus('connecting');
  state.client ??= liveClient(
    state.token!,
    (connected) => {
      if (!connected && state.programmeId) setStatus('disconnected');
    },
    signOut,
  );
  state.stopWatching = state.client.subscribe<{ dashboardUpdated: Dashboard }>(
    { query: dashboardSubscription, variables: { id: programmeId } },
    {
      next: (result) => {
        if (state.programmeId !== programmeId) return;
        const error = result.errors?.[0];
        if (error) {
          const code = (error.extensions as { code?: string } | undefined)?.code;
          if (code === 'FORBIDDEN') setStatus('forbidden');
          else setStatus('failed', error.message);
          return;
        }
        state.dashboard = result.data!.dashboardUpdated;
        setStatus(
          'live',
          new Date(state.dashboard.computedAt).toLocaleTimeString(locales(state.language)),
        );
        renderDashboard();
      },
      error: (error) => setStatus('failed', String((error as Error).message ?? error)),
      complete: () => {},
    },
  );
}

function signOut() {
  state.stopWatching?.();
  state.stopWatching = null;
  void state.client?.dispose();
  state.client = null;
  state.token = null;
  state.programmeId = null;
  state.dashboard = null;
  state.status = null;
  sessionStorage.removeItem(TOKEN_KEY);
  render();
}

signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(signInForm);
  request<{ signIn: { token: string } }>(
    'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
    { input: { email: form.get('email'), password: form.get('password') } },
  )
    .then(async ({ signIn }) => {
      state.token = signIn.token;
      sessionStorage.setItem(TOKEN_KEY, signIn.token);
      state.status = null;
      render();
      await loadProgrammes();
    })
    .catch((error: unknown) =>
      setStatus('signInFailed', error instanceof ApiError ? error.message : ''),
    );
});

programmeSelect.addEventListener('change', () => watch(programmeSelect.value));
$('#sign-out').addEventListener('click', signOut);
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-language]')) {
  button.addEventListener('click', () => {
    state.language = button.dataset.language === 'en' ? 'en' : 'bs';
    localStorage.setItem(LANGUAGE_KEY, state.language);
    render();
  });
}

render();
if (state.token) {
  loadProgrammes().catch((error: unknown) => {
    // An expired or revoked session: sign in again.
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') signOut();
    else setStatus('failed', String(error));
  });
}
