// Docket's dashboard: the organization's jobs, live over jobUpdated (graphql-transport-ws
// spoken directly over the browser's WebSocket), uploads by GraphQL multipart.
const KEY_STORE = 'docket.apiKey';
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED']);
const QUEUE_FIELDS = 'queuePosition estimatedStartAt estimatedCompletionAt';
const JOB_FIELDS = `id endpoint status stage progress qualityGrade piiFindingsCount createdAt version
  document { filename } ${QUEUE_FIELDS}`;

const $ = (id) => document.getElementById(id);
const jobs = new Map();
let apiKey = localStorage.getItem(KEY_STORE);
let socket = null;
let openId = null;

async function gql(query, variables = {}) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data;
}

// What each endpoint needs besides the file: EXTRACT a JSON Schema, CLASSIFY and SPLIT categories.
const NEEDS_SCHEMA = new Set(['EXTRACT']);
const NEEDS_CATEGORIES = new Set(['CLASSIFY', 'SPLIT']);
const SAMPLE_SCHEMA = JSON.stringify(
  {
    type: 'object',
    properties: {
      invoiceNumber: { type: 'string', description: 'The invoice number' },
      issueDate: { type: 'string', format: 'date' },
      total: { type: 'number', description: 'Amount due, tax included' },
      currency: { type: 'string' },
    },
  },
  null,
  2,
);
const SAMPLE_CATEGORIES = 'invoice: a bill asking for payment\nreceipt: proof of a payment made\ncontract';

/** The options for the chosen endpoint, or an Error naming what is wrong with the inputs. */
function uploadOptions() {
  const endpoint = $('up-endpoint').value;
  const options = { ocr: $('up-ocr').value };
  if ($('up-redact').checked) options.redactPii = true;
  $('up-schema-error').textContent = '';
  $('up-categories-error').textContent = '';
  if (NEEDS_SCHEMA.has(endpoint)) {
    try {
      options.jsonSchema = JSON.parse($('up-schema').value);
    } catch (err) {
      return inputError('up-schema-error', `The JSON Schema is not valid JSON: ${err.message}`);
    }
    if (
      typeof options.jsonSchema !== 'object' ||
      options.jsonSchema === null ||
      Array.isArray(options.jsonSchema)
    )
      return inputError('up-schema-error', 'The JSON Schema must be an object, e.g. { "type": "object", … }');
  }
  if (NEEDS_CATEGORIES.has(endpoint)) {
    options.categories = $('up-categories')
      .value.split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const colon = line.indexOf(':');
        if (colon < 0) return { name: line };
        const description = line.slice(colon + 1).trim();
        return { name: line.slice(0, colon).trim(), ...(description ? { description } : {}) };
      });
    if (options.categories.length === 0)
      return inputError('up-categories-error', `${endpoint} needs at least one category`);
  }
  return { endpoint, options };
}

function inputError(id, message) {
  $(id).textContent = message;
  return new Error(message);
}

/** Shows the inputs the chosen endpoint takes, and only those. */
function showInputs() {
  const endpoint = $('up-endpoint').value;
  $('up-schema-box').hidden = !NEEDS_SCHEMA.has(endpoint);
  $('up-categories-box').hidden = !NEEDS_CATEGORIES.has(endpoint);
}

