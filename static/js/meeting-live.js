/* The live meeting: one websocket, events applied in sequence order, nothing lost.
 * - keeps the last sequence number seen and sends it when (re)connecting: the server replays
 *   every later event, in order;
 * - every message carries a client id; unacknowledged messages are resent after a reconnect and
 *   the server applies each once; a message the server could not take just now (the database
 *   briefly unreachable, the server busy: "unavailable"/"busy") is resent after a pause;
 * - reconnects by itself with back-off and says so calmly; without a websocket the forms post
 *   over plain HTTP (the page then reloads and catches up);
 * - when the server ends access (logged out, removed, a new declaration to sign, the meeting
 *   cancelled or gone, too many windows open: a 4xxx close code listed in #live-close-reasons)
 *   it says why and does not reconnect;
 * - the page follows the server's state after every event (and on load): the current item
 *   marked in the agenda, the one hand button, where a message will go, the time spent on the
 *   current item; what was typed stays until the server accepted it; only live events that
 *   matter are announced (not a catch-up, not one's own actions, not people coming and going);
 * - when the checker holds a text back (a "held" reply, to this page only) the page shows the
 *   author's own text with the findings marked, built node by node (never as HTML), keeps the
 *   text in its box, and offers to confirm each finding that is not a known identifier and send
 *   again, or to edit.
 */
