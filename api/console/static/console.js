/* Lineside console: stream a chat turn (POST, read its Server-Sent Events) into the page. */
(function () {
  "use strict";

  function append(target, html) {
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const added = Array.from(holder.children);
    while (holder.firstChild) target.appendChild(holder.firstChild);
    // Cards that arrive in a turn carry htmx forms (approve, reject): wire them up too.
    if (window.htmx) added.forEach((el) => window.htmx.process(el));
  }

  async function streamTurn(form) {
    const conversation = document.getElementById("conversation");
    const status = document.getElementById("ask-status");
    const box = form.querySelector("textarea[name=message]");
    const button = form.querySelector("button[type=submit]");
    const message = box.value.trim();
    if (!message) return;
    const mine = document.createElement("div");
    mine.className = "msg user";
    mine.innerHTML = '<span class="who-label">You</span><p></p>';
    mine.querySelector("p").textContent = message;
    conversation.appendChild(mine);
    const turn = document.createElement("div");
    turn.className = "turn";
    turn.setAttribute("aria-busy", "true");
    conversation.appendChild(turn);
    box.value = "";
    button.disabled = true;
    status.textContent = "Lineside is working on it…";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams({ message: message, csrf: document.body.dataset.csrf }),
        headers: { "X-CSRF-Token": document.body.dataset.csrf, Accept: "text/event-stream" },
        credentials: "same-origin",
      });
      if (!response.ok || !response.body) throw new Error(await response.text());
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
          if (!data) continue;
          const event = JSON.parse(data);
          const working = turn.querySelector(".step.muted");
          if (working && event.done) working.remove();
          append(turn, event.html);
        }
      }
      status.textContent = "Answered.";
    } catch (error) {
      append(turn, '<p class="error" role="alert"></p>');
      turn.lastChild.textContent = "The message could not be sent: " + error.message;
      status.textContent = "";
    } finally {
      turn.removeAttribute("aria-busy");
      button.disabled = false;
      box.focus();
    }
  }

  document.addEventListener("submit", function (e) {
    const form = e.target;
    if (form.id === "ask" && window.fetch && window.TextDecoderStream) {
      e.preventDefault();
      streamTurn(form);
    }
  });
  document.addEventListener("keydown", function (e) {
    // Enter sends, Shift+Enter is a new line: as in every chat box.
    if (e.target.id === "message" && e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      e.target.form.requestSubmit();
    }
  });
})();