async function upload(file, { endpoint, options }) {
  const form = new FormData();
  const query = `mutation($file: File!, $endpoint: JobEndpoint, $options: JobOptionsInput) {
    uploadDocument(file: $file, endpoint: $endpoint, options: $options) { ${JOB_FIELDS} } }`;
  const variables = { file: null, endpoint, options };
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file, file.name);
  const res = await fetch('/graphql', {
    method: 'POST',
    // A header a cross-site form cannot send: the server refuses multipart without one.
    headers: { authorization: `Bearer ${apiKey}`, 'graphql-require-preflight': '1' },
    body: form,
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data.uploadDocument;
}

// --- Live updates ------------------------------------------------------------------------

function connect(attempt = 0) {
  const ws = new WebSocket(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    'graphql-transport-ws',
  );
  socket = ws;
  ws.onopen = () =>
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${apiKey}` } }));
  ws.onmessage = async (msg) => {
    const m = JSON.parse(msg.data);
    if (m.type === 'connection_ack') {
      attempt = 0;
      // The cursor first, then the list: every change after the list was read comes as an event,
      // even one made while the server sets the subscription up (upsert keeps the newer version).
      let since;
      try {
        since = (await gql('query { eventCursor }')).eventCursor;
      } catch {
        ws.close();
        return;
      }
      setLive(true);
      ws.send(
        JSON.stringify({
          id: 'jobs',
          type: 'subscribe',
          payload: {
            query: `subscription($since: String) { jobUpdated(since: $since) { ${JOB_FIELDS} } }`,
            variables: { since },
          },
        }),
      );
      // Whatever changed while the socket was down.
      void loadJobs();
    } else if (m.type === 'next' && m.payload?.data?.jobUpdated) {
      upsert(m.payload.data.jobUpdated);
      // A job that starts, ends or joins the queue moves the others' places: no event says so.
      refreshQueueSoon();
    } else if (m.type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong' }));
    }
  };
  ws.onclose = (ev) => {
    setLive(false);
    if (socket !== ws) return;
    if (ev.code === 4403) return signOut('The key was refused or revoked.');
    setTimeout(() => connect(attempt + 1), Math.min(30_000, 500 * 2 ** attempt));
  };
}

function setLive(on) {
  $('live').dataset.state = on ? 'on' : 'off';
  $('live').textContent = on ? 'live' : 'reconnecting…';
}

// --- Jobs table ----------------------------------------------------------------------------

async function loadJobs() {
  const data = await gql(`query { jobs(first: 100) { nodes { ${JOB_FIELDS} } } }`);
  for (const job of data.jobs.nodes) upsert(job, false);
  render();
}

let queueRefresh = null;

/** Re-reads the queued jobs' positions and ETAs, at most once a second. */
function refreshQueueSoon() {
  if (queueRefresh) return;
  queueRefresh = setTimeout(async () => {
    try {
      const data = await gql(
        `query { jobs(first: 100, filter: { status: [QUEUED, IN_PROGRESS] }) { nodes { id version ${QUEUE_FIELDS} } } }`,
      );
      for (const job of data.jobs.nodes) upsert(job, false);
      render();
    } catch {
      // The next event tries again; the rows keep their last estimate meanwhile.
    } finally {
      queueRefresh = null;
    }
  }, 1000);
}

function upsert(job, draw = true) {
  const known = jobs.get(job.id);
  if (known && known.version > job.version) return;
  jobs.set(job.id, { ...known, ...job });
  if (draw) render();
  if (openId === job.id) void showDetail(job.id);
}

function matches(job) {
  const status = $('f-status').value;
  const endpoint = $('f-endpoint').value;
  const name = $('f-name').value.trim().toLowerCase();
  return (
    (!status || job.status === status) &&
    (!endpoint || job.endpoint === endpoint) &&
    (!name || (job.document?.filename ?? '').toLowerCase().includes(name))
  );
}

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  if (text instanceof Node) td.append(text);
  else td.textContent = text;
  return td;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** "next · starts ~14:02 · done ~14:05" on a queued row, "done ~14:05" on a running one. */
function queueText(job) {
  const time = (iso) => new Date(iso).toLocaleTimeString();
  const parts = [];
  if (job.status === 'QUEUED' && job.queuePosition != null) {
    parts.push(job.queuePosition === 0 ? 'next' : `${job.queuePosition} ahead`);
  }
  if (job.status === 'QUEUED' && job.estimatedStartAt) parts.push(`starts ~${time(job.estimatedStartAt)}`);
  if (!TERMINAL.has(job.status) && job.estimatedCompletionAt)
    parts.push(`done ~${time(job.estimatedCompletionAt)}`);
  return parts.join(' · ');
}

/** Each job's row, kept from one render to the next, with the values it was last drawn from. */
const rowNodes = new Map();

function rowKey(job) {
  return JSON.stringify([
    job.document?.filename,
    job.endpoint,
    job.status,
    job.stage,
    queueText(job),
    job.progress,
    job.qualityGrade,
    job.piiFindingsCount,
    job.createdAt,
  ]);
}

function fillRow(tr, job) {
  tr.dataset.status = job.status;
  const pill = el('span', { className: 'pill', textContent: job.status.replace('_', ' ') });
  pill.dataset.status = job.status;
  const status = el('span', {}, pill);
  if (job.stage && !TERMINAL.has(job.status))
    status.append(el('span', { className: 'stage', textContent: job.stage.replace('_', ' ').toLowerCase() }));
  const queue = queueText(job);
  if (queue) status.append(el('span', { className: 'queue', textContent: queue }));
  const track = el('span', { className: 'bar-track' }, el('span', { className: 'bar-fill' }));
  track.firstChild.style.width = `${Math.round(job.progress * 100)}%`;
  tr.replaceChildren(
    cell(job.document?.filename ?? '—', 'doc'),
    cell(job.endpoint),
    cell(status, 'status'),
    cell(el('span', {}, track, ` ${Math.round(job.progress * 100)}%`)),
    cell(job.qualityGrade ?? '—', job.qualityGrade ? `grade grade-${job.qualityGrade}` : 'muted'),
    cell(job.piiFindingsCount ?? '—', 'pii'),
    cell(new Date(job.createdAt).toLocaleString(), 'muted'),
  );
}

// Rows are redrawn only where something shown changed, and moved only when the order did: a
// render between a click's mousedown and mouseup that replaced the row under the pointer lost
// the click (the queue refresh a second after each event made that happen now and then).
function render() {
  const rows = [...jobs.values()].filter(matches).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const tbody = $('jobs').querySelector('tbody');
  const trs = rows.map((job) => {
    let node = rowNodes.get(job.id);
    if (!node) {
      node = { tr: el('tr'), key: '' };
      node.tr.dataset.id = job.id;
      rowNodes.set(job.id, node);
    }
    const key = rowKey(job);
    if (node.key !== key) {
      fillRow(node.tr, job);
      node.key = key;
    }
    return node.tr;
  });
  const shown = tbody.children;
  if (trs.length !== shown.length || trs.some((tr, i) => shown[i] !== tr)) tbody.replaceChildren(...trs);
  for (const id of rowNodes.keys()) if (!jobs.has(id)) rowNodes.delete(id);
  $('empty').hidden = rows.length > 0;
  $('count').textContent = `${rows.length} of ${jobs.size} jobs`;
}

// --- Detail --------------------------------------------------------------------------------

/** Counts detail reads: only the latest one is drawn. */
let detailRead = 0;

async function showDetail(id) {
  if (openId !== id) $('d-error').textContent = '';
  openId = id;
  $('detail').hidden = false;
  // Two events in quick succession start two reads; their answers may come back in either
  // order, and an earlier one drawn last would show a state the job has left.
  const read = ++detailRead;
  let job;
  try {
    ({ job } = await gql(
      `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} qualityScore processingSummary startedAt completedAt
        error { code message category stage } priority
        attemptHistory { attempt startedAt outcome error { code category stage } }
        warnings { code message page }
        response { statusCode body } feedback { rating comment createdAt } } }`,
      { id },
    ));
  } catch (err) {
    $('d-error').textContent = err.message;
    return;
  }
  if (read !== detailRead || openId !== id || !job) return;
  $('d-title').textContent = job.document?.filename ?? job.id;
  const fields = [
    ['Id', job.id],
    ['Status', job.status + (job.stage && !TERMINAL.has(job.status) ? ` · ${job.stage}` : '')],
    ['Endpoint', job.endpoint],
    ['Grade', job.qualityGrade ? `${job.qualityGrade} (${job.qualityScore?.toFixed(2)})` : '—'],
    ['PII findings', job.piiFindingsCount ?? '—'],
    ['Summary', job.processingSummary ?? '—'],
    ['Created', new Date(job.createdAt).toLocaleString()],
    ['Finished', job.completedAt ? new Date(job.completedAt).toLocaleString() : '—'],
  ];
  if (job.priority !== 'NORMAL') fields.push(['Priority', job.priority]);
  if (job.error) {
    const where = job.error.stage ? ` at ${job.error.stage}` : '';
    fields.push(['Error', `${job.error.code} (${job.error.category}${where}): ${job.error.message}`]);
  }
  for (const a of job.attemptHistory.length > 1 ? job.attemptHistory : []) {
    const why = a.error ? ` · ${a.error.code} (${a.error.category})` : '';
    fields.push([
      `Attempt ${a.attempt}`,
      `${a.outcome ?? 'running'} · ${new Date(a.startedAt).toLocaleString()}${why}`,
    ]);
  }
  $('d-fields').replaceChildren(
    ...fields.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: String(v) })]),
  );
  $('d-warnings').hidden = job.warnings.length === 0;
  $('d-warning-list').replaceChildren(
    ...job.warnings.map((w) =>
      el(
        'li',
        {},
        el('code', { textContent: w.page === null ? w.code : `${w.code} · page ${w.page}` }),
        el('div', { textContent: w.message }),
      ),
    ),
  );
  $('detail').dataset.status = job.status;
  $('d-cancel').hidden = TERMINAL.has(job.status);
  $('d-retry').hidden = job.status !== 'FAILED' && job.status !== 'CANCELLED';
  $('d-result').textContent = job.response
    ? JSON.stringify(job.response.body, null, 2)
    : job.error
      ? JSON.stringify(job.error, null, 2)
      : 'No result yet.';
  $('d-feedback').hidden = !TERMINAL.has(job.status);
  $('d-feedback-list').replaceChildren(
    ...job.feedback.map((f) =>
      el('li', { textContent: `${f.rating === 'POSITIVE' ? '✓' : '✗'} ${f.comment ?? ''}` }),
    ),
  );
}

async function sendFeedback(rating) {
  const comment = $('d-comment').value.trim();
  try {
    await gql(`mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`, {
      input: { jobId: openId, rating, ...(comment ? { comment } : {}) },
    });
  } catch (err) {
    $('d-error').textContent = err.message;
    return;
  }
  $('d-comment').value = '';
  await showDetail(openId);
}

// --- Usage ---------------------------------------------------------------------------------

const USAGE_QUERY = `query($from: DateTime, $to: DateTime) { usage(from: $from, to: $to) {
  jobs pages byEndpoint { endpoint jobs pages } byDay { day jobs pages } } }`;

/** A date input's day as the start of that UTC day; undefined when left empty. */
function usageDay(id) {
  const value = $(id).value;
  return value ? `${value}T00:00:00Z` : undefined;
}

function usageRows(tableId, rows) {
  $(tableId)
    .querySelector('tbody')
    .replaceChildren(
      ...rows.map(([name, jobCount, pages]) =>
        el('tr', {}, cell(name), cell(String(jobCount), 'num'), cell(String(pages), 'num')),
      ),
    );
}

async function loadUsage() {
  $('usage-error').textContent = '';
  const from = usageDay('usage-from');
  const to = usageDay('usage-to');
  let usage;
  try {
    ({ usage } = await gql(USAGE_QUERY, { ...(from ? { from } : {}), ...(to ? { to } : {}) }));
  } catch (err) {
    // The server names what is wrong (from after to, a range too long); the last figures go.
    $('usage-error').textContent = err.message;
    $('usage-total').textContent = '';
    usageRows('usage-endpoints', []);
    usageRows('usage-days', []);
    return;
  }
  const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  $('usage-total').textContent = `${count(usage.jobs, 'job')} · ${count(usage.pages, 'page')}`;
  usageRows(
    'usage-endpoints',
    usage.byEndpoint.map((e) => [e.endpoint, e.jobs, e.pages]),
  );
  usageRows(
    'usage-days',
    usage.byDay.map((d) => [d.day, d.jobs, d.pages]),
  );
}

function toggleUsage() {
  const open = $('usage').hidden;
  $('usage').hidden = !open;
  $('usage-toggle').setAttribute('aria-expanded', String(open));
  if (open) void loadUsage();
}

// --- Wiring --------------------------------------------------------------------------------

async function uploadAll(files) {
  const list = [...files];
  const request = uploadOptions();
  $('upload-errors').replaceChildren();
  if (request instanceof Error) {
    $('upload-status').textContent = `Nothing uploaded: ${request.message}`;
    return;
  }
  let done = 0;
  let failed = 0;
  const status = () => {
    $('upload-status').textContent =
      `Uploaded ${done} of ${list.length}${failed ? ` · ${failed} failed` : ''}`;
  };
  status();
  // A few at a time: fifty dropped PDFs should not open fifty requests at once.
  const queue = [...list];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      try {
        upsert(await upload(file, request));
        done++;
      } catch (err) {
        failed++;
        $('upload-errors').append(el('li', {}, el('strong', { textContent: file.name }), `: ${err.message}`));
      }
      status();
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}

function signOut(message = '') {
  localStorage.removeItem(KEY_STORE);
  apiKey = null;
  const ws = socket;
  socket = null;
  ws?.close();
  jobs.clear();
  $('app').hidden = true;
  $('detail').hidden = true;
  $('forget').hidden = true;
  $('usage-toggle').hidden = true;
  $('usage').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
}

async function signIn(key) {
  apiKey = key;
  try {
    await loadJobs();
  } catch (err) {
    return signOut(err.message);
  }
  localStorage.setItem(KEY_STORE, key);
  $('login').hidden = true;
  $('app').hidden = false;
  $('forget').hidden = false;
  $('usage-toggle').hidden = false;
  connect();
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void signIn($('key').value.trim());
});
$('forget').addEventListener('click', () => signOut());
$('usage-toggle').addEventListener('click', toggleUsage);
$('usage-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void loadUsage();
});
for (const id of ['f-status', 'f-endpoint', 'f-name']) $(id).addEventListener('input', render);
$('up-schema').value = SAMPLE_SCHEMA;
$('up-categories').value = SAMPLE_CATEGORIES;
$('up-schema-sample').addEventListener('click', () => {
  $('up-schema').value = SAMPLE_SCHEMA;
  $('up-schema-error').textContent = '';
});
$('up-categories-sample').addEventListener('click', () => {
  $('up-categories').value = SAMPLE_CATEGORIES;
  $('up-categories-error').textContent = '';
});
$('up-endpoint').addEventListener('input', showInputs);
showInputs();
$('file').addEventListener('change', (e) => {
  void uploadAll(e.target.files);
  e.target.value = '';
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  void uploadAll(e.dataTransfer.files);
});
$('jobs')
  .querySelector('tbody')
  .addEventListener('click', (e) => {
    const id = e.target.closest('tr')?.dataset.id;
    if (id) void showDetail(id);
  });
$('d-close').addEventListener('click', () => {
  openId = null;
  $('detail').hidden = true;
});
$('d-cancel').addEventListener('click', async () => {
  try {
    upsert(
      (await gql(`mutation($id: ID!) { cancelJob(id: $id) { ${JOB_FIELDS} } }`, { id: openId })).cancelJob,
    );
  } catch (err) {
    $('d-error').textContent = err.message;
  }
});
$('d-retry').addEventListener('click', async () => {
  try {
    upsert(
      (await gql(`mutation($id: ID!) { retryJob(id: $id) { ${JOB_FIELDS} } }`, { id: openId })).retryJob,
    );
  } catch (err) {
    $('d-error').textContent = err.message;
    return;
  }
  await showDetail(openId);
});
for (const id of ['d-good', 'd-bad'])
  $(id).addEventListener('click', (e) => void sendFeedback(e.currentTarget.dataset.rating));

if (apiKey) void signIn(apiKey);
else $('login').hidden = false;
