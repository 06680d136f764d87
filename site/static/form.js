// Progressive enhancement only (ES5, no framework): every form works without this script.
// With it:
// - each form gets a random submission id, so that a post sent twice (a double tap, a retry
//   on a bad connection, the offline queue) is stored once;
// - what is typed is kept as a draft in localStorage and restored when the page is opened
//   again, until the service has acknowledged it;
// - a form is sent as JSON; when the service cannot be reached it goes to a queue in the
//   browser (IndexedDB) and is sent automatically when the connection returns, with a visible
//   count of what is waiting and what was sent;
// - the survey and registration pages register a service worker (/forms/sw.js) that keeps
//   them and their assets for use without a connection.
(function () {
  var DRAFT = "lingong.draft.";
  var SENT = "lingong.sent";
  var PENDING = "lingong.pending";
  var OFFLINE_FORMS = { survey: 1, register: 1 };
  // Not part of a draft: the page's fresh time token and the honeypot.
  var SKIP = { started: 1, website: 1 };

  function store() {
    try {
      var s = window.localStorage;
      s.setItem("lingong.t", "1");
      s.removeItem("lingong.t");
      return s;
    } catch (e) {
      return null;
    }
  }
  var ls = store();

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = [];
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") + "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function newId(input) {
    try { input.value = uuid(); } catch (e) { /* the server derives one */ }
  }

  // The thank-you page after a plain post: the draft it came from has been stored.
  var done = document.getElementById("form-done");
  if (done && ls) {
    var pending = ls.getItem(PENDING);
    if (pending && pending.indexOf(DRAFT + done.getAttribute("data-form")) === 0) ls.removeItem(pending);
    ls.removeItem(PENDING);
  }

  // ---- The queue: IndexedDB, or localStorage where there is none. ----
  var queue = (function () {
    var dbp = null;
    function open(cb) {
      if (!window.indexedDB) return cb(null);
      if (dbp) return cb(dbp);
      var req;
      try { req = indexedDB.open("lingong", 1); } catch (e) { return cb(null); }
      req.onupgradeneeded = function () { req.result.createObjectStore("outbox", { keyPath: "id" }); };
      req.onsuccess = function () { dbp = req.result; cb(dbp); };
      req.onerror = function () { cb(null); };
    }
    function lsAll() {
      try { return JSON.parse((ls && ls.getItem("lingong.outbox")) || "[]"); } catch (e) { return []; }
    }
    function lsSave(list) { if (ls) ls.setItem("lingong.outbox", JSON.stringify(list)); }
    return {
      all: function (cb) {
        open(function (db) {
          if (!db) return cb(lsAll());
          var out = [];
          var cur = db.transaction("outbox", "readonly").objectStore("outbox").openCursor();
          cur.onsuccess = function () {
            var c = cur.result;
            if (c) { out.push(c.value); c["continue"](); } else { cb(out); }
          };
          cur.onerror = function () { cb(out); };
        });
      },
      put: function (rec, cb) {
        open(function (db) {
          if (!db) {
            var list = lsAll().filter(function (r) { return r.id !== rec.id; });
            list.push(rec);
            lsSave(list);
            return cb && cb();
          }
          var tx = db.transaction("outbox", "readwrite");
          tx.objectStore("outbox").put(rec);
          tx.oncomplete = function () { if (cb) cb(); };
        });
      },
      remove: function (id, cb) {
        open(function (db) {
          if (!db) {
            lsSave(lsAll().filter(function (r) { return r.id !== id; }));
            return cb && cb();
          }
          var tx = db.transaction("outbox", "readwrite");
          tx.objectStore("outbox")["delete"](id);
          tx.oncomplete = function () { if (cb) cb(); };
        });
      }
    };
  })();

  function post(action, data, cb) {
    var x = new XMLHttpRequest();
    var finished = false;
    function end(status, body) {
      if (finished) return;
      finished = true;
      var json = null;
      try { json = JSON.parse(body); } catch (e) { /* not JSON */ }
      cb(status, json);
    }
    x.open("POST", action, true);
    x.setRequestHeader("Content-Type", "application/json");
    x.setRequestHeader("Accept", "application/json");
    x.timeout = 20000;
    x.onload = function () { end(x.status, x.responseText); };
    x.onerror = x.ontimeout = x.onabort = function () { end(0, ""); };
    x.send(JSON.stringify(data));
  }

  // A status the service may give later: keep it in the queue and try again.
  function retryable(status) {
    return status === 0 || status === 408 || status === 429 || status >= 500;
  }

  function sentCount() { return parseInt((ls && ls.getItem(SENT)) || "0", 10) || 0; }

  var form = document.querySelector("form[data-form]");
  var status = null;
  var retryTimer = null;
  var retryDelay = 5000;
  var flushing = false;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.appendChild(document.createTextNode(text));
    if (cls) e.className = cls;
    return e;
  }

  function showStatus(list, message) {
    if (!status) return;
    var waiting = 0;
    var invalid = 0;
    for (var i = 0; i < list.length; i++) {
      if (list[i].errors) invalid++; else waiting++;
    }
    var sent = sentCount();
    status.setAttribute("data-waiting", String(waiting));
    status.setAttribute("data-sent", String(sent));
    status.setAttribute("data-invalid", String(invalid));
    while (status.firstChild) status.removeChild(status.firstChild);
    if (message) status.appendChild(el("p", message, "queue-message"));
    if (waiting) status.appendChild(el("p", "待发送：" + waiting + " 份，保存在本机，有网络时自动发送。"));
    if (invalid) {
      var p = el("p", "未通过检查：" + invalid + " 份，需要修改后再提交。");
      var b = el("button", "取出修改", "button secondary");
      b.type = "button";
      b.onclick = takeBackInvalid;
      p.appendChild(document.createTextNode(" "));
      p.appendChild(b);
      status.appendChild(p);
    }
    if (sent) status.appendChild(el("p", "本机已补发：" + sent + " 份（已送达）。"));
    status.hidden = !(message || waiting || invalid || sent);
  }

  function refresh(message) { queue.all(function (list) { showStatus(list, message); }); }

  function schedule() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      flush();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  // Sends what is waiting, one at a time; stops at the first that cannot get through.
  function flush() {
    if (flushing) return;
    flushing = true;
    queue.all(function (list) {
      var todo = list.filter(function (r) { return !r.errors; });
      (function next(i) {
        if (i >= todo.length) {
          flushing = false;
          retryDelay = 5000;
          return refresh();
        }
        var rec = todo[i];
        post(rec.action, rec.data, function (code, json) {
          if (code === 201 || code === 409) {
            if (ls) ls.setItem(SENT, String(sentCount() + 1));
            queue.remove(rec.id, function () { refresh(); next(i + 1); });
          } else if (retryable(code)) {
            flushing = false;
            refresh();
            schedule();
          } else {
            rec.errors = (json && json.errors) || { _: (json && json.message) || ("HTTP " + code) };
            queue.put(rec, function () { next(i + 1); });
          }
        });
      })(0);
    });
  }

  if (!form) {
    // Pages without a form (the thank-you page) still send what waits.
    queue.all(function (list) { if (list.length) flush(); });
    return;
  }

  var formId = form.getAttribute("data-form");
  var idInput = form.querySelector('input[name="submission_id"]');
  var jobInput = form.querySelector('input[name="job"]');
  var draftKey = DRAFT + formId + (jobInput && jobInput.value ? "." + jobInput.value : "");

  status = el("div", "", "queue");
  status.id = "queue-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.hidden = true;
  form.parentNode.insertBefore(status, form);

  function values() {
    var out = {};
    for (var i = 0; i < form.elements.length; i++) {
      var e = form.elements[i];
      if (!e.name || e.disabled) continue;
      if ((e.type === "checkbox" || e.type === "radio") && !e.checked) continue;
      if (e.type === "submit" || e.type === "button") continue;
      (out[e.name] = out[e.name] || []).push(e.value);
    }
    return out;
  }

  function fill(data) {
    for (var i = 0; i < form.elements.length; i++) {
      var e = form.elements[i];
      if (!e.name || SKIP[e.name] || !data.hasOwnProperty(e.name)) continue;
      var vs = data[e.name];
      if (e.type === "checkbox" || e.type === "radio") {
        e.checked = vs.indexOf(e.value) >= 0;
      } else if (e.type !== "submit" && e.type !== "button") {
        e.value = vs[0] || "";
      }
    }
  }

  function saveDraft() {
    if (!ls) return;
    var v = values();
    delete v.started;
    delete v.website;
    try { ls.setItem(draftKey, JSON.stringify(v)); } catch (e) { /* storage full */ }
  }

  function clearDraft() { if (ls) ls.removeItem(draftKey); }

  // Empties the form for the next one (keeping the names in "keep") with a new id.
  function clearFields(keep) {
    for (var i = 0; i < form.elements.length; i++) {
      var e = form.elements[i];
      if (!e.name || SKIP[e.name] || keep[e.name] || e.type === "hidden") continue;
      if (e.type === "checkbox" || e.type === "radio") e.checked = false;
      else if (e.type !== "submit" && e.type !== "button") e.value = "";
    }
    if (idInput) newId(idInput);
  }

  // Restore what was typed last time, unless the service has just sent the form back with
  // its own copy of the values (and the problems found).
  var restored = false;
  if (ls && !form.getAttribute("data-returned")) {
    var draft = null;
    try { draft = JSON.parse(ls.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (draft) {
      fill(draft);
      restored = true;
    }
  }
  if (idInput && !idInput.value) newId(idInput);
  if (form.getAttribute("data-returned")) saveDraft();
  if (restored) {
    var note = el("p", "已恢复您上次填写但还没提交的内容。", "draft-note");
    var clear = el("button", "清空重填", "button secondary");
    clear.type = "button";
    clear.onclick = function () {
      clearDraft();
      clearFields({});
      note.parentNode.removeChild(note);
    };
    note.appendChild(document.createTextNode(" "));
    note.appendChild(clear);
    form.insertBefore(note, form.firstChild);
  }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  // Puts a form that failed its checks in the queue back into the page.
  function takeBackInvalid() {
    queue.all(function (list) {
      for (var i = 0; i < list.length; i++) {
        if (list[i].errors && list[i].form === formId) {
          var rec = list[i];
          fill(rec.data);
          saveDraft();
          return queue.remove(rec.id, function () {
            refresh("已取出一份，请按提示修改后再点提交。");
          });
        }
      }
      for (var j = 0; j < list.length; j++) {
        if (list[j].errors) return refresh("这份需要在“" + list[j].title + "”页面修改。");
      }
      refresh();
    });
  }

  var sending = false;
  form.addEventListener("submit", function (ev) {
    if (form.getAttribute("data-native")) return;
    ev.preventDefault();
    if (sending) return;
    sending = true;
    if (idInput && !idInput.value) newId(idInput);
    saveDraft();
    var data = values();
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    post(form.action, data, function (code, json) {
      sending = false;
      if (button) button.disabled = false;
      if (code === 201 || code === 409) {
        clearDraft();
        location.href = "/forms/" + formId + "/thanks/";
      } else if (code === 422) {
        // The service draws the problems next to their fields: send the form as a plain post.
        if (ls) ls.setItem(PENDING, draftKey);
        form.setAttribute("data-native", "1");
        form.submit();
      } else if (retryable(code)) {
        var title = (document.querySelector("h1") || {}).textContent || "";
        queue.put({ id: data.submission_id ? data.submission_id[0] : uuid(), form: formId, title: title, action: form.action, data: data, queued: new Date().getTime() }, function () {
          clearDraft();
          // The next survey is usually by the same person in the same village.
          clearFields({ surveyor: 1, township: 1, village: 1, community_type: 1 });
          window.scrollTo(0, 0);
          refresh("暂时连不上网络，这份已保存在本机，来网后自动发送。可以接着填下一份。");
          schedule();
        });
      } else {
        refresh("提交没有成功：" + ((json && json.message) || ("错误 " + code)) + "。您填的内容还在，请稍后再试或打电话给我们。");
      }
    });
  });

  window.addEventListener("online", function () { retryDelay = 5000; flush(); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) flush(); });
  queue.all(function (list) {
    showStatus(list);
    if (list.length) flush();
  });

  if (OFFLINE_FORMS[formId] && "serviceWorker" in navigator) {
    try { navigator.serviceWorker.register("/forms/sw.js"); } catch (e) { /* no offline copy */ }
  }
})();
