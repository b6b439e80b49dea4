import { escapeHtml } from '../../telemetry/highlight.js';

export interface PageConfig {
  title: string;
  /** A line under the title, e.g. the model and the agent's tools. */
  description: string;
  /** The upload limit, for people: "2.0 MB". */
  maxUploadLabel: string;
}

/**
 * The web UI's single page: markup, style and script inline, so it needs nothing from the network.
 * The script opens `/api/events` (Server-Sent Events) and places each UI message; the server has
 * already turned events into text and escaped, highlighted code.
 */
export function renderPage(config: PageConfig): string {
  // JSON inside <script>: "<" escaped so that no text can close the element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(config.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(config.title)}</h1>
  <p class="description">${escapeHtml(config.description)}</p>
</header>
<main id="transcript" aria-live="polite"></main>
<form id="composer" autocomplete="off">
  <div id="banner" role="alert" hidden></div>
  <textarea id="task" name="task" rows="2" placeholder="Type a task and press Enter (Shift+Enter for a new line)"></textarea>
  <div class="controls">
    <label class="attach">Attach files<input id="files" name="files" type="file" multiple></label>
    <span id="file-names"></span>
    <span id="status"></span>
    <button type="button" id="reset" title="Forget the conversation and start a new agent">Reset memory</button>
    <button type="button" id="stop" disabled>Stop</button>
    <button type="submit" id="send">Send</button>
  </div>
</form>
<script type="application/json" id="config">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
:root { --ink: #1d2330; --muted: #6b7280; --line: #e5e7eb; --accent: #4f46e5; --bg: #f8f9fb; --error: #b91c1c; --warn: #a16207; --ok: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); display: flex; flex-direction: column; height: 100vh; }
header { padding: 12px 24px; border-bottom: 1px solid var(--line); background: #fff; }
h1 { margin: 0; font-size: 18px; }
.description { margin: 2px 0 0; color: var(--muted); font-size: 13px; }
main { flex: 1; overflow-y: auto; padding: 16px 24px; display: flex; flex-direction: column; gap: 10px; }
.msg { max-width: 900px; padding: 10px 14px; border-radius: 10px; background: #fff; border: 1px solid var(--line); white-space: pre-wrap; }
.msg.task { align-self: flex-end; background: #eef2ff; border-color: #c7d2fe; }
.files { margin-top: 6px; display: flex; gap: 6px; flex-wrap: wrap; }
.file { font-size: 12px; background: #fff; border: 1px solid #c7d2fe; border-radius: 999px; padding: 1px 8px; }
.step, .plan { max-width: 900px; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 8px 14px; }
.step h3, .plan h3 { margin: 0 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--accent); }
.thought { margin: 4px 0; font-style: italic; white-space: pre-wrap; }
.live { margin: 4px 0; color: var(--muted); white-space: pre-wrap; font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 13px; }
pre { margin: 6px 0; padding: 8px 10px; border-radius: 6px; overflow-x: auto; font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, monospace; white-space: pre-wrap; word-break: break-word; }
pre.code { background: #0f172a; color: #e2e8f0; }
pre.observation { background: #f3f4f6; }
img.observation { display: block; max-width: 100%; margin: 6px 0; border: 1px solid var(--line); border-radius: 6px; }
.tok-comment { color: #94a3b8; } .tok-string { color: #86efac; } .tok-number { color: #fcd34d; } .tok-keyword { color: #f0abfc; } .tok-call { color: #67e8f9; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; }
.tool { font: 13px ui-monospace, Menlo, monospace; margin: 3px 0; white-space: pre-wrap; word-break: break-word; }
.tool .name { font-weight: 600; }
.tool.failed { color: var(--error); }
.step-error { color: var(--error); white-space: pre-wrap; margin: 4px 0; }
.step-error.warning { color: var(--warn); }
.footer { color: var(--muted); font-size: 12px; margin-top: 4px; }
.msg.answer { border-color: #86efac; background: #f0fdf4; }
.msg.answer strong { color: var(--ok); display: block; }
.msg.error { border-color: #fecaca; background: #fef2f2; color: var(--error); }
.msg.notice { border-color: #fde68a; background: #fffbeb; color: var(--warn); }
form { border-top: 1px solid var(--line); background: #fff; padding: 12px 24px; }
textarea { width: 100%; resize: vertical; font: inherit; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; }
.controls { display: flex; align-items: center; gap: 8px; margin-top: 8px; }
#status { flex: 1; color: var(--muted); font-size: 13px; }
button, .attach { font: inherit; font-size: 14px; border-radius: 8px; border: 1px solid var(--line); background: #fff; padding: 5px 12px; cursor: pointer; }
button:disabled { opacity: .45; cursor: default; }
#send { background: var(--accent); color: #fff; border-color: var(--accent); }
#stop:not(:disabled) { border-color: var(--error); color: var(--error); }
.attach input { display: none; }
#file-names { font-size: 12px; color: var(--muted); }
#banner { color: var(--error); font-size: 13px; margin-bottom: 6px; }
body.running #status::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 50%; border: 2px solid var(--accent); border-right-color: transparent; animation: spin .8s linear infinite; vertical-align: -1px; }
@keyframes spin { to { transform: rotate(360deg); } }
`;

/* The page's script. Plain ES2020 in a string: no template literals inside, so it embeds as is. */
const SCRIPT = `
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('config').textContent);
  var transcript = document.getElementById('transcript');
  var form = document.getElementById('composer');
  var taskBox = document.getElementById('task');
  var filesInput = document.getElementById('files');
  var fileNames = document.getElementById('file-names');
  var sendButton = document.getElementById('send');
  var stopButton = document.getElementById('stop');
  var resetButton = document.getElementById('reset');
  var statusLine = document.getElementById('status');
  var banner = document.getElementById('banner');
  var running = false;
  var steps = {};
  var plan = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function add(node) {
    return transcript.appendChild(node);
  }
  function stepBody(number) {
    if (!steps[number]) {
      var section = el('section', 'step');
      section.dataset.step = String(number);
      section.appendChild(el('h3', '', 'Step ' + number));
      steps[number] = add(section);
    }
    return steps[number];
  }
  function live(container) {
    var node = container.querySelector('.live');
    if (!node) node = container.appendChild(el('div', 'live'));
    return node;
  }
  function dropLive(container) {
    var node = container && container.querySelector('.live');
    if (node) node.remove();
  }
  function planBox() {
    if (!plan) {
      plan = add(el('section', 'plan'));
      plan.appendChild(el('h3', '', 'Plan'));
    }
    return plan;
  }
  function setRunning(value) {
    running = value;
    document.body.classList.toggle('running', value);
    sendButton.disabled = value;
    stopButton.disabled = !value;
    statusLine.textContent = value ? 'Running…' : '';
  }
  function showBanner(text) {
    banner.textContent = text;
    banner.hidden = !text;
  }

  function place(message) {
    var box;
    switch (message.kind) {
      case 'task':
        box = el('div', 'msg task', message.text);
        if (message.files.length) {
          var list = box.appendChild(el('div', 'files'));
          message.files.forEach(function (name) { list.appendChild(el('span', 'file', name)); });
        }
        add(box);
        steps = {};
        plan = null;
        return;
      case 'step':
        stepBody(message.step);
        return;
      case 'delta':
        box = message.plan ? planBox() : stepBody(message.step);
        live(box).textContent += message.text;
        return;
      case 'thought':
        box = stepBody(message.step);
        dropLive(box);
        if (message.text) box.appendChild(el('div', 'thought', message.text));
        return;
      case 'code':
        var pre = el('pre', 'code');
        var code = pre.appendChild(el('code'));
        code.innerHTML = message.html; // escaped and highlighted by the server
        stepBody(message.step).appendChild(pre);
        return;
      case 'tool_call':
        box = el('div', 'tool');
        box.dataset.call = message.id;
        box.appendChild(document.createTextNode('→ '));
        box.appendChild(el('span', 'name', message.name));
        box.appendChild(document.createTextNode('(' + message.args + ')'));
        stepBody(message.step).appendChild(box);
        return;
      case 'tool_result':
        box = el('div', message.isError ? 'tool result failed' : 'tool result');
        box.dataset.result = message.id;
        box.appendChild(document.createTextNode('← '));
        box.appendChild(el('span', 'name', message.name));
        box.appendChild(document.createTextNode(': ' + (message.isError ? 'Error: ' : '') + message.text));
        stepBody(message.step).appendChild(box);
        return;
      case 'observation':
        var details = el('details');
        details.open = true;
        details.appendChild(el('summary', '', 'Observation'));
        details.appendChild(el('pre', 'observation', message.text));
        stepBody(message.step).appendChild(details);
        return;
      case 'step_end':
        box = stepBody(message.step);
        dropLive(box);
        if (message.error) box.appendChild(el('div', message.warning ? 'step-error warning' : 'step-error', message.error));
        (message.images || []).forEach(function (url, index) {
          if (!/^data:image\\/(png|jpeg|gif|webp);base64,/.test(url)) return;
          var image = el('img', 'observation');
          image.src = url;
          image.alt = 'Step ' + message.step + ', image ' + (index + 1);
          box.appendChild(image);
        });
        box.appendChild(el('div', 'footer', message.footer));
        return;
      case 'plan':
        box = planBox();
        dropLive(box);
        box.appendChild(el('pre', 'observation', message.text));
        box.appendChild(el('div', 'footer', message.footer));
        plan = null;
        return;
      case 'final_answer':
        box = el('div', 'msg answer');
        box.appendChild(el('strong', '', 'Final answer'));
        box.appendChild(el('div', '', message.text));
        add(box);
        return;
      case 'error':
        add(el('div', 'msg error', message.text));
        return;
      case 'notice':
        add(el('div', 'msg notice', message.text));
        return;
      case 'status':
        setRunning(message.running);
        return;
      case 'reset':
        transcript.textContent = '';
        steps = {};
        plan = null;
        return;
    }
  }

  var events = new EventSource('api/events');
  events.onmessage = function (event) {
    var message = JSON.parse(event.data);
    // Follow the run while the reader is at the bottom; leave them alone if they scrolled up.
    var atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 60;
    receive(message);
    if (atBottom) transcript.scrollTop = transcript.scrollHeight;
  };
  function receive(message) {
    if (message.kind === 'snapshot') {
      transcript.textContent = '';
      steps = {};
      plan = null;
      message.messages.forEach(place);
      setRunning(message.running);
      document.body.dataset.connected = 'true';
      return;
    }
    place(message);
  }
  events.onerror = function () { statusLine.textContent = running ? 'Reconnecting…' : ''; };

  function post(path, body) {
    return fetch(path, { method: 'POST', body: body, headers: { 'x-smolagent-ui': '1' } }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || ('The server answered ' + response.status + '.'));
        return data;
      });
    });
  }

  function send() {
    var task = taskBox.value.trim();
    if (!task || running) return;
    var files = Array.prototype.slice.call(filesInput.files);
    showBanner('');
    var body = new FormData();
    body.append('task', task);
    files.forEach(function (file) { body.append('files', file, file.name); });
    sendButton.disabled = true;
    post('api/run', body).then(function () {
      taskBox.value = '';
      filesInput.value = '';
      fileNames.textContent = '';
    }, function (error) {
      sendButton.disabled = running;
      showBanner(error.message);
    });
  }

  form.addEventListener('submit', function (event) { event.preventDefault(); send(); });
  taskBox.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); send(); }
  });
  stopButton.addEventListener('click', function () { post('api/stop').catch(function (error) { showBanner(error.message); }); });
  resetButton.addEventListener('click', function () { showBanner(''); post('api/reset').catch(function (error) { showBanner(error.message); }); });
  filesInput.addEventListener('change', function () {
    var names = Array.prototype.map.call(filesInput.files, function (file) { return file.name; });
    fileNames.textContent = names.join(', ');
  });
  document.querySelector('.attach').title = 'Up to ' + config.maxUploadLabel + ' in all, passed to the agent as uploaded_files';
  setRunning(false);
  taskBox.focus();
})();
`;