(function () {
  "use strict";

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }

  var root = document.getElementById("live");
  if (!root || !("WebSocket" in window)) { return; }

  var lastSeq = parseInt(root.dataset.lastSeq, 10) || 0;
  var pending = new Map();
  var socket = null;
  var backoff = 1000;
  var connection = document.getElementById("live-connection");
  var announcer = document.getElementById("live-announcer");
  var errorBox = document.getElementById("live-error");
  var csrf = document.getElementById("live-csrf");
  var ended = document.getElementById("live-ended");
  var reasons = document.getElementById("live-close-reasons");

  function clientId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function isOpen() { return socket && socket.readyState === WebSocket.OPEN; }

  function setOnline(online) {
    root.classList.toggle("is-offline", !online);
    connection.textContent = online ? root.dataset.onlineText : root.dataset.offlineText;
  }

  function announce(text) {
    if (!text) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function fillCsrf(scope) {
    scope.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (input) {
      if (!input.value && csrf) { input.value = csrf.value; }
    });
  }

  // A message's remove button is for the chair and its author; a broadcast partial is the same
  // for everyone, so the page shows the button where it applies (the server checks again).
  function revealRedact(scope) {
    var chair = root.classList.contains("is-chair");
    var entries = Array.prototype.slice.call(scope.querySelectorAll(".message-entry"));
    if (scope.matches(".message-entry")) { entries.push(scope); }
    entries.forEach(function (entry) {
      var form = entry.querySelector("form.message-redact");
      if (form && (chair || entry.dataset.authorId === root.dataset.userId)) { form.hidden = false; }
    });
  }

  function markCurrent(itemId) {
    document.querySelectorAll("#live-agenda .agenda-entry").forEach(function (entry) {
      if (entry.dataset.itemId === String(itemId)) { entry.setAttribute("aria-current", "step"); }
      else { entry.removeAttribute("aria-current"); }
    });
  }

  // --- The page follows the server's state (each event's partials, and the page on load). ---

  var ownIds = new Set();
  var drafts = new Map();
  var QUIET_EVENTS = ["member.joined", "member.left"];
  var serverSkew = (parseInt(root.dataset.serverTime, 10) * 1000 || Date.now()) - Date.now();

  function currentItem() { return document.getElementById("current-item"); }

  function markCurrentFromPage() {
    var current = currentItem();
    markCurrent(current && current.dataset.itemId ? current.dataset.itemId : "");
  }

  // One hand button: raises the hand, or lowers it while this member's hand is in the list.
  function syncHandToggle() {
    var form = root.querySelector("form[data-hand-toggle]");
    if (!form) { return; }
    var mine = !!root.querySelector('#live-hands [data-user-id="' + root.dataset.userId + '"]');
    var button = form.querySelector("button");
    form.querySelector('input[name="type"]').value = mine ? "hand.clear" : "hand.raise";
    button.setAttribute("aria-pressed", mine ? "true" : "false");
    button.textContent = mine ? button.dataset.lowerText : button.dataset.raiseText;
  }

  // Says, before sending, which item a message will go to (or that none is open yet).
  function syncMessageTarget() {
    var target = document.getElementById("live-body-target");
    var current = currentItem();
    if (!target || !current) { return; }
    var open = !!current.dataset.itemId;
    target.querySelector("[data-with-item]").hidden = !open;
    target.querySelector("[data-without-item]").hidden = open;
    var title = document.getElementById("current-item-title");
    if (open && title) { document.getElementById("live-body-item").textContent = title.textContent; }
  }

  // The time spent on the current item against its planned minutes (the chair's bar).
  function tickClock() {
    var clock = document.getElementById("live-clock");
    var current = currentItem();
    var opened = current ? parseInt(current.dataset.openedAt, 10) : 0;
    if (!clock) { return; }
    if (!opened) { clock.hidden = true; return; }
    var spent = Math.max(0, Math.floor((Date.now() + serverSkew - opened * 1000) / 60000));
    var planned = parseInt(current.dataset.plannedMinutes, 10) || 0;
    var text = planned ? clock.dataset.plannedText.replace("{planned}", planned) : clock.dataset.text;
    clock.textContent = text.replace("{spent}", spent);
    clock.classList.toggle("is-over", planned > 0 && spent > planned);
    clock.hidden = false;
  }

  function followState() {
    markCurrentFromPage();
    syncHandToggle();
    syncMessageTarget();
    tickClock();
  }

  // What was typed is kept until the server accepted it: a refusal (no item open yet, too
  // long, a lost connection) leaves it in place to send again.
  function holdDraft(id, form) {
    var sent = [];
    form.querySelectorAll("textarea").forEach(function (area) { sent.push([area, area.value]); });
    drafts.set(id, { form: form, sent: sent });
  }

  function settleDraft(id, accepted) {
    var draft = drafts.get(id);
    if (!draft) { return; }
    drafts.delete(id);
    if (!accepted || !draft.form.isConnected) { return; }
    var untouched = draft.sent.every(function (pair) { return pair[0].value === pair[1]; });
    if (!untouched) { return; }
    draft.sent.forEach(function (pair) { pair[0].value = ""; });
    draft.form.querySelectorAll('input[type="date"]').forEach(function (input) { input.value = ""; });
    draft.form.querySelectorAll('input[type="checkbox"]').forEach(function (box) { box.checked = false; });
    draft.form.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
  }

  // A (re)connect first replays what the page missed (events marked `replay`): that changes
  // the page silently.
  function worthAnnouncing(message) {
    if (message.replay) { return false; }
    if (message.client_id && ownIds.has(message.client_id)) { return false; }
    return QUIET_EVENTS.indexOf(message.event) === -1;
  }

  function apply(message) {
    var data = message.data || {};
    if (data.remove) {
      var gone = document.getElementById(data.remove);
      if (gone) { gone.remove(); }
    }
    if (data.html && data.target) {
      var existing = document.getElementById(data.target);
      if (existing) {
        existing.outerHTML = data.html;
      } else if (data.container) {
        var container = document.getElementById(data.container);
        if (container) { container.insertAdjacentHTML("beforeend", data.html); }
      }
      fillCsrf(document.getElementById(data.target) || root);
      revealRedact(document.getElementById(data.target) || root);
    }
    if (data.status) { root.dataset.status = data.status; }
    if (data.current_item_id) { markCurrent(data.current_item_id); }
    if (worthAnnouncing(message)) { announce(data.announce); }
    followState();
  }

  // The form a client id was sent from, until the server answers: where a held-back text's
  // findings are shown, and where they go once the text is taken.
  var sentFrom = new Map();

  function taken(id) {
    var form = sentFrom.get(id);
    sentFrom.delete(id);
    if (form) { clearHeld(form); }
  }

  function clearHeld(form) {
    var panel = form.querySelector(".held-findings");
    if (panel) { panel.remove(); }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The author's own text with its findings marked; offsets count code points, as the server does.
  function markedText(field) {
    var chars = Array.from(field.text);
    var block = element("p", "share-highlight held-text");
    var position = 0;
    field.findings.forEach(function (finding) {
      if (finding.start < position || finding.end > chars.length) { return; }
      block.appendChild(document.createTextNode(chars.slice(position, finding.start).join("")));
      var mark = element("mark", "mark-finding", chars.slice(finding.start, finding.end).join(""));
      mark.dataset.kind = finding.kind;
      mark.title = finding.label;
      block.appendChild(mark);
      position = finding.end;
    });
    block.appendChild(document.createTextNode(chars.slice(position).join("")));
    return block;
  }

  function showHeld(form, message) {
    var confirmed = form.lastConfirmed || [];
    clearHeld(form);
    var panel = element("div", "held-findings");
    panel.setAttribute("role", "alert");
    panel.appendChild(element("p", "held-message", message.message));
    var seen = {};
    var others = [];
    message.fields.forEach(function (field) {
      panel.appendChild(markedText(field));
      field.findings.forEach(function (finding) {
        if (!finding.known && !seen[finding.key]) { seen[finding.key] = true; others.push(finding); }
      });
    });
    if (message.known_text) { panel.appendChild(element("p", "held-known", message.known_text)); }
    if (others.length) {
      var fieldset = element("fieldset", "share-confirm-findings");
      fieldset.appendChild(element("legend", "", root.dataset.heldLegend));
      others.forEach(function (finding, index) {
        var row = element("div", "field");
        var box = element("input");
        box.type = "checkbox"; box.name = "accepted"; box.value = finding.key;
        box.id = "held-" + form.dataset.type.replace(".", "-") + "-" + index;
        box.checked = confirmed.indexOf(finding.key) !== -1;
        var label = element("label", "", "\u201c" + finding.text + "\u201d (" + finding.label + ") " + root.dataset.heldConfirm);
        label.htmlFor = box.id;
        row.appendChild(box); row.appendChild(label);
        fieldset.appendChild(row);
      });
      panel.appendChild(fieldset);
      if (!message.known_text) {
        var send = element("button", "held-send", root.dataset.heldSend);
        send.type = "submit";
        panel.appendChild(send);
      }
    }
    var button = form.querySelector('button[type="submit"]:not(.held-send)');
    form.insertBefore(panel, button);
    announce(message.message);
  }

  function handle(message) {
    if (message.type === "event") {
      if (message.seq <= lastSeq) { return; }
      lastSeq = message.seq;
      root.dataset.lastSeq = String(lastSeq);
      apply(message);
      if (message.client_id) { pending.delete(message.client_id); settleDraft(message.client_id, true); taken(message.client_id); }
    } else if (message.type === "ack") {
      if (retryDelay.delete(message.client_id)) { errorBox.hidden = true; }
      pending.delete(message.client_id);
      settleDraft(message.client_id, true);
      taken(message.client_id);
    } else if (message.type === "held") {
      pending.delete(message.client_id);
      settleDraft(message.client_id, false);
      var form = sentFrom.get(message.client_id);
      sentFrom.delete(message.client_id);
      if (form) { showHeld(form, message); }
    } else if (message.type === "error" && RETRY_CODES.indexOf(message.code) !== -1 && pending.has(message.client_id)) {
      // A hiccup, not a refusal (the database briefly gone, the server busy): say so calmly
      // and send the same message again later; the server applies a client id once.
      errorBox.textContent = message.message;
      errorBox.hidden = false;
      retryLater(message.client_id);
    } else if (message.type === "error") {
      pending.delete(message.client_id);
      settleDraft(message.client_id, false);
      sentFrom.delete(message.client_id);
      errorBox.textContent = message.message;
      errorBox.hidden = false;
    }
  }

  var RETRY_CODES = ["unavailable", "busy"];
  var retryDelay = new Map();

  function retryLater(id) {
    var delay = Math.min(retryDelay.get(id) || 1000, 15000);
    retryDelay.set(id, delay * 2);
    window.setTimeout(function () {
      var envelope = pending.get(id);
      if (envelope && isOpen()) { socket.send(JSON.stringify(envelope)); }
    }, delay + Math.random() * 500);
  }

  function closeReason(code) {
    return reasons ? reasons.querySelector('[data-code="' + code + '"]') : null;
  }

  function end(reason) {
    pending.clear();
    root.classList.add("is-ended");
    connection.textContent = "";
    ended.innerHTML = reason.innerHTML;
    ended.hidden = false;
  }

  function send(envelope) {
    // The server closes the connection on a frame over its limit: say so instead of sending
    // (and resending after every reconnect) what can never arrive.
    var text = JSON.stringify(envelope);
    if (new Blob([text]).size > (parseInt(root.dataset.maxBytes, 10) || Infinity)) {
      errorBox.textContent = root.dataset.tooLargeText;
      errorBox.hidden = false;
      return false;
    }
    pending.set(envelope.client_id, envelope);
    if (isOpen()) { socket.send(text); }
    return true;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath + "?last_seq=" + lastSeq);
    socket.addEventListener("open", function () {
      backoff = 1000;
      setOnline(true);
      pending.forEach(function (envelope) { socket.send(JSON.stringify(envelope)); });
    });
    socket.addEventListener("message", function (event) {
      handle(JSON.parse(event.data));
    });
    socket.addEventListener("close", function (event) {
      var reason = closeReason(event.code);
      if (reason) { end(reason); return; }
      setOnline(false);
      window.setTimeout(connect, backoff + Math.random() * 500);
      backoff = Math.min(backoff * 2, 30000);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-live]")) { return; }
    var fields = new FormData(form);
    var id = clientId();
    if (!isOpen()) {
      // Plain HTTP fallback: the same action, applied once even if also resent later.
      fields.set("client_id", id);
      var hidden = form.querySelector('input[name="client_id"]') || document.createElement("input");
      hidden.type = "hidden"; hidden.name = "client_id"; hidden.value = id;
      form.appendChild(hidden);
      return;
    }
    event.preventDefault();
    var data = {};
    var confirmed = fields.getAll("accepted");
    fields.forEach(function (value, key) {
      if (key !== "csrfmiddlewaretoken" && key !== "type" && key !== "client_id" && key !== "accepted") { data[key] = value; }
    });
    if (confirmed.length) { data.accepted = confirmed; }
    errorBox.hidden = true;
    ownIds.add(id);
    if (!send({ type: fields.get("type"), client_id: id, data: data })) { return; }
    if (fields.get("type") === "message.post" || fields.get("type") === "measure.propose") { holdDraft(id, form); }
    form.dataset.type = fields.get("type");
    form.lastConfirmed = confirmed;
    sentFrom.set(id, form);
  });

  revealRedact(root);
  followState();
  window.setInterval(tickClock, 15000);
  connect();
})();
