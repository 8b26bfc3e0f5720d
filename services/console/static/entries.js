/*
 * The committee's forms (daily report, amendment, purchase, survey) on a tablet whose
 * connection comes and goes. Hand-written, no build step, loaded from the console itself
 * (the Content-Security-Policy allows same-origin scripts only, no inline script).
 *
 * Each entry is kept in localStorage BEFORE it is sent, under the id its form carries
 * (entry_id, a UUID: the kitchens service applies an id once and answers a resend with the
 * first result). It is forgotten only when the console answers that it was recorded, or
 * that it was refused for a reason sending again cannot fix (then the refusal is shown and
 * kept on screen until the committee says she has read it). No answer at all (no network,
 * an answer lost on the way, the service down, a session that ended) means the entry waits
 * and is sent again: when the browser says it is online, when a page with these forms
 * loads, every half minute, and when she asks. The words shown come from the page's data
 * attributes (labels/kitchens.py); this file has none of its own.
 *
 * Without JavaScript, or when the tablet cannot store the entry, the form posts as a plain
 * form and the console answers with a page, as before.
 *
 * It also registers entries_worker.js, which keeps a copy of the form pages opened, so that
 * the committee can reopen one with no connection.
 */
(function () {
  "use strict";
  var WAITING = "kitchen-entries-waiting-v1";
  var REFUSED = "kitchen-entries-refused-v1";
  var RETRY_EVERY_MS = 30000;
  var busy = false;

  function panel() {
    return document.getElementById("entries");
  }
  if (!panel() || !window.fetch || !window.localStorage || !window.crypto) {
    return;
  }

  function read(key) {
    try {
      var list = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (error) {
      return [];
    }
  }

  function write(key, list) {
    localStorage.setItem(key, JSON.stringify(list));
  }

  function ofThisKitchen(list) {
    var kitchen = panel().dataset.kitchen;
    return list.filter(function (item) { return item.kitchen === kitchen; });
  }

  function words(name, values) {
    var text = panel().dataset[name] || "";
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? values[key] : "";
    });
  }

  function newEntryId() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function dayInWords(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) {
      return "";
    }
    var day = new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
    return new Intl.DateTimeFormat(panel().dataset.locale, {
      weekday: "long", day: "numeric", month: "long", year: "numeric"
    }).format(day);
  }

  function money(typed) {
    var amount = Number(String(typed || "").replace(/,/g, ""));
    if (!isFinite(amount)) {
      return typed;
    }
    return new Intl.NumberFormat(panel().dataset.locale, {
      style: "currency", currency: "MXN"
    }).format(amount);
  }

  function describe(entry) {
    var field = {};
    entry.fields.forEach(function (pair) { field[pair[0]] = pair[1]; });
    var kind = "kind" + entry.kind.charAt(0).toUpperCase() + entry.kind.slice(1);
    return words(kind, {
      day: dayInWords(field.report_date || field.purchased_on || field.surveyed_on),
      rations: String((Number(field.rations_dine_in) || 0) + (Number(field.rations_take_away) || 0)),
      supplier: field.supplier || "",
      amount: money(field.amount_pesos)
    });
  }

  /* Kept before anything is sent; the session's CSRF token is not kept but taken from the
     page when sending, so an entry outlives a session that ended. */
  function keep(form) {
    var id = form.elements.entry_id;
    if (!/^[0-9a-f-]{36}$/i.test(id.value)) {
      id.value = newEntryId();
    }
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") {
        fields.push([name, value]);
      }
    });
    var entry = {
      id: id.value,
      kitchen: panel().dataset.kitchen,
      kind: form.dataset.entry,
      action: form.getAttribute("action"),
      fields: fields
    };
    var waiting = read(WAITING).filter(function (item) { return item.id !== entry.id; });
    waiting.push(entry);
    write(WAITING, waiting);
    return entry;
  }

  function forget(entry) {
    write(WAITING, read(WAITING).filter(function (item) { return item.id !== entry.id; }));
  }

  function reasonIn(page) {
    var found = page && page.querySelector("#refused, main .problem");
    if (!found) {
      return words("refusedUnknown");
    }
    var title = found.querySelector("strong");
    var text = found.textContent.replace(title ? title.textContent : "", "");
    return text.replace(/\s+/g, " ").trim() || words("refusedUnknown");
  }

  function refuse(entry, page) {
    var refused = read(REFUSED);
    refused.push({ kitchen: entry.kitchen, entry: describe(entry), reason: reasonIn(page) });
    write(REFUSED, refused);
  }

  /* What the console's answer means for a kept entry: recorded (forget it), refused for a
     reason sending again cannot fix (409, 422, 404: forget it and show why), the session
     ended or changed (403, or sent to sign in: keep it), or anything else (keep it). */
  function judge(response) {
    var type = response.headers.get("content-type") || "";
    if (response.ok && type.indexOf("application/json") === 0) {
      return response.json().then(function (answer) {
        return answer.recorded ? { outcome: "recorded", next: answer.next } : { outcome: "wait" };
      });
    }
    if (response.status === 409 || response.status === 422 || response.status === 404) {
      return response.text().then(function (html) {
        return { outcome: "refused", page: new DOMParser().parseFromString(html, "text/html") };
      });
    }
    var signIn = response.redirected && new URL(response.url).pathname === "/sign-in";
    return { outcome: signIn || response.status === 403 ? "signed-out" : "wait" };
  }

  function send(entry) {
    var body = new URLSearchParams(entry.fields);
    var token = document.querySelector("input[name=csrf_token]");
    body.set("csrf_token", token ? token.value : "");
    return fetch(entry.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(judge).catch(function () { return { outcome: "wait" }; });
  }

  function fill(list, texts) {
    list.textContent = "";
    texts.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
  }

  /* After a refusal the page may be the console's error page, which has no panel. */
  function show(state) {
    if (!panel()) {
      return;
    }
    var waiting = ofThisKitchen(read(WAITING));
    var box = document.getElementById("entries-waiting");
    box.hidden = waiting.length === 0;
    document.getElementById("entries-count").textContent = waiting.length === 1
      ? words("waitingOne") : words("waitingMany", { count: String(waiting.length) });
    document.getElementById("entries-note").textContent =
      words(state === "signed-out" ? "signIn" : "waitingNote");
    fill(document.getElementById("entries-list"), waiting.map(describe));
    var refused = ofThisKitchen(read(REFUSED));
    document.getElementById("entries-refused").hidden = refused.length === 0;
    fill(document.getElementById("entries-refused-list"), refused.map(function (item) {
      return words("refused", { entry: item.entry, reason: item.reason });
    }));
  }

  function showSent(count) {
    var notice = document.getElementById("entries-sent");
    notice.textContent = count === 1 ? words("sentOne") : words("sentMany", { count: String(count) });
    notice.hidden = false;
  }

  /* Sends what waits for this kitchen, oldest first (a report before its amendment); stops
     at the first entry that must wait, since the ones after it would wait too. */
  function sendWaiting() {
    var waiting = panel() ? ofThisKitchen(read(WAITING)) : [];
    if (busy || waiting.length === 0) {
      return Promise.resolve();
    }
    busy = true;
    var sent = 0;
    var state = "wait";
    function next(index) {
      if (index >= waiting.length) {
        return Promise.resolve();
      }
      var entry = waiting[index];
      return send(entry).then(function (result) {
        state = result.outcome;
        if (result.outcome === "recorded" || result.outcome === "refused") {
          forget(entry);
          if (result.outcome === "refused") {
            refuse(entry, result.page);
          } else {
            sent += 1;
          }
          return next(index + 1);
        }
        return undefined;
      });
    }
    return next(0).then(function () {
      busy = false;
      show(state);
      if (sent > 0) {
        showSent(sent);
      }
    });
  }

  /* The page's answer to a refused entry just sent: the form again, with what was typed and
     the refusal under its field, in place of the page's main part. */
  function showPage(page) {
    var main = page.querySelector("main");
    if (main) {
      document.querySelector("main").replaceWith(document.adoptNode(main));
      document.title = page.title;
    }
    show();
  }

  function sendNow(form, entry) {
    busy = true;
    send(entry).then(function (result) {
      busy = false;
      if (result.outcome === "recorded") {
        forget(entry);
        window.location.assign(result.next);
      } else if (result.outcome === "refused") {
        forget(entry);
        showPage(result.page);
      } else {
        form.reset();
        form.elements.entry_id.value = newEntryId();
        document.getElementById("entries-sent").hidden = true;
        show(result.outcome);
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-entry]") || !form.elements.entry_id) {
      return;
    }
    var entry;
    try {
      entry = keep(form);
    } catch (error) {
      return; /* nowhere to keep it: the form posts as a plain form */
    }
    event.preventDefault();
    sendNow(form, entry);
  });

  document.addEventListener("click", function (event) {
    if (event.target.id === "entries-send") {
      sendWaiting();
    } else if (event.target.id === "entries-dismiss") {
      var kitchen = panel().dataset.kitchen;
      write(REFUSED, read(REFUSED).filter(function (item) { return item.kitchen !== kitchen; }));
      show();
    }
  });

  /* A page opened from the service worker's copy carries the id it was first rendered with:
     each page gets new ones, so two entries typed on two openings stay two. */
  Array.prototype.forEach.call(document.querySelectorAll("form[data-entry]"), function (form) {
    if (form.elements.entry_id) {
      form.elements.entry_id.value = newEntryId();
    }
  });
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register("/kitchens/entries-worker.js", { scope: "/kitchens/" })
      .catch(function () { return undefined; });
  }
  window.addEventListener("online", sendWaiting);
  window.setInterval(sendWaiting, RETRY_EVERY_MS);
  show();
  sendWaiting();
})();
