// Generation in the room: the prompt bar, "Your images" (four fixed-aspect slots per prompt that fill in as variants
// finish), per-variant badges and retry, star to share, iterate, the history tree, the shared stream in the rail,
// and a lightbox. User text is always set with textContent. Status changes are announced through an aria-live region.
import { apiFetch } from './api.js';
import { ModerationTarget, StreamRemovalReason, VariantStatus } from './protocol.js';

// The model's aspect-ratio sizes (server: AspectRatio.All); the only size choice users get.
export const ASPECT_RATIOS = [
  ['1:1', 1024, 1024], ['2:3', 832, 1248], ['3:2', 1248, 832], ['3:4', 864, 1184], ['4:3', 1184, 864],
  ['4:5', 896, 1152], ['5:4', 1152, 896], ['9:16', 768, 1344], ['16:9', 1344, 768], ['21:9', 1536, 672],
];

const failureText = {
  safety: 'Blocked by safety filters',
  rate_limited: 'Rate limited',
  provider_error: 'Provider error',
  timeout: 'Timed out',
  invalid_input: 'Invalid input',
};

const el = (tag, className, text) => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
};

export function createGeneration({ client, join, sessionId, displayNameOf }) {
  const $ = (id) => document.getElementById(id);
  const canCreate = join.role !== 'viewer';
  const generations = new Map(); // generationId -> { info, variants: [{status, imageId, percent, failureReason, retryable}], card }
  const images = new Map(); // imageId -> { generationId, index, prompt, width, height }
  const stream = new Map(); // itemId -> item
  const sharedByImage = new Map(); // imageId -> itemId (any owner)
  let ticket = null;
  let source = null; // { imageId, label }
  const list = $('generations');
  const announcer = $('gen-status');

  function announce(text) {
    // Re-setting the same text would not be announced again.
    announcer.textContent = '';
    requestAnimationFrame(() => { announcer.textContent = text; });
  }

  function imageUrl(imageId, variant) {
    return `/api/images/${encodeURIComponent(imageId)}?variant=${variant}&ticket=${encodeURIComponent(ticket ?? '')}`;
  }

  async function refreshTicket() {
    try {
      const t = await apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}/image-ticket`, { method: 'POST', token: join.token });
      ticket = t.ticket;
      const ms = Math.max(30_000, new Date(t.expiresAt).getTime() - Date.now() - 60_000);
      setTimeout(refreshTicket, ms);
    } catch {
      setTimeout(refreshTicket, 5000);
    }
  }

  // ---- prompt bar ----
  const form = $('prompt-form');
  const promptInput = $('prompt');
  const sizeSelect = $('size');
  form.hidden = !canCreate;
  for (const [name, w, h] of ASPECT_RATIOS) {
    const option = el('option', null, `${name} · ${w}×${h}`);
    option.value = name;
    sizeSelect.append(option);
  }

  function setSource(imageId, label) {
    source = imageId ? { imageId, label } : null;
    $('source-chip').hidden = !source;
    $('source-label').textContent = source ? `Iterating from: ${label}` : '';
    if (source) promptInput.focus();
  }
  $('source-clear').addEventListener('click', () => setSource(null));

  function generate() {
    const prompt = promptInput.value.trim();
    if (!prompt) { showError('Write a prompt first.'); return; }
    const seedText = $('seed').value.trim();
    const seed = seedText === '' ? null : Number(seedText);
    if (seed !== null && (!Number.isSafeInteger(seed) || seed < 0)) { showError('The seed must be a whole number.'); return; }
    client.request({ type: 'generate', prompt, aspectRatio: sizeSelect.value, seed, sourceImageId: source?.imageId ?? null });
    announce('Generating four images…');
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); generate(); });
  promptInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); generate(); }
  });

  $('upload').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/uploads`, {
        method: 'POST', headers: { Authorization: 'Bearer ' + join.token, 'Content-Type': file.type || 'application/octet-stream' }, body: file,
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error(body?.title || `Upload failed (${response.status})`);
      setSource(body.imageId, `your upload ${file.name}`);
    } catch (error) {
      showError(error.message);
    }
  });

  function showError(message) {
    const p = $('prompt-error');
    p.textContent = message;
    p.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => { p.hidden = true; }, 6000);
  }

  // ---- your images ----
  function ensureGeneration(info) {
    let g = generations.get(info.generationId);
    if (g) return g;
    g = { info, variants: Array.from({ length: info.variantCount ?? 4 }, () => ({ status: VariantStatus.queued, percent: 0 })) };
    generations.set(info.generationId, g);
    const card = el('article', 'generation');
    card.id = 'gen-' + info.generationId;
    card.dataset.generationId = info.generationId;
    const head = el('header', 'generation-head');
    const prompt = el('p', 'generation-prompt', info.prompt);
    const meta = el('p', 'generation-meta muted', `${info.aspectRatio} · ${info.width}×${info.height} · seed ${info.seed}`);
    if (info.sourceImageId) {
      const parent = images.get(info.sourceImageId);
      meta.append(' · iterated from ');
      const link = el('a', null, parent ? `“${parent.prompt.slice(0, 40)}”` : 'an input image');
      link.href = parent ? '#gen-' + parent.generationId : '#';
      meta.append(link);
    }
    head.append(prompt, meta);
    const grid = el('div', 'variant-grid');
    g.slots = g.variants.map((_, index) => {
      const slot = el('div', 'variant');
      slot.style.aspectRatio = `${info.width} / ${info.height}`;
      slot.dataset.index = String(index);
      grid.append(slot);
      return slot;
    });
    card.append(head, grid);
    g.card = card;
    list.prepend(card);
    $('canvas-empty').hidden = true;
    g.variants.forEach((_, i) => renderSlot(g, i));
    renderHistory();
    return g;
  }

  function renderSlot(g, index) {
    const v = g.variants[index];
    const slot = g.slots[index];
    slot.className = 'variant';
    slot.dataset.status = ['', 'queued', 'running', 'stored', 'failed'][v.status];
    slot.replaceChildren();
    const label = `Image ${index + 1} of “${g.info.prompt.slice(0, 60)}”`;
    if (v.status === VariantStatus.stored) {
      const open = el('button', 'variant-open');
      open.type = 'button';
      open.setAttribute('aria-label', `Open ${label}`);
      const img = el('img');
      img.alt = label;
      img.decoding = 'async';
      img.src = imageUrl(v.imageId, 'thumb');
      open.append(img);
      open.addEventListener('click', () => openLightbox({ imageId: v.imageId, prompt: g.info.prompt, width: v.width, height: v.height, seed: g.info.seed, aspectRatio: g.info.aspectRatio, owner: 'you', index }));
      const actions = el('div', 'variant-actions');
      const shared = sharedByImage.has(v.imageId);
      const star = el('button', 'star' + (shared ? ' on' : ''), shared ? '★' : '☆');
      star.type = 'button';
      star.setAttribute('aria-pressed', String(shared));
      star.setAttribute('aria-label', shared ? `Unshare ${label}` : `Share ${label} to the stream`);
      star.title = shared ? 'Shared: click to unshare' : 'Share to the stream';
      star.addEventListener('click', () => client.request({ type: sharedByImage.has(v.imageId) ? 'unfavorite' : 'favorite', imageId: v.imageId }));
      const iterate = el('button', 'iterate', '↻');
      iterate.type = 'button';
      iterate.title = 'Iterate from this image';
      iterate.setAttribute('aria-label', `Iterate from ${label}`);
      iterate.addEventListener('click', () => setSource(v.imageId, `“${g.info.prompt.slice(0, 40)}” #${index + 1}`));
      if (canCreate) actions.append(star, iterate);
      slot.append(open, actions);
    } else if (v.status === VariantStatus.failed) {
      slot.classList.add('failed');
      const badge = el('span', `variant-badge reason-${v.failureReason}`, failureText[v.failureReason] ?? 'Failed');
      slot.append(badge);
      if (v.retryable && canCreate) {
        const retry = el('button', 'small', 'Retry');
        retry.type = 'button';
        retry.setAttribute('aria-label', `Retry ${label}`);
        retry.addEventListener('click', () => client.request({ type: 'retryVariant', generationId: g.info.generationId, variantIndex: index }));
        slot.append(retry);
      }
    } else {
      slot.classList.add('skeleton');
      const bar = el('div', 'progress');
      bar.setAttribute('role', 'progressbar');
      bar.setAttribute('aria-label', label);
      bar.setAttribute('aria-valuemin', '0');
      bar.setAttribute('aria-valuemax', '100');
      bar.setAttribute('aria-valuenow', String(v.percent ?? 0));
      const fill = el('div', 'progress-fill');
      fill.style.width = `${v.percent ?? 0}%`;
      bar.append(fill);
      slot.append(el('span', 'variant-state', v.status === VariantStatus.running ? 'Drawing…' : 'Queued'), bar);
    }
  }

  function applyProgress(m) {
    const g = generations.get(m.generationId);
    if (!g) return;
    const v = g.variants[m.variantIndex];
    if (!v) return;
    // Progress (running with a percent) is ephemeral and never moves a finished variant back.
    if (m.status === VariantStatus.running && m.percent > 0 && (v.status === VariantStatus.stored || v.status === VariantStatus.failed)) return;
    const percentOnly = m.status === VariantStatus.running && v.status === VariantStatus.running && m.percent > 0;
    if (percentOnly) {
      v.percent = m.percent;
      const bar = g.slots[m.variantIndex].querySelector('.progress');
      if (bar) {
        bar.setAttribute('aria-valuenow', String(m.percent));
        bar.firstChild.style.width = `${m.percent}%`;
      }
      return;
    }
    v.live = true;
    Object.assign(v, { status: m.status, percent: m.percent, imageId: m.imageId ?? v.imageId, width: m.width, height: m.height, failureReason: m.failureReason, retryable: m.retryable });
    if (m.status === VariantStatus.stored) {
      images.set(m.imageId, { generationId: m.generationId, index: m.variantIndex, prompt: g.info.prompt, width: m.width, height: m.height });
      announce(`Image ${m.variantIndex + 1} of 4 is ready.`);
    } else if (m.status === VariantStatus.failed) {
      announce(`Image ${m.variantIndex + 1} of 4 failed: ${failureText[m.failureReason] ?? 'error'}.`);
    }
    renderSlot(g, m.variantIndex);
  }

  function fromLibrary(lg) {
    const g = ensureGeneration({ ...lg, variantCount: lg.variants.length });
    for (const v of lg.variants) {
      // The library is an HTTP read that can answer after the socket already said more: a variant the socket has
      // reported on keeps the socket's state (it is at least as new, and later changes come over the socket too).
      if (g.variants[v.index]?.live) continue;
      const status = { queued: VariantStatus.queued, running: VariantStatus.running, stored: VariantStatus.stored, failed: VariantStatus.failed }[v.status];
      g.variants[v.index] = { status, percent: 0, imageId: v.imageId, width: v.width, height: v.height, failureReason: v.failureReason, retryable: v.retryable };
      if (v.imageId) images.set(v.imageId, { generationId: lg.generationId, index: v.index, prompt: lg.prompt, width: v.width, height: v.height });
      renderSlot(g, v.index);
    }
  }

  async function loadLibrary() {
    const all = [];
    let cursor = null;
    do {
      const page = await apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}/library?limit=50${cursor ? '&cursor=' + cursor : ''}`, { token: join.token });
      all.push(...page.generations);
      cursor = page.nextCursor;
    } while (cursor && all.length < 500);
    for (const lg of all.reverse()) fromLibrary(lg); // oldest first, so the newest ends up on top
  }

  // ---- history tree ----
  function renderHistory() {
    const root = $('history');
    const children = new Map();
    const roots = [];
    for (const g of generations.values()) {
      const parent = g.info.sourceImageId ? images.get(g.info.sourceImageId)?.generationId : null;
      if (parent && generations.has(parent)) {
        if (!children.has(parent)) children.set(parent, []);
        children.get(parent).push(g);
      } else {
        roots.push(g);
      }
    }
    const build = (items) => {
      const ul = el('ul', 'tree');
      for (const g of items) {
        const li = el('li');
        const a = el('a', null, g.info.prompt.length > 48 ? g.info.prompt.slice(0, 47) + '…' : g.info.prompt);
        a.href = '#gen-' + g.info.generationId;
        li.append(a);
        const kids = children.get(g.info.generationId);
        if (kids) li.append(build(kids));
        ul.append(li);
      }
      return ul;
    };
    root.replaceChildren(build(roots));
    $('history-panel').hidden = generations.size === 0;
  }

  // ---- shared stream ----
  const streamGrid = $('stream');
  function addStreamItem(item, quiet) {
    if (stream.has(item.itemId)) return;
    stream.set(item.itemId, item);
    sharedByImage.set(item.imageId, item.itemId);
    const figure = el('figure', 'stream-item');
    figure.dataset.itemId = item.itemId;
    figure.dataset.ownerId = item.ownerId;
    const open = el('button', 'stream-open');
    open.type = 'button';
    open.setAttribute('aria-label', `Open “${item.prompt.slice(0, 60)}” by ${item.ownerName}`);
    open.style.aspectRatio = `${item.width} / ${item.height}`;
    const img = el('img');
    img.alt = item.prompt;
    img.decoding = 'async';
    img.src = imageUrl(item.imageId, 'thumb');
    open.append(img);
    open.addEventListener('click', () => openLightbox({ ...item, owner: item.ownerName }));
    const caption = el('figcaption', 'owner-tag', item.ownerId === join.participantId ? 'You' : item.ownerName);
    figure.append(open, caption);
    if (join.role === 'host') {
      const remove = el('button', 'stream-remove small', 'Remove');
      remove.type = 'button';
      remove.setAttribute('aria-label', `Remove “${item.prompt.slice(0, 40)}” by ${item.ownerName} from the stream`);
      remove.addEventListener('click', () => client.request({ type: 'removeContent', target: ModerationTarget.streamItem, targetId: item.itemId }));
      figure.append(remove);
    }
    streamGrid.prepend(figure);
    $('stream-empty').hidden = true;
    refreshStar(item.imageId);
    if (!quiet) announce(`${item.ownerId === join.participantId ? 'You' : item.ownerName} shared an image to the stream.`);
  }

  function removeStreamItem(m) {
    const item = stream.get(m.itemId);
    if (!item) return;
    stream.delete(m.itemId);
    sharedByImage.delete(item.imageId);
    streamGrid.querySelector(`[data-item-id="${CSS.escape(m.itemId)}"]`)?.remove();
    $('stream-empty').hidden = stream.size > 0;
    refreshStar(item.imageId);
    if (item.ownerId === join.participantId && m.reason === StreamRemovalReason.removedByHost && m.removedBy !== join.participantId) {
      const notice = `The host (${displayNameOf(m.removedBy) ?? 'host'}) removed your image from the shared stream.`;
      showError(notice);
      announce(notice);
    }
  }

  function refreshStar(imageId) {
    const image = images.get(imageId);
    const g = image && generations.get(image.generationId);
    if (g) renderSlot(g, image.index);
  }

  // ---- lightbox ----
  const dialog = $('lightbox');
  function openLightbox(item) {
    $('lightbox-img').src = imageUrl(item.imageId, 'original');
    $('lightbox-img').alt = item.prompt;
    $('lightbox-prompt').textContent = item.prompt;
    const facts = [`${item.width}×${item.height}`];
    if (item.aspectRatio) facts.push(item.aspectRatio);
    if (item.seed !== undefined) facts.push(`seed ${item.seed}`);
    if (item.index !== undefined) facts.push(`variant ${item.index + 1} of 4`);
    facts.push(`by ${item.owner}`);
    $('lightbox-meta').textContent = facts.join(' · ');
    dialog.showModal();
  }
  $('lightbox-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });

  // ---- messages ----
  function handle(m) {
    switch (m.type) {
      case 'welcome':
        if (m.snapshot) {
          // A fresh snapshot (first connect, or resume no longer possible): redraw the stream, reload the library.
          for (const itemId of [...stream.keys()]) removeStreamItem({ itemId });
          for (const item of m.snapshot.stream) addStreamItem(item, true);
          loadLibrary()
            .then(() => { document.body.dataset.generationReady = 'true'; })
            .catch((error) => showError('Your images could not be loaded: ' + error.message));
        }
        break;
      case 'generationAccepted':
        ensureGeneration(m);
        if (form.contains(document.activeElement)) promptInput.select();
        setSource(null);
        break;
      case 'variantProgress':
        applyProgress(m);
        break;
      case 'generationDone':
        announce(m.failedCount ? `${m.storedCount} of 4 images ready, ${m.failedCount} failed.` : 'All four images are ready.');
        break;
      case 'streamItemAdded':
        addStreamItem(m.item, false);
        break;
      case 'streamItemRemoved':
        removeStreamItem(m);
        break;
      case 'error':
        if (m.commandId) showError(m.retryAfterMs ? `${m.message} (try again in ${Math.ceil(m.retryAfterMs / 1000)} s)` : m.message);
        break;
      default:
        break;
    }
  }

  /** Gets the first image ticket; call before the socket starts so every <img> has one. */
  function start() {
    return refreshTicket();
  }

  return { handle, start };
}
